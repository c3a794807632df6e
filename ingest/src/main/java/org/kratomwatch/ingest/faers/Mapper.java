package org.kratomwatch.ingest.faers;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.PositionUnit;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.model.Origin;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.ReportSink;
import org.kratomwatch.ingest.model.Retraction;

/**
 * Turns the rows of one quarter into model objects and delivers them to the sink, one item per
 * record: builds the pending report from its DEMO row and the well-formed child rows joined to it
 * (a malformed child row is a quarantine item of its own), keeps the first problem of the DEMO row,
 * and counts everything for {@link FaersReadSummary}.
 */
final class Mapper {

    static final double MAX_AGE_YEARS = 150;

    private final ReportSink sink;
    final Source source;
    private final String period;
    private final long legacyVersionBase;

    private final Layout demo;
    private final int cCase;
    private final int cVersion;
    private final int cIfCod;
    private final int cFollSeq;
    private final int cFdaDt;
    private final int cInitFdaDt;
    private final int cAge;
    private final int cAgeCod;
    private final int cSex;
    private final int cOccp;
    private final int cCountry;
    private final String caseName;
    private final String sexName;

    private final Layout drug;
    private final int dSeq;
    private final int dRole;
    private final int dName;
    private final int dAi;
    private final Layout reac;
    private final int rPt;
    private final Layout outc;
    private final int oCode;

    // the pending report
    private long key;
    private QuarantineReason failReason;
    private String failMessage;
    private Origin failOrigin;
    private String failExcerpt;
    private String caseId;
    private long version;
    private YearMonth month;
    private Double age;
    private Sex sex;
    private ReporterType reporter;
    private String country;
    private String demoFile;
    private long demoLine;
    private final ArrayList<RawDrug> drugs = new ArrayList<>();
    private long[] seqs = new long[16];
    private final ArrayList<String> reactions = new ArrayList<>();
    private final EnumSet<Outcome> outcomes = EnumSet.noneOf(Outcome.class);

    // counts
    long demoRows;
    long deleteLines;
    long quarantinedChildRows;
    long truncatedInputs;
    long joinedChildRows;
    long blankLines;
    long agesDiscarded;
    long reports;
    long retractions;
    final EnumMap<QuarantineReason, Long> quarantined = new EnumMap<>(QuarantineReason.class);

    /**
     * @param demo the DEMO layout, or null for a quarter with deleted-case lists only
     */
    Mapper(ReportSink sink, Source source, FaersQuarter quarter, Layout demo, Layout drug, Layout reac, Layout outc) {
        this.sink = sink;
        this.source = source;
        this.period = quarter.toString();
        this.legacyVersionBase = quarter.ordinal() * 1000L;
        this.demo = demo;
        this.drug = drug;
        this.reac = reac;
        this.outc = outc;
        if (demo != null) {
            cCase = demo.col("caseid", "case");
            caseName = demo.legacy ? "case" : "caseid";
            cVersion = demo.col("caseversion");
            cIfCod = demo.col("i_f_cod", "i_f_code");
            cFollSeq = demo.col("foll_seq");
            cFdaDt = demo.col("fda_dt");
            cInitFdaDt = demo.col("init_fda_dt");
            cAge = demo.col("age");
            cAgeCod = demo.col("age_cod");
            cSex = demo.col("sex", "gndr_cod");
            sexName = cSex >= 0 && demo.col("sex") < 0 ? "gndr_cod" : "sex";
            cOccp = demo.col("occp_cod");
            cCountry = demo.col("reporter_country");
            if (cCase < 0) {
                throw new UnreadableInputException(demo.file + ": the header names no "
                        + caseName + " column");
            }
            if (!demo.legacy && cVersion < 0) {
                throw new UnreadableInputException(demo.file
                        + ": the header names no caseversion column");
            }
        } else {
            cCase = cVersion = cIfCod = cFollSeq = cFdaDt = cInitFdaDt = cAge = cAgeCod = cSex = cOccp = cCountry = -1;
            caseName = "caseid";
            sexName = "sex";
        }
        dSeq = drug == null ? -1 : drug.col("drug_seq");
        dRole = drug == null ? -1 : drug.col("role_cod");
        dName = drug == null ? -1 : drug.col("drugname");
        dAi = drug == null ? -1 : drug.col("prod_ai");
        rPt = reac == null ? -1 : reac.col("pt");
        oCode = outc == null ? -1 : outc.col("outc_cod");
        if (demo != null) {
            demo.readColumns(cCase, cVersion, cIfCod, cFollSeq, cFdaDt, cInitFdaDt, cAge, cAgeCod, cSex, cOccp,
                    cCountry);
        }
        if (drug != null) {
            drug.readColumns(dSeq, dRole, dName, dAi);
        }
        if (reac != null) {
            reac.readColumns(rPt);
        }
        if (outc != null) {
            outc.readColumns(oCode);
        }
        requireColumn(drug, dRole, "role_cod");
        requireColumn(drug, dName, "drugname");
        requireColumn(reac, rPt, "pt");
        requireColumn(outc, oCode, "outc_cod");
    }

