package org.kratomwatch.ingest.openfda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.caers.CaersCodes;
import org.kratomwatch.ingest.model.IcsrCodes;
import org.kratomwatch.ingest.io.InputFiles;
import org.kratomwatch.ingest.io.ReadSummary;
import org.kratomwatch.ingest.io.Tally;
import org.kratomwatch.ingest.model.Origin;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.ReportSink;

/**
 * Reads openFDA adverse-event JSON as a stream (Jackson's streaming {@link JsonParser}; no tree of
 * the file or of a report is ever built): API pages and bulk-download partitions
 * ({@code {"meta": …, "results": [report, …]}}), bare arrays of results, or a single result object;
 * from a file, a folder of {@code .json} files, or zips of them ({@code drug-event-0001-of-0030.json.zip}).
 *
 * <h2>Two result forms</h2>
 * <ul>
 *   <li><b>drug/event</b> (has {@code safetyreportid}): source {@link Source#OPENFDA}. See the
 *       package documentation for the field mapping.</li>
 *   <li><b>food/event</b> (has {@code report_number}; openFDA's rendering of CAERS): source
 *       {@link Source#CAERS}, mapped like {@link org.kratomwatch.ingest.caers.CaersReader} maps the
 *       CSV export, so that the two give the same case keys.</li>
 * </ul>
 *
 * <h2>Records and accounting</h2>
 * A <em>record</em> is one element of {@code results} (or of a top-level array, or a top-level
 * result object), numbered from 1 in its file: {@link Origin} is {@code file#n} (unit RECORD). Each
 * record ends in exactly one sink call: a report, or a quarantine item — INVALID_JSON (not an
 * object, a field of the wrong JSON type), MISSING_ID, BAD_NUMBER ({@code safetyreportversion}),
 * BAD_DATE (a malformed {@code receivedate}; a missing one gives a null month). JSON that is not
 * well formed ends the file: the record being read (or, between records, the next position) becomes
 * one INVALID_JSON item naming the parser's line and column, and reading goes on with the next file
 * (resynchronising inside broken JSON would guess at record boundaries); bytes that are not UTF-8
 * end it the same way as one BROKEN_ENCODING item, and a value beyond the parser's limits (a string
 * of 20 million characters) as one OTHER item. A file that is not an
 * openFDA document at all (empty, a scalar, an API error object) is one INVALID_JSON record at
 * position 0; a damaged zip is one TRUNCATED_ARCHIVE record at position 0. Openfda has no
 * retractions. So {@code reports + quarantined == records} for every call ({@link ReadSummary#balanced()}).
 *
 * <h2>Memory</h2>
 * One report's fields at a time (its drug and reaction lists) plus the parser's buffers; nothing
 * grows with the file. Thread-safe: no state between calls.
 */
public final class OpenFdaReader {

    static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final String fallbackDataPeriod;

    /** A reader that leaves the data period null for reports without a received date. */
    public OpenFdaReader() {
        this(null);
    }

    /**
     * @param fallbackDataPeriod data period ({@code YYYYQn}) for reports without a usable received
     *                           date, or null to leave it null
     */
    public OpenFdaReader(String fallbackDataPeriod) {
        if (fallbackDataPeriod != null && !fallbackDataPeriod.matches("\\d{4}Q[1-4]")) {
            throw new IllegalArgumentException("not a data period YYYYQn: " + fallbackDataPeriod);
        }
        this.fallbackDataPeriod = fallbackDataPeriod;
    }

