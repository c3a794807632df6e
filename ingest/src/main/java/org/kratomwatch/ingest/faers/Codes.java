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

    private static final Map<Long, Outcome> OUTCOMES = Map.of(
            Fields.code("DE"), Outcome.DEATH,
            Fields.code("LT"), Outcome.LIFE_THREATENING,
            Fields.code("HO"), Outcome.HOSPITALIZATION,
            Fields.code("DS"), Outcome.DISABILITY,
            Fields.code("CA"), Outcome.CONGENITAL_ANOMALY,
            Fields.code("RI"), Outcome.REQUIRED_INTERVENTION,
            Fields.code("OT"), Outcome.OTHER_SERIOUS);

    /** outc_cod to an outcome; null for blank or a value outside the list. */
    static Outcome outcome(long code) {
        return OUTCOMES.get(code);
    }

    private static final Map<Long, Sex> SEXES = Map.of(
            Fields.code("F"), Sex.FEMALE,
            Fields.code("M"), Sex.MALE,
            Fields.code("FEMALE"), Sex.FEMALE,
            Fields.code("MALE"), Sex.MALE,
            Fields.code("UNK"), Sex.UNKNOWN,
            Fields.code("NS"), Sex.UNKNOWN,
            Fields.code("UNKNOWN"), Sex.UNKNOWN,
            0L, Sex.UNKNOWN);

    /** sex / gndr_cod to a sex (blank, UNK and NS, not specified, are UNKNOWN); null outside the list. */
    static Sex sex(long code) {
        return SEXES.get(code);
    }

    private static final Map<Long, ReporterType> REPORTERS = Map.of(
            Fields.code("MD"), ReporterType.PHYSICIAN,
            Fields.code("PH"), ReporterType.PHARMACIST,
            Fields.code("OT"), ReporterType.OTHER_HEALTH_PROFESSIONAL,
            Fields.code("HP"), ReporterType.OTHER_HEALTH_PROFESSIONAL,
            Fields.code("LW"), ReporterType.LAWYER,
            Fields.code("CN"), ReporterType.CONSUMER,
            0L, ReporterType.UNKNOWN);

    /** occp_cod to a reporter type (blank is UNKNOWN); null outside the list. */
    static ReporterType reporter(long code) {
        return REPORTERS.get(code);
    }

    private static final Map<Long, Double> AGE_UNITS = new HashMap<>();

    static {
        double year = 1.0;
        double month = 1.0 / 12;
        double week = 7 / 365.25;
        double day = 1 / 365.25;
        double hour = 1 / (365.25 * 24);
        double decade = 10.0;
        for (String s : new String[] {"YR", "YEAR", "YEARS", "YRS"}) {
            AGE_UNITS.put(Fields.code(s), year);
        }
        for (String s : new String[] {"MON", "MONTH", "MONTHS"}) {
            AGE_UNITS.put(Fields.code(s), month);
        }
        for (String s : new String[] {"WK", "WEEK", "WEEKS"}) {
            AGE_UNITS.put(Fields.code(s), week);
        }
        for (String s : new String[] {"DY", "DAY", "DAYS"}) {
            AGE_UNITS.put(Fields.code(s), day);
        }
        for (String s : new String[] {"HR", "HOUR", "HOURS"}) {
            AGE_UNITS.put(Fields.code(s), hour);
        }
        for (String s : new String[] {"DEC", "DECADE", "DECADES"}) {
            AGE_UNITS.put(Fields.code(s), decade);
        }
    }

    /** Years per unit of age_cod (YR, MON, WK, DY, HR, DEC and their spelled-out forms); null outside the list. */
    static Double yearsPerAgeUnit(long code) {
        return AGE_UNITS.get(code);
    }

    private static final Map<String, String> COUNTRY_NAMES = new HashMap<>();

    static {
        for (String iso : Locale.getISOCountries()) {
            String name = new Locale.Builder().setRegion(iso).build().getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT);
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