    private static void requireColumn(Layout layout, int col, String name) {
        if (layout != null && col < 0) {
            throw new UnreadableInputException(layout.file + ": the header names no " + name
                    + " column");
        }
    }

    Layout layout(Table t) {
        switch (t) {
            case DEMO:
                return demo;
            case DRUG:
                return drug;
            case REAC:
                return reac;
            case OUTC:
                return outc;
            default:
                return null;
        }
    }

    // ------------------------------------------------------------------------------------ reports

    /** Starts the report of a DEMO row. */
    void beginDemo(Fields f, String file, long line) {
        demoRows++;
        failReason = null;
        failMessage = null;
        failOrigin = null;
        failExcerpt = null;
        caseId = null;
        version = 0;
        month = null;
        age = null;
        sex = Sex.UNKNOWN;
        reporter = ReporterType.UNKNOWN;
        country = null;
        drugs.clear();
        reactions.clear();
        outcomes.clear();
        demoFile = file;
        demoLine = line;
        long k = f.digits(demo.key);
        key = k >= 0 ? k : -1;
        String broken = f.brokenEncoding();
        if (broken != null) {
            failDemo(f, QuarantineReason.BROKEN_ENCODING, broken);
        } else if (!demo.columnsOk(f)) {
            failDemo(f, QuarantineReason.WRONG_COLUMN_COUNT, "expected " + demo.columns + " fields, found " + f.count);
        } else if (k == -1) {
            failDemo(f, QuarantineReason.MISSING_ID, demo.keyName + " is empty");
        } else if (repeatsHeader(f, demo)) {
            failDemo(f, QuarantineReason.DUPLICATE, REPEATED_HEADER);
        } else if (k < 0) {
            failDemo(f, QuarantineReason.MISSING_ID, demo.keyName + " is not a number");
        } else {
            parseDemo(f);
        }
    }

    private void parseDemo(Fields f) {
        caseId = f.text(cCase);
        if (caseId == null) {
            failDemo(f, QuarantineReason.MISSING_ID, caseName + " is empty");
            return;
        }
        if (demo.legacy) {
            long ifc = f.code(cIfCod);
            long step;
            if (ifc == 0 || ifc == CODE_I) {
                step = 0;
            } else if (ifc == CODE_F) {
                long seq = f.digits(cFollSeq);
                if (seq == -2) {
                    failDemo(f, QuarantineReason.BAD_NUMBER, "foll_seq is not a whole number");
                    return;
                }
                step = 1 + (seq < 0 ? 0 : Math.min(seq, 998));
            } else {
                failDemo(f, QuarantineReason.UNKNOWN_CODE, "i_f_cod is not I or F");
                return;
            }
            version = legacyVersionBase + step;
        } else {
            long v = f.digits(cVersion);
            if (v == -1) {
                failDemo(f, QuarantineReason.MISSING_FIELD, "caseversion is empty");
                return;
            }
            if (v < 0) {
                failDemo(f, QuarantineReason.BAD_NUMBER, "caseversion is not a whole number");
                return;
            }
            version = v;
        }
        int date = date(f, cFdaDt);
        String dateName = "fda_dt";
        if (date == DATE_BLANK && cInitFdaDt >= 0) {
            date = date(f, cInitFdaDt);
            dateName = "init_fda_dt";
        }
        if (date == DATE_BAD) {
            failDemo(f, QuarantineReason.BAD_DATE, dateName + " is not a date YYYYMMDD, YYYYMM or YYYY");
            return;
        }
        if (date > 0 && date % 100 != 0) {
            month = YearMonth.of(date / 100, date % 100);
        }
        if (!f.blank(cAge)) {
            double value = f.decimal(cAge);
            long unit = f.code(cAgeCod);
            if (!Double.isNaN(value) && unit != 0) {
                double perUnit = Codes.yearsPerAgeUnit(unit);
                if (Double.isNaN(perUnit)) {
                    failDemo(f, QuarantineReason.UNKNOWN_CODE, "age_cod is not one of YR, MON, WK, DY, HR, DEC");
                    return;
                }
                double years = value * perUnit;
                if (years <= MAX_AGE_YEARS) {
                    age = years;
                }
            }
            if (age == null) {
                agesDiscarded++;
            }
        }
        Sex s = Codes.sex(f.code(cSex));
        if (s == null) {
            failDemo(f, QuarantineReason.UNKNOWN_CODE, sexName + " is not one of F, M, UNK, NS");
            return;
        }
        sex = s;
        ReporterType r = Codes.reporter(f.code(cOccp));
        if (r == null) {
            failDemo(f, QuarantineReason.UNKNOWN_CODE, "occp_cod is not one of MD, PH, OT, HP, LW, CN");
            return;
        }
        reporter = r;
        country = Codes.country(f.text(cCountry));
    }

