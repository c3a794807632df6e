package org.kratomwatch.ingest.faers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;

/** FAERS code lists (ASC_NTS, October 2022), matched case-insensitively on packed codes. */
final class Codes {

    private Codes() {
    }

    private static final long PS = Fields.code("PS");
    private static final long SS = Fields.code("SS");
    private static final long C = Fields.code("C");
    private static final long I = Fields.code("I");

    /** role_cod to a role; null for a value outside the list (blank is UNKNOWN). */
    static DrugRole role(long code) {
        if (code == 0) {
            return DrugRole.UNKNOWN;
        }
        if (code == PS) {
            return DrugRole.PRIMARY_SUSPECT;
        }
        if (code == SS) {
            return DrugRole.SECONDARY_SUSPECT;
        }
        if (code == C) {
            return DrugRole.CONCOMITANT;
        }
        if (code == I) {
            return DrugRole.INTERACTING;
        }
        return null;
    }

    private static final long[] OUTCOME_CODES = {Fields.code("DE"), Fields.code("LT"), Fields.code("HO"),
        Fields.code("DS"), Fields.code("CA"), Fields.code("RI"), Fields.code("OT")};
    private static final Outcome[] OUTCOMES = {Outcome.DEATH, Outcome.LIFE_THREATENING, Outcome.HOSPITALIZATION,
        Outcome.DISABILITY, Outcome.CONGENITAL_ANOMALY, Outcome.REQUIRED_INTERVENTION, Outcome.OTHER_SERIOUS};

    /** outc_cod to an outcome; null for blank or a value outside the list. */
    static Outcome outcome(long code) {
        for (int i = 0; i < OUTCOME_CODES.length; i++) {
            if (OUTCOME_CODES[i] == code) {
                return OUTCOMES[i];
            }
        }
        return null;
    }

    private static final long F = Fields.code("F");
    private static final long M = Fields.code("M");
    private static final long[] SEX_OTHER = {Fields.code("UNK"), Fields.code("NS"), Fields.code("UNKNOWN"),
        Fields.code("FEMALE"), Fields.code("MALE")};
    private static final Sex[] SEX_OTHER_VALUES = {Sex.UNKNOWN, Sex.UNKNOWN, Sex.UNKNOWN, Sex.FEMALE, Sex.MALE};

    /** sex / gndr_cod to a sex (blank, UNK and NS, not specified, are UNKNOWN); null outside the list. */
    static Sex sex(long code) {
        if (code == F) {
            return Sex.FEMALE;
        }
        if (code == M) {
            return Sex.MALE;
        }
        if (code == 0) {
            return Sex.UNKNOWN;
        }
        for (int i = 0; i < SEX_OTHER.length; i++) {
            if (SEX_OTHER[i] == code) {
                return SEX_OTHER_VALUES[i];
            }
        }
        return null;
    }

    private static final long[] OCCUPATIONS = {Fields.code("MD"), Fields.code("PH"), Fields.code("OT"),
        Fields.code("HP"), Fields.code("LW"), Fields.code("CN")};
    private static final ReporterType[] REPORTERS = {ReporterType.PHYSICIAN, ReporterType.PHARMACIST,
        ReporterType.OTHER_HEALTH_PROFESSIONAL, ReporterType.OTHER_HEALTH_PROFESSIONAL, ReporterType.LAWYER,
        ReporterType.CONSUMER};

    /** occp_cod to a reporter type (blank is UNKNOWN); null outside the list. */
    static ReporterType reporter(long code) {
        if (code == 0) {
            return ReporterType.UNKNOWN;
        }
        for (int i = 0; i < OCCUPATIONS.length; i++) {
            if (OCCUPATIONS[i] == code) {
                return REPORTERS[i];
            }
        }
        return null;
    }

    private static final long[] AGE_UNIT_CODES;
    private static final double[] AGE_UNIT_YEARS;

    static {
        String[][] names = {
            {"YR", "YEAR", "YEARS", "YRS"},
            {"MON", "MONTH", "MONTHS"},
            {"WK", "WEEK", "WEEKS"},
            {"DY", "DAY", "DAYS"},
            {"HR", "HOUR", "HOURS"},
            {"DEC", "DECADE", "DECADES"}};
        double[] years = {1.0, 1.0 / 12, 7 / 365.25, 1 / 365.25, 1 / (365.25 * 24), 10.0};
        int n = 0;
        for (String[] group : names) {
            n += group.length;
        }
        AGE_UNIT_CODES = new long[n];
        AGE_UNIT_YEARS = new double[n];
        int k = 0;
        for (int g = 0; g < names.length; g++) {
            for (String name : names[g]) {
                AGE_UNIT_CODES[k] = Fields.code(name);
                AGE_UNIT_YEARS[k++] = years[g];
            }
        }
    }

    /** Years per unit of age_cod (YR, MON, WK, DY, HR, DEC and their spelled-out forms); NaN outside the list. */
    static double yearsPerAgeUnit(long code) {
        for (int i = 0; i < AGE_UNIT_CODES.length; i++) {
            if (AGE_UNIT_CODES[i] == code) {
                return AGE_UNIT_YEARS[i];
            }
        }
        return Double.NaN;
    }

    private static final Map<String, String> COUNTRY_NAMES = new HashMap<>();
    /** AA .. ZZ, so that the common two-letter codes are one shared String each. */
    private static final String[] TWO_LETTERS = new String[26 * 26];

    static {
        for (int i = 0; i < TWO_LETTERS.length; i++) {
            TWO_LETTERS[i] = new String(new char[] {(char) ('A' + i / 26), (char) ('A' + i % 26)});
        }
    }

    static {
        for (String iso : Locale.getISOCountries()) {
            String name = new Locale.Builder().setRegion(iso).build().getDisplayCountry(Locale.ENGLISH)
                    .toUpperCase(Locale.ROOT);
            COUNTRY_NAMES.putIfAbsent(name, iso);
        }
    }

    /**
     * reporter_country as the model wants it: null when blank or {@code COUNTRY NOT SPECIFIED};
     * a two-letter code (FAERS has sent GENC codes since 2021Q4, ISO-like) upper-cased; an English
     * country name (older quarters send names) mapped to its ISO 3166 code where the JDK's English
     * name is the same (UNITED STATES, CANADA, FRANCE ...); anything else upper-cased as given, for a
     * later mapping step.
     */
    static String country(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() == 2) {
            char a = text.charAt(0);
            char b = text.charAt(1);
            if (a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z') {
                return TWO_LETTERS[(a - 'A') * 26 + (b - 'A')];
            }
        }
        String s = text.toUpperCase(Locale.ROOT);
        if (s.equals("COUNTRY NOT SPECIFIED")) {
            return null;
        }
        if (s.length() == 2) {
            return s;
        }
        String iso = COUNTRY_NAMES.get(s);
        return iso != null ? iso : s;
    }
}
