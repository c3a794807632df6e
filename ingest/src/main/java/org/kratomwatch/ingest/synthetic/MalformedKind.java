package org.kratomwatch.ingest.synthetic;

import org.kratomwatch.avro.QuarantineReason;

/**
 * The kinds of malformed row the generator plants. Each malformed row is an <em>extra</em> row: it never replaces or
 * damages a valid row, so the valid content of the files (and every count and signal in the ground truth) is the same
 * whatever the malformed rate. Each one carries exactly one defect, so a reader that checks it should quarantine
 * exactly one record per malformed row, with {@link #quarantineReason()}.
 *
 * <p>Rows at DEMO level are written for a "ghost" case id that no valid case uses (between two valid case ids, so the
 * file stays sorted); child-level rows (DRUG, REAC, OUTC) are attached to a valid report, after its valid rows.
 */
public enum MalformedKind {

    /** A DEMO, DRUG, REAC or OUTC line with one field too many (an unescaped {@code $} in free text) or too few. */
    WRONG_COLUMN_COUNT(QuarantineReason.WRONG_COLUMN_COUNT,
            "a line with one field too many (unescaped $ in free text) or too few (truncated line)"),
    /** A ghost DEMO line whose fda_dt is not a date (impossible month or day, or a non-FDA format). */
    BAD_DATE(QuarantineReason.BAD_DATE, "a ghost DEMO line whose fda_dt is impossible or not YYYYMMDD"),
    /**
     * A ghost DEMO line whose caseversion is not a whole number ("1A", "ONE", "2.0", "V1"). Junk ages and weights
     * ("FEW", "130LB") are not planted: real FAERS has many, and a reader keeps such reports with the age unknown.
     */
    BAD_NUMBER(QuarantineReason.BAD_NUMBER, "a ghost DEMO line whose caseversion is not a whole number"),
    /** An extra DRUG line with an unknown role_cod, or an extra OUTC line with an unknown outc_cod. */
    UNKNOWN_CODE(QuarantineReason.UNKNOWN_CODE, "an extra DRUG line with an unknown role_cod or OUTC line with an unknown outc_cod"),
    /** A DEMO (ghost), DRUG or REAC line whose primaryid is empty (caseid kept). */
    MISSING_ID(QuarantineReason.MISSING_ID, "a ghost DEMO line or an extra DRUG/REAC line with an empty primaryid"),
    /** An extra DRUG line whose drugname holds bytes that are invalid UTF-8 and undefined in windows-1252. */
    BROKEN_ENCODING(QuarantineReason.BROKEN_ENCODING,
            "an extra DRUG line whose drugname holds bytes invalid in UTF-8 and undefined in windows-1252 (0x81, 0x8D)"),
    /** A well-formed DRUG line whose primaryid has no DEMO line (a ghost case). */
    ORPHAN_ROW(QuarantineReason.ORPHAN_ROW, "a well-formed DRUG line whose primaryid has no DEMO line");

    private final QuarantineReason reason;
    private final String description;

    MalformedKind(QuarantineReason reason, String description) {
        this.reason = reason;
        this.description = description;
    }

    /** The reason a reader should quarantine such a row with. */
    public QuarantineReason quarantineReason() {
        return reason;
    }

    /** One line saying what the planted row looks like. */
    public String description() {
        return description;
    }
}