    private static final long CODE_I = Fields.code("I");
    private static final long CODE_F = Fields.code("F");
    static final int DATE_BLANK = -1;
    static final int DATE_BAD = -2;

    /**
     * A FAERS date field as {@code yyyymm} ({@code yyyy00} for a year alone), {@link #DATE_BLANK}
     * or {@link #DATE_BAD}: YYYYMMDD, YYYYMM or YYYY, year 1900-2099, real month and day.
     */
    static int date(Fields f, int i) {
        if (f.blank(i)) {
            return DATE_BLANK;
        }
        int s = f.trimStart(i);
        int e = f.trimEnd(i);
        int len = e - s;
        if (len != 8 && len != 6 && len != 4) {
            return DATE_BAD;
        }
        long v = Fields.digits(f.buf, s, e);
        if (v < 0) {
            return DATE_BAD;
        }
        int year;
        int mon = 0;
        int day = 0;
        if (len == 8) {
            year = (int) (v / 10000);
            mon = (int) (v / 100 % 100);
            day = (int) (v % 100);
        } else if (len == 6) {
            year = (int) (v / 100);
            mon = (int) (v % 100);
        } else {
            year = (int) v;
        }
        if (year < 1900 || year > 2099) {
            return DATE_BAD;
        }
        if (len >= 6 && (mon < 1 || mon > 12)) {
            return DATE_BAD;
        }
        if (len == 8 && (day < 1 || day > YearMonth.of(year, mon).lengthOfMonth())) {
            return DATE_BAD;
        }
        return year * 100 + mon;
    }

    /** The key of the pending report, -1 when its DEMO row has none. */
    long key() {
        return key;
    }

    boolean failed() {
        return failReason != null;
    }

    private void failDemo(Fields f, QuarantineReason reason, String message) {
        if (failReason == null) {
            failReason = reason;
            failMessage = message;
            failOrigin = Origin.line(demoFile, demoLine);
            failExcerpt = f.excerpt();
        }
    }

    /** The DEMO row repeats the key of an earlier DEMO row of the file. */
    void failDuplicate(Fields f) {
        failDemo(f, QuarantineReason.DUPLICATE, demo.keyName + " repeats that of an earlier DEMO row; the rows"
                + " joined to it went to the earlier one");
    }

    /** Rows of the report may be lost because a table ended early or is missing. */
    void failLost(String why) {
        if (failReason == null) {
            failReason = QuarantineReason.TRUNCATED_ARCHIVE;
            failMessage = why + ", so rows of this report may be lost";
            failOrigin = Origin.line(demoFile, demoLine);
            failExcerpt = null;
        }
    }