    /**
     * Reads a {@code .json} file, a zip of them, or a folder (recursively: {@code .json} files and
     * the {@code .json} entries of zips, in path order).
     *
     * @throws org.kratomwatch.ingest.UnreadableInputException when the input is missing, unreadable,
     *                                                         not a zip although named so, or holds
     *                                                         no JSON file
     */
    public ReadSummary read(Path input, ReportSink sink) {
        Tally tally = new Tally(sink);
        InputFiles.forEach(input, InputFiles.suffixes(".json"), new InputFiles.Visitor() {
            @Override
            public void member(InputFiles.Member m) {
                tally.file();
                try (InputStream in = m.open()) {
                    new Document(m.name(), m.inArchive(), tally).read(in);
                } catch (IOException e) {
                    fileFailure(tally, m.name(), m.inArchive() ? QuarantineReason.TRUNCATED_ARCHIVE : QuarantineReason.OTHER,
                            "cannot read: " + InputFiles.oneLine(e));
                }
            }

            @Override
            public void archiveFailure(String archiveName, String message) {
                tally.file();
                fileFailure(tally, archiveName, QuarantineReason.TRUNCATED_ARCHIVE, message);
            }
        });
        return tally.summary();
    }

    /**
     * Reads one JSON document from a stream (an API response body, say); the stream is not closed.
     *
     * @param fileName the name for {@link Origin}
     */
    public ReadSummary read(String fileName, InputStream json, ReportSink sink) {
        Tally tally = new Tally(sink);
        tally.file();
        new Document(fileName, false, tally).read(json);
        return tally.summary();
    }

    private static void fileFailure(Tally tally, String file, QuarantineReason reason, String message) {
        tally.record();
        tally.quarantine(new QuarantineItem(Source.OPENFDA, Origin.record(file, 0), reason, message, null));
    }

    /** The parse of one document. */
    private final class Document {

        private final String file;
        private final boolean archived;
        private final Tally tally;
        private long index;
        private boolean inRecord;

        Document(String file, boolean archived, Tally tally) {
            this.file = file;
            this.archived = archived;
            this.tally = tally;
        }

