package org.kratomwatch.ingest.caers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.model.IcsrCodes;
import org.kratomwatch.ingest.io.InputFiles;
import org.kratomwatch.ingest.io.ReadSummary;
import org.kratomwatch.ingest.io.Tally;
import org.kratomwatch.ingest.model.Origin;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.ReportSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads FDA CAERS CSV files (commons-csv, RFC 4180, UTF-8 with a byte-order mark tolerated and
 * undecodable bytes replaced by U+FFFD) from a file, a folder of {@code .csv} files, or zips of
 * them. The layout is recognized from the header; header names are compared ignoring case and
 * everything but letters and digits, so FDA's {@code RA_Report #} and R's {@code RA_Report..} are
 * the same column.
 *
 * <h2>Layouts</h2>
 * <ul>
 *   <li><b>wide</b> (FDA's public export; header has {@code RA_Report #}): one row per report ×
 *       product. Columns used, all optional but the report number: {@code RA_CAERS Created Date}
 *       (received month and data period; {@code M/d/yyyy}, {@code yyyy-MM-dd} or {@code yyyyMMdd}),
 *       {@code PRI_Product Role}, {@code PRI_Reported Brand/Product Name}, {@code CI_Age at Adverse
 *       Event} + {@code CI_Age Unit}, {@code CI_Gender}, {@code AEC_One Row Outcomes},
 *       {@code SYM_One Row Coded Symptoms}. Source {@link Source#CAERS}. {@code AEC_Event Start
 *       Date} is not used (exact dates never enter the model) and the industry code has no place in
 *       the model. Each row gives one drug line (its product and role); report-level fields are
 *       taken from the first row that has them, and the outcomes and symptoms of all the report's
 *       rows are merged (distinct, first-seen order).</li>
 *   <li><b>long</b> (openEBGM's form; header {@code id, var1, var2} and optionally a sex column
 *       {@code strat1} / {@code strat_gender} / {@code sex}): one row per (report, product, event).
 *       Drug lines are the report's distinct products (role UNKNOWN: the form has none), reactions
 *       its distinct events. Source {@link Source#PAIRS} (the schema's symbol for exactly this
 *       pre-aggregated form): it has no dates, roles, outcomes or ages, so it must not be mixed with
 *       full CAERS reports under the same key space.</li>
 * </ul>
 * CAERS has no case versions: every report is version 1. No reporter type or country exists in
 * CAERS (UNKNOWN / null). Outcomes and symptoms: see {@link CaersCodes}.
 *
 * <h2>Records and accounting</h2>
 * A <em>record</em> is a report group (all rows with one report number), plus each row that
 * belongs to no group: a row with the wrong number of fields (WRONG_COLUMN_COUNT), an empty
 * report number (MISSING_ID), or a repeat of the header line, as when two exports are joined
 * (DUPLICATE), each its own quarantine item. A group becomes one report, or one
 * BAD_DATE item when its created date is malformed (a missing one gives a null month). A CSV syntax
 * error (a quote never closed) ends the file as one OTHER item. Origins are physical lines (the
 * header is line 1; a report's origin is its first row). So {@code reports + quarantined == records}.
 *
 * <h2>Grouping and memory</h2>
 * FDA's export is sorted by report number, but the reader does not rely on it: a first pass (a
 * byte scan of the report-number column, several times faster than parsing) counts each report
 * number's rows; the second pass (commons-csv) emits a report as soon as all its rows are in.
 * Memory is therefore one map entry per report number of the file (about 100 bytes each: some
 * 20 MB for the whole CAERS export) plus the reports whose rows are still incomplete — one for a
 * sorted file, more only as far as the file is out of order. Rows are never held beyond their
 * report. Reports are emitted in the order of their last row (input order for a sorted file).
 * Thread-safe: no state between calls.
 */
public final class CaersReader {

    private static final Logger LOG = LoggerFactory.getLogger(CaersReader.class);

    /** Blank lines are read (as one empty field) and skipped here, so that line numbers stay exact. */
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

    /** Quarantine excerpts are cut to this many characters. */
    private static final int EXCERPT_CHARS = 200;

    private final String fallbackDataPeriod;

    /** A reader that leaves the data period null for reports without a created date (long form). */
    public CaersReader() {
        this(null);
    }

    /**
     * @param fallbackDataPeriod data period ({@code YYYYQn}) for reports without a usable created
     *                           date (every report of the long form), or null to leave it null
     */
    public CaersReader(String fallbackDataPeriod) {
        if (fallbackDataPeriod != null && !fallbackDataPeriod.matches("\\d{4}Q[1-4]")) {
            throw new IllegalArgumentException("not a data period YYYYQn: " + fallbackDataPeriod);
        }
        this.fallbackDataPeriod = fallbackDataPeriod;
    }

    /**
     * Reads a CAERS CSV file, a zip of them, or a folder (recursively, {@code .csv} files and the
     * {@code .csv} entries of zips, in path order).
     *
     * @throws UnreadableInputException when the input is missing or unreadable, holds no CSV, or a
     *                                  file's header is neither CAERS layout
     */
    public ReadSummary read(Path input, ReportSink sink) {
        Tally tally = new Tally(sink);
        InputFiles.forEach(input, InputFiles.suffixes(".csv"), new InputFiles.Visitor() {
            @Override
            public void member(InputFiles.Member m) {
                tally.file();
                new FileRead(m, tally).run();
            }

            @Override
            public void archiveFailure(String archiveName, String message) {
                tally.file();
                tally.record();
                tally.quarantine(new QuarantineItem(Source.CAERS, Origin.line(archiveName, 0),
                        QuarantineReason.TRUNCATED_ARCHIVE, message, null));
            }
        });
        return tally.summary();
    }

    private enum Layout { WIDE, LONG }

    /** Column positions of a header; -1 where absent. */
    private record Columns(Layout layout, int size, int id, int created, int role, int product, int age, int ageUnit,
            int sex, int outcomes, int symptoms, int event, List<String> names) {

        static Columns of(String file, List<String> header) {
            Map<String, Integer> pos = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                pos.putIfAbsent(key(header.get(i)), i);
            }
            if (pos.containsKey("rareport")) {
                return new Columns(Layout.WIDE, header.size(), pos.get("rareport"), at(pos, "racaerscreateddate"),
                        at(pos, "priproductrole"), at(pos, "prireportedbrandproductname"), at(pos, "ciageatadverseevent"),
                        at(pos, "ciageunit"), at(pos, "cigender"), at(pos, "aeconerowoutcomes"),
                        at(pos, "symonerowcodedsymptoms"), -1, header);
            }
            int product = first(pos, "var1", "drug", "product");
            int event = first(pos, "var2", "event");
            if (pos.containsKey("id") && product >= 0 && event >= 0) {
                return new Columns(Layout.LONG, header.size(), pos.get("id"), -1, -1, product, -1, -1,
                        first(pos, "strat1", "stratgender", "sex", "gender"), -1, -1, event, header);
            }
            throw new UnreadableInputException(file + ": the header has neither CAERS' report number (RA_Report #)"
                    + " nor the long form's id, var1, var2 columns");
        }

        private static int at(Map<String, Integer> pos, String key) {
            return pos.getOrDefault(key, -1);
        }

        private static int first(Map<String, Integer> pos, String... keys) {
            for (String k : keys) {
                Integer i = pos.get(k);
                if (i != null) {
                    return i;
                }
            }
            return -1;
        }

        String name(int col) {
            return col < 0 ? "?" : names.get(col);
        }
    }

    /** A header name reduced to lower-case letters and digits. */
    static String key(String header) {
        StringBuilder b = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = Character.toLowerCase(header.charAt(i));
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** One report being assembled. */
    private static final class Group {
        final long firstLine;
        String created;
        String age;
        String ageUnit;
        String sex;
        final List<RawDrug> drugs = new ArrayList<>(2);
        final Set<String> products = new LinkedHashSet<>(2);
        final Set<String> outcomes = new LinkedHashSet<>(2);
        final Set<String> reactions = new LinkedHashSet<>(4);
        String lastOutcomes;
        String lastSymptoms;

        Group(long firstLine) {
            this.firstLine = firstLine;
        }
    }

    /** The two passes over one file. */
    private final class FileRead {
        private final InputFiles.Member member;
        private final String file;
        private final Tally tally;
        private final Set<String> warnedOutcomes = new HashSet<>();
        private Columns cols;
        private Source source;

        FileRead(InputFiles.Member member, Tally tally) {
            this.member = member;
            this.file = member.name();
            this.tally = tally;
        }

        void run() {
            Map<String, Integer> rowsOf;
            try {
                if (!readHeader()) {
                    return; // empty file
                }
                rowsOf = plan();
            } catch (IOException e) {
                fileFailure(e);
                return;
            }
            try {
                emit(rowsOf);
            } catch (IOException e) {
                fileFailure(e);
            }
        }

        private void fileFailure(IOException e) {
            tally.record();
            tally.quarantine(new QuarantineItem(source == null ? Source.CAERS : source, Origin.line(file, 0),
                    member.inArchive() ? QuarantineReason.TRUNCATED_ARCHIVE : QuarantineReason.OTHER,
                    "cannot read: " + InputFiles.oneLine(e), null));
        }

        private CSVParser open() throws IOException {
            InputStream in = member.open();
            Reader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            r.mark(1);
            if (r.read() != '\uFEFF') {
                r.reset();
            }
            return CSVParser.parse(r, CSV);
        }

        /** The header's layout; false for an empty file. */
        private boolean readHeader() throws IOException {
            try (CSVParser parser = open()) {
                Iterator<CSVRecord> it = parser.iterator();
                CSVRecord header = null;
                while (it.hasNext() && blank(header = it.next())) {
                    header = null;
                }
                if (header == null) {
                    LOG.warn("{}: empty file", file);
                    return false;
                }
                cols = Columns.of(file, header.toList());
                source = cols.layout == Layout.WIDE ? Source.CAERS : Source.PAIRS;
                return true;
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        /**
         * Pass 1: how many well-formed rows each report number has, from a scan of the raw bytes
         * that decodes only the report-number field (RFC 4180 quoting; the field separators and
         * line ends are ASCII, so UTF-8 needs no decoding to find them). Pass 2 emits a report when
         * it has seen that many of its rows. Should the scan ever disagree with commons-csv about a
         * row (quoting no CSV writer produces), a report is emitted early (its later rows then make
         * a second report with the same number) or at the end of the file: never lost.
         */
        private Map<String, Integer> plan() throws IOException {
            Map<String, Integer> rows = new HashMap<>();
            byte[] buf = new byte[1 << 16];
            byte[] id = new byte[64];
            int idLen = 0;
            int field = 0;
            boolean quoted = false;
            boolean afterQuote = false;
            boolean fieldStart = true;
            boolean empty = true;
            boolean prevCr = false;
            boolean header = true;
            try (InputStream in = member.open()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        byte b = buf[i];
                        if (quoted) {
                            if (b == '"') {
                                quoted = false;
                                afterQuote = true;
                            } else if (field == cols.id) {
                                id = append(id, idLen++, b);
                            }
                            continue;
                        }
                        if (afterQuote) {
                            afterQuote = false;
                            if (b == '"') { // "" inside a quoted field
                                quoted = true;
                                if (field == cols.id) {
                                    id = append(id, idLen++, b);
                                }
                                continue;
                            }
                        }
                        if (b == '\n' && prevCr) {
                            prevCr = false;
                            continue;
                        }
                        prevCr = b == '\r';
                        if (b == ',') {
                            field++;
                            fieldStart = true;
                            empty = false;
                        } else if (b == '\n' || b == '\r') {
                            if (!empty) {
                                if (!header) {
                                    count(rows, field, id, idLen);
                                }
                                header = false;
                            }
                            idLen = 0;
                            field = 0;
                            fieldStart = true;
                            empty = true;
                        } else {
                            if (b == '"' && fieldStart) {
                                quoted = true;
                            } else if (field == cols.id) {
                                id = append(id, idLen++, b);
                            }
                            fieldStart = false;
                            empty = false;
                        }
                    }
                }
            }
            if (!empty && !quoted && !header) {
                count(rows, field, id, idLen);
            }
            return rows;
        }

        private static byte[] append(byte[] a, int at, byte b) {
            byte[] out = at < a.length ? a : java.util.Arrays.copyOf(a, a.length * 2);
            out[at] = b;
            return out;
        }

        private void count(Map<String, Integer> rows, int lastField, byte[] id, int idLen) {
            if (lastField + 1 != cols.size) {
                return;
            }
            String s = new String(id, 0, idLen, StandardCharsets.UTF_8).trim();
            if (!s.isEmpty()) {
                rows.merge(s, 1, Integer::sum);
            }
        }

        /** Pass 2: group, and emit each report when all its rows are in. */
        private void emit(Map<String, Integer> rowsOf) throws IOException {
            Map<String, Group> open = new LinkedHashMap<>();
            try (CSVParser parser = open()) {
                Iterator<CSVRecord> it = parser.iterator();
                while (blank(it.next())) {
                    // blank lines before the header
                }
                long prevEnd = parser.getCurrentLineNumber();
                try {
                    while (it.hasNext()) {
                        CSVRecord rec = it.next();
                        long line = prevEnd + 1;
                        prevEnd = parser.getCurrentLineNumber();
                        if (blank(rec)) {
                            continue;
                        }
                        if (rec.size() != cols.size) {
                            orphan(line, QuarantineReason.WRONG_COLUMN_COUNT,
                                    "expected " + cols.size + " fields, found " + rec.size(), rec);
                            continue;
                        }
                        String id = rec.get(cols.id).trim();
                        if (id.isEmpty()) {
                            orphan(line, QuarantineReason.MISSING_ID, cols.name(cols.id) + " is empty", rec);
                            continue;
                        }
                        if (isHeader(rec)) {
                            orphan(line, QuarantineReason.DUPLICATE, "the header line repeats here (files joined"
                                    + " together?)", rec);
                            continue;
                        }
                        Group g = open.get(id);
                        if (g == null) {
                            g = new Group(line);
                            open.put(id, g);
                            tally.record();
                        }
                        add(g, rec);
                        Integer left = rowsOf.get(id);
                        if (left == null || left <= 1) {
                            rowsOf.remove(id);
                            open.remove(id);
                            finish(id, g);
                        } else {
                            rowsOf.put(id, left - 1);
                        }
                    }
                } catch (UncheckedIOException e) {
                    flush(open);
                    tally.record();
                    tally.quarantine(new QuarantineItem(source, Origin.line(file, prevEnd + 1), QuarantineReason.OTHER,
                            "CSV syntax error: " + InputFiles.oneLine(e.getCause() == null ? e : e.getCause())
                                    + "; the rest of the file is not read", null));
                    return;
                }
            }
            flush(open);
        }

        private void flush(Map<String, Group> open) {
            for (Map.Entry<String, Group> e : open.entrySet()) {
                finish(e.getKey(), e.getValue());
            }
            open.clear();
        }

        /** A row that repeats the header (its report-number field holds the header's name for it, and so on). */
        private boolean isHeader(CSVRecord rec) {
            for (int i = 0; i < cols.size; i++) {
                if (!rec.get(i).trim().equalsIgnoreCase(cols.names.get(i).trim())) {
                    return false;
                }
            }
            return true;
        }

        private void orphan(long line, QuarantineReason reason, String message, CSVRecord rec) {
            tally.record();
            // format only what the excerpt keeps: a row of 50 MB is not copied whole to cut 200 characters
            String[] values = rec.values();
            int n = 0;
            for (int room = EXCERPT_CHARS; n < values.length && room > 0; n++) {
                if (values[n].length() > room) {
                    values[n] = values[n].substring(0, room);
                }
                room -= values[n].length() + 1;
            }
            String excerpt = CSV.format((Object[]) java.util.Arrays.copyOf(values, n));
            tally.quarantine(new QuarantineItem(source, Origin.line(file, line), reason, message,
                    excerpt.length() > EXCERPT_CHARS ? excerpt.substring(0, EXCERPT_CHARS) : excerpt));
        }

        private void add(Group g, CSVRecord rec) {
            if (cols.layout == Layout.LONG) {
                String product = rec.get(cols.product).trim();
                if (!product.isEmpty() && g.products.add(product)) {
                    g.drugs.add(new RawDrug(product, null, DrugRole.UNKNOWN));
                }
                String event = rec.get(cols.event).trim();
                if (!event.isEmpty()) {
                    g.reactions.add(event);
                }
                if (g.sex == null) {
                    g.sex = value(rec, cols.sex);
                }
                return;
            }
            String product = value(rec, cols.product);
            if (product != null) {
                g.drugs.add(new RawDrug(product, null, CaersCodes.role(value(rec, cols.role))));
            }
            if (g.created == null) {
                g.created = value(rec, cols.created);
            }
            if (g.age == null) {
                g.age = value(rec, cols.age);
                g.ageUnit = value(rec, cols.ageUnit);
            }
            if (g.sex == null) {
                g.sex = value(rec, cols.sex);
            }
            // report-level fields, repeated on every product row: split each distinct text once
            String outcomes = value(rec, cols.outcomes);
            if (outcomes != null && !outcomes.equals(g.lastOutcomes)) {
                g.lastOutcomes = outcomes;
                g.outcomes.addAll(CaersCodes.splitOutcomes(outcomes));
            }
            String symptoms = value(rec, cols.symptoms);
            if (symptoms != null && !symptoms.equals(g.lastSymptoms)) {
                g.lastSymptoms = symptoms;
                g.reactions.addAll(CaersCodes.splitSymptoms(symptoms));
            }
        }

        private static boolean blank(CSVRecord rec) {
            return rec.size() == 1 && rec.get(0).isEmpty();
        }

        private String value(CSVRecord rec, int col) {
            if (col < 0) {
                return null;
            }
            String v = rec.get(col).trim();
            return v.isEmpty() ? null : v;
        }

        private void finish(String id, Group g) {
            Origin origin = Origin.line(file, g.firstLine);
            if (cols.layout == Layout.LONG) {
                Sex sex = CaersCodes.sex(g.sex);
                tally.report(new RawReport(Source.PAIRS, id, 1, null, fallbackDataPeriod, null, sex, ReporterType.UNKNOWN,
                        null, false, Set.of(), g.drugs, new ArrayList<>(g.reactions), null, origin));
                return;
            }
            YearMonth month;
            try {
                month = CaersCodes.month(g.created);
            } catch (IllegalArgumentException e) {
                tally.quarantine(new QuarantineItem(Source.CAERS, origin, QuarantineReason.BAD_DATE,
                        cols.name(cols.created) + ": " + e.getMessage(), cols.name(cols.created) + "=" + g.created));
                return;
            }
            CaersCodes.Outcomes o = CaersCodes.outcomes(g.outcomes);
            for (String u : o.unrecognized()) {
                if (warnedOutcomes.add(u.toUpperCase(Locale.ROOT))) {
                    LOG.warn("{}: outcome label not recognized, ignored: {}", file, u);
                }
            }
            String q = IcsrCodes.quarter(month);
            tally.report(new RawReport(Source.CAERS, id, 1, month, q != null ? q : fallbackDataPeriod,
                    CaersCodes.ageYears(g.age, g.ageUnit), CaersCodes.sex(g.sex), ReporterType.UNKNOWN, null,
                    o.isSerious(), o.serious(), g.drugs, new ArrayList<>(g.reactions), null, origin));
        }
    }
}