    /**
     * A DRUG, REAC or OUTC row whose key matches the pending report's DEMO row. A well-formed row
     * becomes part of the report (or of its quarantine item, when the DEMO row is itself rejected);
     * a malformed one is quarantined on its own, and the report goes on without it.
     */
    void addChild(Table t, Fields f, String file, long line) {
        Layout layout = layout(t);
        Problem p = childProblem(t, layout, f);
        if (p != null) {
            quarantinedChildRows++;
            quarantine(new QuarantineItem(source, Origin.line(file, line), p.reason, p.message
                    + "; the row is left out of its report (" + demoFile + " line " + demoLine + ")", f.excerpt()));
            return;
        }
        joinedChildRows++;
        if (failReason != null) {
            return;
        }
        switch (t) {
            case DRUG: {
                long seq = dSeq < 0 ? -1 : f.digits(dSeq);
                int n = drugs.size();
                if (n == seqs.length) {
                    seqs = Arrays.copyOf(seqs, n * 2);
                }
                seqs[n] = seq < 0 ? Long.MAX_VALUE : seq;
                String name = f.text(dName);
                drugs.add(new RawDrug(name == null ? "" : name, f.text(dAi), Codes.role(f.code(dRole))));
                return;
            }
            case REAC:
                reactions.add(f.text(rPt));
                return;
            case OUTC:
                outcomes.add(Codes.outcome(f.code(oCode)));
                return;
            default:
                throw new IllegalArgumentException(t.name());
        }
    }

    /** Why a child row cannot be used. */
    private static final class Problem {
        final QuarantineReason reason;
        final String message;

        Problem(QuarantineReason reason, String message) {
            this.reason = reason;
            this.message = message;
        }
    }

    /** What is wrong with a child row's content (its key aside), or null. */
    private Problem childProblem(Table t, Layout layout, Fields f) {
        String broken = f.brokenEncoding();
        if (broken != null) {
            return new Problem(QuarantineReason.BROKEN_ENCODING, broken);
        }
        if (!layout.columnsOk(f)) {
            return new Problem(QuarantineReason.WRONG_COLUMN_COUNT, "expected " + layout.columns + " fields, found "
                    + f.count);
        }
        switch (t) {
            case DRUG:
                if (dSeq >= 0 && f.digits(dSeq) == -2) {
                    return new Problem(QuarantineReason.BAD_NUMBER, "drug_seq is not a whole number");
                }
                if (Codes.role(f.code(dRole)) == null) {
                    return new Problem(QuarantineReason.UNKNOWN_CODE, "role_cod is not one of PS, SS, C, I");
                }
                if (f.blank(dName) && f.blank(dAi)) {
                    return new Problem(QuarantineReason.MISSING_FIELD, "drugname is empty");
                }
                return null;
            case REAC:
                return f.blank(rPt) ? new Problem(QuarantineReason.MISSING_FIELD, "pt is empty") : null;
            case OUTC: {
                long code = f.code(oCode);
                if (code == 0) {
                    return new Problem(QuarantineReason.MISSING_FIELD, "outc_cod is empty");
                }
                return Codes.outcome(code) == null ? new Problem(QuarantineReason.UNKNOWN_CODE,
                        "outc_cod is not one of DE, LT, HO, DS, CA, RI, OT") : null;
            }
            default:
                throw new IllegalArgumentException(t.name());
        }
    }

    /** Emits the pending report, or its quarantine item. */
    void finish() {
        if (failReason != null) {
            quarantine(new QuarantineItem(source, failOrigin, failReason, failMessage, failExcerpt));
            return;
        }
        reports++;
        // an immutable set: the model's Set.copyOf keeps it as it is (an EnumSet would be copied twice)
        Set<Outcome> outs = outcomes.isEmpty() ? Set.of() : Set.of(outcomes.toArray(NO_OUTCOMES));
        sink.report(new RawReport(source, caseId, version, month, period, age, sex, reporter, country,
                !outs.isEmpty(), outs, orderedDrugs(), reactions, null, Origin.line(demoFile, demoLine)));
    }

    private static final Outcome[] NO_OUTCOMES = new Outcome[0];

    private List<RawDrug> orderedDrugs() {
        int n = drugs.size();
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = seqs[i - 1] <= seqs[i];
        }
        if (sorted) {
            return drugs;
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        long[] s = seqs;
        order.sort((a, b) -> Long.compare(s[a], s[b]));
        List<RawDrug> out = new ArrayList<>(n);
        for (int i : order) {
            out.add(drugs.get(i));
        }
        return out;
    }

    // ------------------------------------------------------------------- rows of their own