        void read(InputStream in) {
            try (JsonParser p = JSON.createParser(in)) {
                p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    readResults(p);
                } else if (t == JsonToken.START_OBJECT) {
                    readRoot(p);
                } else {
                    fileFailure(tally, file, QuarantineReason.INVALID_JSON,
                            t == null ? "empty file, not an openFDA document" : "not an openFDA document: the top level is a " + t.asString());
                    return;
                }
                if (p.nextToken() != null) {
                    throw new com.fasterxml.jackson.core.JsonParseException(p, "content after the end of the document");
                }
            } catch (JsonProcessingException e) {
                String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
                String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "");
                QuarantineReason reason;
                String what;
                if (e instanceof StreamConstraintsException) {
                    reason = QuarantineReason.OTHER;
                    what = "JSON beyond the parser's limits";
                } else if (why.startsWith("Invalid UTF-8")) { // Jackson's words for bytes that are not UTF-8
                    reason = QuarantineReason.BROKEN_ENCODING;
                    what = "bytes that are not UTF-8 text";
                } else {
                    reason = QuarantineReason.INVALID_JSON;
                    what = "invalid JSON";
                }
                broken(reason, what + where + ": " + InputFiles.oneLine(new Exception(why)));
            } catch (IOException e) {
                broken(archived ? QuarantineReason.TRUNCATED_ARCHIVE : QuarantineReason.OTHER,
                        (archived ? "damaged archive member: " : "read error: ") + InputFiles.oneLine(e));
            }
        }

        /** The file ends here: the record being read, or the next one, is quarantined. */
        private void broken(QuarantineReason reason, String message) {
            if (!inRecord) {
                index++;
                tally.record();
            }
            inRecord = false;
            tally.quarantine(new QuarantineItem(Source.OPENFDA, Origin.record(file, index), reason,
                    message + "; the rest of the file is not read", null));
        }

        /** At the root START_OBJECT: meta, results, or the fields of a single result. */
        private void readRoot(JsonParser p) throws IOException {
            Result single = null;
            String error = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if ("meta".equals(f)) {
                    p.skipChildren();
                } else if ("results".equals(f)) {
                    if (v == JsonToken.START_ARRAY) {
                        readResults(p);
                    } else if (v == JsonToken.START_OBJECT) {
                        readResult(p);
                    } else {
                        begin();
                        end(null, "results: expected an array, found " + v.asString());
                    }
                } else if ("error".equals(f) && single == null) {
                    error = "openFDA error response";
                    if (v == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String ef = p.currentName();
                            p.nextToken();
                            if ("code".equals(ef) && p.currentToken().isScalarValue()) {
                                error = "openFDA error response " + p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                } else {
                    if (single == null) {
                        begin();
                        single = new Result();
                    }
                    single.field(f, p);
                }
            }
            if (single != null) {
                end(single, null);
            } else if (error != null && index == 0) {
                fileFailure(tally, file, QuarantineReason.INVALID_JSON, error + ", no results");
            }
        }

        /** At START_ARRAY of results. */
        private void readResults(JsonParser p) throws IOException {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input inside results");
                }
                if (t == JsonToken.START_OBJECT) {
                    readResult(p);
                } else {
                    begin();
                    p.skipChildren();
                    end(null, "result is not an object but a " + t.asString());
                }
            }
        }

        /** At a result's START_OBJECT. */
        private void readResult(JsonParser p) throws IOException {
            begin();
            Result r = new Result();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                r.field(f, p);
            }
            end(r, null);
        }

        private void begin() {
            index++;
            inRecord = true;
            tally.record();
        }

        private void end(Result r, String invalid) {
            inRecord = false;
            Origin origin = Origin.record(file, index);
            if (invalid != null) {
                tally.quarantine(new QuarantineItem(Source.OPENFDA, origin, QuarantineReason.INVALID_JSON, invalid, null));
                return;
            }
            r.emit(origin, tally);
        }
    }

    /** The fields of one result, both forms. */
    private final class Result {

        private String invalid;
        // drug/event
        private String id;
        private String version;
        private String receivedate;
        private String receiptdate;
        private String serious;
        private final EnumSet<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
        private String occurcountry;
        private String primarysourcecountry;
        private String reportercountry;
        private String qualification;
        private String age;
        private String ageUnit;
        private String sex;
        private final List<RawDrug> drugs = new ArrayList<>();
        private final List<String> reactions = new ArrayList<>();
        private String narrative;
        // food/event
        private String reportNumber;
        private String dateCreated;
        private String consumerAgeUnit;
        private List<String> caersOutcomes;

        void field(String f, JsonParser p) throws IOException {
            switch (f) {
                case "safetyreportid" -> id = scalar(p, f);
                case "safetyreportversion" -> version = scalar(p, f);
                case "receivedate" -> receivedate = scalar(p, f);
                case "receiptdate" -> receiptdate = scalar(p, f);
                case "serious" -> serious = scalar(p, f);
                case "seriousnessdeath" -> flag(p, f, Outcome.DEATH);
                case "seriousnesslifethreatening" -> flag(p, f, Outcome.LIFE_THREATENING);
                case "seriousnesshospitalization" -> flag(p, f, Outcome.HOSPITALIZATION);
                case "seriousnessdisabling" -> flag(p, f, Outcome.DISABILITY);
                case "seriousnesscongenitalanomali" -> flag(p, f, Outcome.CONGENITAL_ANOMALY);
                case "seriousnessother" -> flag(p, f, Outcome.OTHER_SERIOUS);
                case "occurcountry" -> occurcountry = scalar(p, f);
                case "primarysourcecountry" -> primarysourcecountry = scalar(p, f);
                case "primarysource" -> primarySource(p);
                case "patient" -> patient(p);
                case "report_number" -> reportNumber = scalar(p, f);
                case "date_created" -> dateCreated = scalar(p, f);
                case "consumer" -> consumer(p);
                case "products" -> products(p);
                case "reactions" -> strings(p, f, reactions);
                case "outcomes" -> {
                    caersOutcomes = new ArrayList<>(4);
                    strings(p, f, caersOutcomes);
                }
                default -> p.skipChildren();
            }
        }

        private String scalar(JsonParser p, String f) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (t.isScalarValue()) {
                String s = p.getText().trim();
                return s.isEmpty() ? null : s;
            }
            invalid(f + ": expected a value, found " + (t == JsonToken.START_OBJECT ? "an object" : "an array"));
            p.skipChildren();
            return null;
        }

        private void invalid(String message) {
            if (invalid == null) {
                invalid = message;
            }
        }

        private void flag(JsonParser p, String f, Outcome o) throws IOException {
            if ("1".equals(scalar(p, f))) {
                outcomes.add(o);
            }
        }

        /** At the current token: true when it opens an object, else records the type error and skips. */
        private boolean object(JsonParser p, String f) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT) {
                return true;
            }
            if (t != JsonToken.VALUE_NULL) {
                invalid(f + ": expected an object");
                p.skipChildren();
            }
            return false;
        }

        private boolean array(JsonParser p, String f) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_ARRAY) {
                return true;
            }
            if (t != JsonToken.VALUE_NULL) {
                invalid(f + ": expected an array");
                p.skipChildren();
            }
            return false;
        }

        private void primarySource(JsonParser p) throws IOException {
            if (p.currentToken() == JsonToken.START_ARRAY) {
                // tolerated: several primary sources; the first one counts
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (qualification == null && reportercountry == null && p.currentToken() == JsonToken.START_OBJECT) {
                        primarySource(p);
                    } else {
                        p.skipChildren();
                    }
                }
                return;
            }
            if (!object(p, "primarysource")) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "qualification" -> qualification = scalar(p, "primarysource.qualification");
                    case "reportercountry" -> reportercountry = scalar(p, "primarysource.reportercountry");
                    default -> p.skipChildren();
                }
            }
        }

        private void patient(JsonParser p) throws IOException {
            if (!object(p, "patient")) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "patientonsetage" -> age = scalar(p, "patient.patientonsetage");
                    case "patientonsetageunit" -> ageUnit = scalar(p, "patient.patientonsetageunit");
                    case "patientsex" -> sex = scalar(p, "patient.patientsex");
                    case "drug" -> {
                        if (array(p, "patient.drug")) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                drug(p);
                            }
                        }
                    }
                    case "reaction" -> {
                        if (array(p, "patient.reaction")) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                reaction(p);
                            }
                        }
                    }
                    case "summary" -> summary(p);
                    default -> p.skipChildren();
                }
            }
        }

        private void drug(JsonParser p) throws IOException {
            if (!object(p, "patient.drug[]")) {
                return;
            }
            String name = null;
            String role = null;
            StringBuilder substances = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                switch (f) {
                    case "medicinalproduct" -> name = scalar(p, "patient.drug.medicinalproduct");
                    case "drugcharacterization" -> role = scalar(p, "patient.drug.drugcharacterization");
                    case "activesubstance" -> {
                        if (v == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                substances = substance(p, substances);
                            }
                        } else {
                            substances = substance(p, substances);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            String ai = substances == null ? null : substances.toString();
            if (name == null) {
                name = ai;
            }
            if (name != null) {
                drugs.add(new RawDrug(name, ai, IcsrCodes.characterization(role)));
            }
        }

        /** activesubstance: {"activesubstancename": "..."}; several are joined with {@code \}, as FAERS does. */
        private StringBuilder substance(JsonParser p, StringBuilder acc) throws IOException {
            if (!object(p, "patient.drug.activesubstance")) {
                return acc;
            }
            StringBuilder out = acc;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if ("activesubstancename".equals(f)) {
                    String s = scalar(p, "patient.drug.activesubstance.activesubstancename");
                    if (s != null) {
                        out = out == null ? new StringBuilder(s) : out.append('\\').append(s);
                    }
                } else {
                    p.skipChildren();
                }
            }
            return out;
        }

        private void reaction(JsonParser p) throws IOException {
            if (!object(p, "patient.reaction[]")) {
                return;
            }
            String pt = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if ("reactionmeddrapt".equals(f)) {
                    pt = scalar(p, "patient.reaction.reactionmeddrapt");
                } else {
                    p.skipChildren();
                }
            }
            if (pt != null) {
                reactions.add(pt);
            }
        }

        private void summary(JsonParser p) throws IOException {
            if (!object(p, "patient.summary")) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if ("narrativeincludeclinical".equals(f)) {
                    narrative = scalar(p, "patient.summary.narrativeincludeclinical");
                } else {
                    p.skipChildren();
                }
            }
        }

        private void consumer(JsonParser p) throws IOException {
            if (!object(p, "consumer")) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "age" -> age = scalar(p, "consumer.age");
                    case "age_unit" -> consumerAgeUnit = scalar(p, "consumer.age_unit");
                    case "gender" -> sex = scalar(p, "consumer.gender");
                    default -> p.skipChildren();
                }
            }
        }

        private void products(JsonParser p) throws IOException {
            if (!array(p, "products")) {
                return;
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (!object(p, "products[]")) {
                    continue;
                }
                String name = null;
                String role = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    switch (f) {
                        case "name_brand" -> name = scalar(p, "products.name_brand");
                        case "role" -> role = scalar(p, "products.role");
                        default -> p.skipChildren();
                    }
                }
                if (name != null) {
                    drugs.add(new RawDrug(name, null, CaersCodes.role(role)));
                }
            }
        }

        private void strings(JsonParser p, String f, List<String> into) throws IOException {
            if (!array(p, f)) {
                return;
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String s = scalar(p, f + "[]");
                if (s != null) {
                    into.add(s);
                }
            }
        }

        void emit(Origin origin, ReportSink sink) {
            Source source = id == null && reportNumber != null ? Source.CAERS : Source.OPENFDA;
            if (invalid != null) {
                sink.quarantine(new QuarantineItem(source, origin, QuarantineReason.INVALID_JSON, invalid, null));
                return;
            }
            if (source == Source.CAERS) {
                emitFood(origin, sink);
                return;
            }
            if (id == null) {
                sink.quarantine(new QuarantineItem(source, origin, QuarantineReason.MISSING_ID,
                        "no safetyreportid (nor report_number): not an openFDA report", null));
                return;
            }
            long v = 1;
            if (version != null) {
                v = IcsrCodes.wholeNumber(version);
                if (v < 0) {
                    sink.quarantine(new QuarantineItem(source, origin, QuarantineReason.BAD_NUMBER,
                            "safetyreportversion is not a non-negative integer", "safetyreportversion=" + version));
                    return;
                }
            }
            String dateField = receivedate != null ? "receivedate" : "receiptdate";
            String date = receivedate != null ? receivedate : receiptdate;
            YearMonth month;
            try {
                month = IcsrCodes.month(date);
            } catch (IllegalArgumentException e) {
                sink.quarantine(new QuarantineItem(source, origin, QuarantineReason.BAD_DATE,
                        dateField + ": " + e.getMessage(), dateField + "=" + date));
                return;
            }
            String country = IcsrCodes.country(reportercountry);
            if (country == null) {
                country = IcsrCodes.country(primarysourcecountry);
            }
            if (country == null) {
                country = IcsrCodes.country(occurcountry);
            }
            boolean isSerious = "1".equals(serious) || !outcomes.isEmpty();
            sink.report(new RawReport(source, id, v, month, period(month),
                    IcsrCodes.ageYears(age, ageUnit), IcsrCodes.sex(sex), IcsrCodes.qualification(qualification),
                    country, isSerious, outcomes, drugs, reactions, narrative, origin));
        }

        private void emitFood(Origin origin, ReportSink sink) {
            YearMonth month;
            try {
                month = CaersCodes.month(dateCreated);
            } catch (IllegalArgumentException e) {
                sink.quarantine(new QuarantineItem(Source.CAERS, origin, QuarantineReason.BAD_DATE,
                        "date_created: " + e.getMessage(), "date_created=" + dateCreated));
                return;
            }
            CaersCodes.Outcomes o = CaersCodes.outcomes(caersOutcomes == null ? List.of() : caersOutcomes);
            sink.report(new RawReport(Source.CAERS, reportNumber, 1, month, period(month),
                    CaersCodes.ageYears(age, consumerAgeUnit), CaersCodes.sex(sex), ReporterType.UNKNOWN,
                    null, o.isSerious(), o.serious(), drugs, reactions, null, origin));
        }

        private String period(YearMonth month) {
            String q = IcsrCodes.quarter(month);
            return q != null ? q : fallbackDataPeriod;
        }
    }
}
