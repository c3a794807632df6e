package org.kratomwatch.ingest.e2b;

import org.kratomwatch.ingest.model.IcsrCodes;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.model.Origin;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;

/**
 * The E2B(R2) {@code ichicsr} dialect: {@code safetyreport} elements, children of the root. Leaves
 * are recognized by their name and their parent's name (E2B(R2) element names are unique enough),
 * without building paths, because FAERS quarterly files are large.
 */
final class R2Parser {

    private enum Field {
        ID, VERSION, RECEIVEDATE, RECEIPTDATE, SERIOUS, DEATH, LIFE_THREATENING, HOSPITALIZATION, DISABILITY,
        CONGENITAL, OTHER_SERIOUS, OCCURCOUNTRY, PRIMARYSOURCECOUNTRY, QUALIFICATION, REPORTERCOUNTRY, AGE,
        AGE_UNIT, SEX, PRODUCT, CHARACTERIZATION, SUBSTANCE, PT, REPORTED_REACTION, NARRATIVE
    }

    private final XMLStreamReader r;
    private final E2bReader.Cursor cursor;
    private final Source source;
    private final String filePeriod;
    private final String fallbackPeriod;

    private final String[] stack = new String[256];
    private int depth;
    private Field capture;
    private int captureDepth = -1;
    private final StringBuilder text = new StringBuilder(64);

    private Report report;

    R2Parser(XMLStreamReader r, E2bReader.Cursor cursor, Source source, String filePeriod, String fallbackPeriod) {
        this.r = r;
        this.cursor = cursor;
        this.source = source;
        this.filePeriod = filePeriod;
        this.fallbackPeriod = fallbackPeriod;
    }