    /**
     * A child row that joins no DEMO row: quarantined by itself.
     *
     * @param demoLost true when the DEMO table ended early, so the row's DEMO row may be lost
     */
    void orphan(Table t, Fields f, String file, long line, boolean demoLost, String demoFileName) {
        quarantinedChildRows++;
        Layout layout = layout(t);
        long k = f.digits(layout.key);
        QuarantineReason reason;
        String message;
        Problem p;
        if (k < 0 && f.brokenEncoding() == null && layout.columnsOk(f)) {
            // a key that is no number because the fields are shifted is a field-count problem (as for DEMO rows)
            boolean header = repeatsHeader(f, layout);
            reason = header ? QuarantineReason.DUPLICATE : QuarantineReason.MISSING_ID;
            message = header ? REPEATED_HEADER : layout.keyName + (k == -1 ? " is empty" : " is not a number");
        } else if ((p = childProblem(t, layout, f)) != null) {
            reason = p.reason;
            message = p.message + (k < 0 ? "" : " (and no DEMO row has its " + layout.keyName + ")");
        } else if (demoLost) {
            reason = QuarantineReason.TRUNCATED_ARCHIVE;
            message = "no DEMO row has its " + layout.keyName + "; " + demoFileName
                    + " ends early, so that row may be lost";
        } else {
            reason = QuarantineReason.ORPHAN_ROW;
            message = "no DEMO row has its " + layout.keyName;
        }
        quarantine(new QuarantineItem(source, Origin.line(file, line), reason, message, f.excerpt()));
    }

    private static final String REPEATED_HEADER = "the header line repeats here (files joined together?)";

    /** A data line whose key field holds the key column's name: the header line again. */
    private static boolean repeatsHeader(Fields f, Layout layout) {
        String k = f.text(layout.key);
        return k != null && k.equalsIgnoreCase(layout.keyName) && layout.columnsOk(f);
    }

    /** A table that ended early (truncated or corrupt archive entry). */
    void truncatedInput(String file, long lastLine, String failure) {
        truncatedInputs++;
        quarantine(new QuarantineItem(source, Origin.line(file, lastLine + 1), QuarantineReason.TRUNCATED_ARCHIVE,
                file + " ends early after line " + lastLine + (failure == null ? "" : " (" + failure + ")")
                        + "; the rows after it are lost", null));
    }

    /** An archive read without its central directory. */
    void damagedArchive(String archive, String message) {
        truncatedInputs++;
        quarantine(new QuarantineItem(source, new Origin(archive, 0, PositionUnit.BYTE),
                QuarantineReason.TRUNCATED_ARCHIVE, message, null));
    }

    private static final java.util.regex.Pattern HEADER_WORD = java.util.regex.Pattern.compile("[A-Za-z_ ]+");

    /**
     * A line of a deleted-case list: a case id, optionally followed by {@code $}.
     *
     * @param first true for the first non-blank line, which may be a header ({@code caseid})
     */
    void deleteLine(Fields f, String file, long line, boolean first) {
        String id = f.text(0);
        boolean restBlank = true;
        for (int i = 1; i < f.count; i++) {
            restBlank &= f.blank(i);
        }
        if (first && id != null && restBlank && f.brokenEncoding() == null && HEADER_WORD.matcher(id).matches()) {
            return; // a header line, not a record
        }
        deleteLines++;
        QuarantineReason reason = null;
        String message = null;
        long v = id == null ? -1 : f.digits(0);
        String broken = f.brokenEncoding();
        if (broken != null) {
            reason = QuarantineReason.BROKEN_ENCODING;
            message = broken;
        } else if (!restBlank) {
            reason = QuarantineReason.WRONG_COLUMN_COUNT;
            message = "expected 1 field (a caseid), found " + f.count;
        } else if (v < 0) {
            reason = QuarantineReason.MISSING_ID;
            message = "the line holds no caseid (a whole number)";
        }
        if (reason != null) {
            quarantine(new QuarantineItem(source, Origin.line(file, line), reason, message, f.excerpt()));
            return;
        }
        retractions++;
        sink.retraction(new Retraction(source, id, Origin.line(file, line)));
    }

    private void quarantine(QuarantineItem item) {
        quarantined.merge(item.reason(), 1L, Long::sum);
        sink.quarantine(item);
    }

    FaersReadSummary.QuarterCounts counts(FaersQuarter quarter, FaersReadSummary.JoinMode join) {
        return new FaersReadSummary.QuarterCounts(quarter, source, join, demoRows, deleteLines, quarantinedChildRows,
                truncatedInputs, joinedChildRows, blankLines, agesDiscarded, reports, retractions, quarantined);
    }
}
