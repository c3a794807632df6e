package org.kratomwatch.ingest.synthetic;

import java.util.List;

/**
 * The FAERS quarterly ASCII layout the generator writes: file names and headers (the column names and order of FDA's
 * 2022Q4 files; {@code $}-delimited, no trailing delimiter, LF line ends).
 */
public final class FaersLayout {

    public static final String DEMO = "DEMO";
    public static final String DRUG = "DRUG";
    public static final String REAC = "REAC";
    public static final String OUTC = "OUTC";
    /** The tables written, in zip order. */
    public static final List<String> TABLES = List.of(DEMO, DRUG, REAC, OUTC);

    public static final List<String> DEMO_COLUMNS = List.of("primaryid", "caseid", "caseversion", "i_f_code",
            "event_dt", "mfr_dt", "init_fda_dt", "fda_dt", "rept_cod", "auth_num", "mfr_num", "mfr_sndr", "lit_ref",
            "age", "age_cod", "age_grp", "sex", "e_sub", "wt", "wt_cod", "rept_dt", "to_mfr", "occp_cod",
            "reporter_country", "occr_country");
    public static final List<String> DRUG_COLUMNS = List.of("primaryid", "caseid", "drug_seq", "role_cod",
            "drugname", "prod_ai", "val_vbm", "route", "dose_vbm", "cum_dose_chr", "cum_dose_unit", "dechal", "rechal",
            "lot_num", "exp_dt", "nda_num", "dose_amt", "dose_unit", "dose_form", "dose_freq");
    public static final List<String> REAC_COLUMNS = List.of("primaryid", "caseid", "pt", "drug_rec_act");
    public static final List<String> OUTC_COLUMNS = List.of("primaryid", "caseid", "outc_cod");

    private FaersLayout() {
    }

    public static List<String> columns(String table) {
        return switch (table) {
            case DEMO -> DEMO_COLUMNS;
            case DRUG -> DRUG_COLUMNS;
            case REAC -> REAC_COLUMNS;
            case OUTC -> OUTC_COLUMNS;
            default -> throw new IllegalArgumentException("no such table: " + table);
        };
    }

    /** The header line, without its line end. */
    public static String header(String table) {
        return String.join("$", columns(table));
    }

    /** {@code faers_ascii_2024Q4} (add {@code .zip} for the zip). */
    public static String baseName(Quarter q) {
        return "faers_ascii_" + q;
    }

    /** {@code ASCII/DEMO24Q4.txt}: the path inside the zip or folder. */
    public static String tablePath(String table, Quarter q) {
        return "ASCII/" + table + q.shortLabel() + ".txt";
    }

    /** {@code Deleted/DELETE24Q4.txt}. */
    public static String deletePath(Quarter q) {
        return "Deleted/DELETE" + q.shortLabel() + ".txt";
    }
}