    /** From the root START_ELEMENT to the end of the document. */
    void run() throws XMLStreamException {
        depth = 0;
        stack[0] = r.getLocalName();
        while (r.hasNext()) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT -> start();
                case XMLStreamConstants.END_ELEMENT -> end();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (capture != null) {
                        text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                default -> {
                    // comments, processing instructions
                }
            }
        }
    }

    private void start() throws XMLStreamException {
        String name = r.getLocalName();
        if (++depth >= stack.length) {
            throw new XMLStreamException("elements nested deeper than " + stack.length, r.getLocation());
        }
        stack[depth] = name;
        if (depth == 1) {
            if ("safetyreport".equals(name)) {
                report = new Report(cursor.begin());
            }
            return;
        }
        if (report == null || capture != null) {
            return;
        }
        String parent = stack[depth - 1];
        Field f = switch (parent) {
            case "safetyreport" -> switch (name) {
                case "safetyreportid" -> Field.ID;
                case "safetyreportversion" -> Field.VERSION;
                case "receivedate" -> Field.RECEIVEDATE;
                case "receiptdate" -> Field.RECEIPTDATE;
                case "serious" -> Field.SERIOUS;
                case "seriousnessdeath" -> Field.DEATH;
                case "seriousnesslifethreatening" -> Field.LIFE_THREATENING;
                case "seriousnesshospitalization" -> Field.HOSPITALIZATION;
                case "seriousnessdisabling" -> Field.DISABILITY;
                case "seriousnesscongenitalanomali" -> Field.CONGENITAL;
                case "seriousnessother" -> Field.OTHER_SERIOUS;
                case "occurcountry" -> Field.OCCURCOUNTRY;
                case "primarysourcecountry" -> Field.PRIMARYSOURCECOUNTRY;
                case "primarysource" -> {
                    report.primarySources++;
                    yield null;
                }
                default -> null;
            };
            case "primarysource" -> report.primarySources > 1 ? null : switch (name) {
                case "qualification" -> Field.QUALIFICATION;
                case "reportercountry" -> Field.REPORTERCOUNTRY;
                default -> null;
            };
            case "patient" -> switch (name) {
                case "patientonsetage" -> Field.AGE;
                case "patientonsetageunit" -> Field.AGE_UNIT;
                case "patientsex" -> Field.SEX;
                case "drug" -> {
                    report.drug = new Drug();
                    yield null;
                }
                case "reaction" -> {
                    report.pt = null;
                    report.reported = null;
                    yield null;
                }
                default -> null;
            };
            case "drug" -> stack[depth - 2].equals("patient") ? switch (name) {
                case "medicinalproduct" -> Field.PRODUCT;
                case "drugcharacterization" -> Field.CHARACTERIZATION;
                default -> null;
            } : null;
            case "activesubstance" -> "activesubstancename".equals(name) && report.drug != null ? Field.SUBSTANCE : null;
            case "reaction" -> switch (name) {
                case "reactionmeddrapt" -> Field.PT;
                case "primarysourcereaction" -> Field.REPORTED_REACTION;
                default -> null;
            };
            case "summary" -> "narrativeincludeclinical".equals(name) ? Field.NARRATIVE : null;
            default -> null;
        };
        if (f != null) {
            capture = f;
            captureDepth = depth;
            text.setLength(0);
        }
    }

    private void end() {
        if (capture != null && depth == captureDepth) {
            String v = text.toString().trim();
            report.set(capture, v.isEmpty() ? null : v);
            capture = null;
            captureDepth = -1;
        }
        if (report != null) {
            String name = stack[depth];
            if (depth == 1 && "safetyreport".equals(name)) {
                emit(report);
                report = null;
            } else if (depth == 3 && "drug".equals(name) && report.drug != null) {
                report.addDrug();
            } else if (depth == 3 && "reaction".equals(name)) {
                String term = report.pt != null ? report.pt : report.reported;
                if (term != null) {
                    report.reactions.add(term);
                }
            }
        }
        depth--;
    }

    private void emit(Report rep) {
        cursor.end();
        Origin origin = rep.origin;
        if (rep.id == null) {
            cursor.tally.quarantine(new QuarantineItem(source, origin, QuarantineReason.MISSING_ID, "no safetyreportid", null));
            return;
        }
        long version = 1;
        if (rep.version != null) {
            version = IcsrCodes.wholeNumber(rep.version);
            if (version < 0) {
                cursor.tally.quarantine(new QuarantineItem(source, origin, QuarantineReason.BAD_NUMBER,
                        "safetyreportversion is not a non-negative integer", "safetyreportversion=" + rep.version));
                return;
            }
        }
        String dateField = rep.receivedate != null ? "receivedate" : "receiptdate";
        String date = rep.receivedate != null ? rep.receivedate : rep.receiptdate;
        YearMonth month;
        try {
            month = IcsrCodes.month(date);
        } catch (IllegalArgumentException e) {
            cursor.tally.quarantine(new QuarantineItem(source, origin, QuarantineReason.BAD_DATE,
                    dateField + ": " + e.getMessage(), dateField + "=" + date));
            return;
        }
        String period = filePeriod != null ? filePeriod : IcsrCodes.quarter(month);
        if (period == null) {
            period = fallbackPeriod;
        }
        String country = IcsrCodes.country(rep.reportercountry);
        if (country == null) {
            country = IcsrCodes.country(rep.primarysourcecountry);
        }
        if (country == null) {
            country = IcsrCodes.country(rep.occurcountry);
        }
        boolean serious = "1".equals(rep.serious) || !rep.outcomes.isEmpty();
        cursor.tally.report(new RawReport(source, rep.id, version, month, period,
                IcsrCodes.ageYears(rep.age, rep.ageUnit), IcsrCodes.sex(rep.sex), IcsrCodes.qualification(rep.qualification),
                country, serious, rep.outcomes, rep.drugs, rep.reactions, rep.narrative, origin));
    }

    private static final class Drug {
        String product;
        String characterization;
        StringBuilder substances;
    }

    private static final class Report {
        final Origin origin;
        int primarySources;
        String id;
        String version;
        String receivedate;
        String receiptdate;
        String serious;
        final EnumSet<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
        String occurcountry;
        String primarysourcecountry;
        String qualification;
        String reportercountry;
        String age;
        String ageUnit;
        String sex;
        final List<RawDrug> drugs = new ArrayList<>();
        final List<String> reactions = new ArrayList<>();
        String narrative;
        Drug drug;
        String pt;
        String reported;

        Report(Origin origin) {
            this.origin = origin;
        }

        void set(Field f, String v) {
            switch (f) {
                case ID -> id = v;
                case VERSION -> version = v;
                case RECEIVEDATE -> receivedate = v;
                case RECEIPTDATE -> receiptdate = v;
                case SERIOUS -> serious = v;
                case DEATH -> flag(v, Outcome.DEATH);
                case LIFE_THREATENING -> flag(v, Outcome.LIFE_THREATENING);
                case HOSPITALIZATION -> flag(v, Outcome.HOSPITALIZATION);
                case DISABILITY -> flag(v, Outcome.DISABILITY);
                case CONGENITAL -> flag(v, Outcome.CONGENITAL_ANOMALY);
                case OTHER_SERIOUS -> flag(v, Outcome.OTHER_SERIOUS);
                case OCCURCOUNTRY -> occurcountry = v;
                case PRIMARYSOURCECOUNTRY -> primarysourcecountry = v;
                case QUALIFICATION -> qualification = v;
                case REPORTERCOUNTRY -> reportercountry = v;
                case AGE -> age = v;
                case AGE_UNIT -> ageUnit = v;
                case SEX -> sex = v;
                case PRODUCT -> drug.product = v;
                case CHARACTERIZATION -> drug.characterization = v;
                case SUBSTANCE -> {
                    if (v != null) {
                        drug.substances = drug.substances == null ? new StringBuilder(v) : drug.substances.append('\\').append(v);
                    }
                }
                case PT -> pt = v;
                case REPORTED_REACTION -> reported = v;
                case NARRATIVE -> narrative = v;
            }
        }

        private void flag(String v, Outcome o) {
            if ("1".equals(v)) {
                outcomes.add(o);
            }
        }

        void addDrug() {
            String ai = drug.substances == null ? null : drug.substances.toString();
            String name = drug.product != null ? drug.product : ai;
            if (name != null) {
                drugs.add(new RawDrug(name, ai, IcsrCodes.characterization(drug.characterization)));
            }
            drug = null;
        }
    }
}
