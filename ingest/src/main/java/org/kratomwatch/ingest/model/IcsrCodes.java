package org.kratomwatch.ingest.model;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;

/**
 * The code lists of ICH E2B(R2), which openFDA's drug/event JSON renders field for field, and of
 * E2B(R3) where they agree; plus months, quarters and countries. Shared by the E2B and openFDA
 * readers (CAERS uses the month and quarter helpers).
 *
 * <p>Every method maps a missing or unmappable value to the model's unknown ({@code null} or the
 * enum's {@code UNKNOWN}); only dates distinguish "absent" (null) from "malformed" (an exception),
 * because a malformed received date is a quarantine reason ({@code BAD_DATE}).
 */
public final class IcsrCodes {

    /** Days in a mean Gregorian year, for ages given in days, weeks or hours. */
    public static final double DAYS_PER_YEAR = 365.25;

    private static final Map<String, String> COUNTRIES = countries();
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private IcsrCodes() {
    }

    /** E2B A.2.1.4 / C.2.r.4 qualification: 1 physician, 2 pharmacist, 3 other health professional, 4 lawyer, 5 consumer. */
    public static ReporterType qualification(String code) {
        if (code == null) {
            return ReporterType.UNKNOWN;
        }
        return switch (code.trim()) {
            case "1" -> ReporterType.PHYSICIAN;
            case "2" -> ReporterType.PHARMACIST;
            case "3" -> ReporterType.OTHER_HEALTH_PROFESSIONAL;
            case "4" -> ReporterType.LAWYER;
            case "5" -> ReporterType.CONSUMER;
            default -> ReporterType.UNKNOWN;
        };
    }

    /** E2B B.1.5 patientsex / R3 D.5 (ISO 5218): 1 male, 2 female; 0, 9 and anything else unknown. */
    public static Sex sex(String code) {
        if (code == null) {
            return Sex.UNKNOWN;
        }
        return switch (code.trim()) {
            case "1" -> Sex.MALE;
            case "2" -> Sex.FEMALE;
            default -> Sex.UNKNOWN;
        };
    }

    /**
     * E2B B.4.k.1 drugcharacterization / R3 G.k.1: 1 suspect, 2 concomitant, 3 interacting. R3's
     * 4 (drug not administered) is not a role of the model; callers decide (see {@link #NOT_ADMINISTERED}).
     */
    public static DrugRole characterization(String code) {
        if (code == null) {
            return DrugRole.UNKNOWN;
        }
        return switch (code.trim()) {
            case "1" -> DrugRole.SUSPECT;
            case "2" -> DrugRole.CONCOMITANT;
            case "3" -> DrugRole.INTERACTING;
            default -> DrugRole.UNKNOWN;
        };
    }

    /** E2B(R3) G.k.1 value 4, "drug not administered". */
    public static final String NOT_ADMINISTERED = "4";

    /**
     * Age in years from an E2B(R2) age and unit code (B.1.2.2a/b, openFDA patientonsetage /
     * patientonsetageunit): 800 decade, 801 year, 802 month, 803 week, 804 day, 805 hour. Null when
     * either is missing, the number is not a finite non-negative number, or the unit is another code.
     */
    public static Double ageYears(String value, String unitCode) {
        Double v = number(value);
        if (v == null || unitCode == null) {
            return null;
        }
        return switch (unitCode.trim()) {
            case "800" -> v * 10;
            case "801" -> v;
            case "802" -> v / 12;
            case "803" -> v * 7 / DAYS_PER_YEAR;
            case "804" -> v / DAYS_PER_YEAR;
            case "805" -> v / (24 * DAYS_PER_YEAR);
            default -> null;
        };
    }

    /**
     * Age in years from an E2B(R3) D.2.2a value and D.2.2b UCUM unit: {@code a} year,
     * {@code mo} month, {@code wk} week, {@code d} day, {@code h} hour, {@code min} minute,
     * {@code {decade}} decade. Null otherwise.
     */
    public static Double ageYearsUcum(String value, String unit) {
        Double v = number(value);
        if (v == null || unit == null) {
            return null;
        }
        return switch (unit.trim()) {
            case "{decade}" -> v * 10;
            case "a" -> v;
            case "mo" -> v / 12;
            case "wk" -> v * 7 / DAYS_PER_YEAR;
            case "d" -> v / DAYS_PER_YEAR;
            case "h" -> v / (24 * DAYS_PER_YEAR);
            case "min" -> v / (24 * 60 * DAYS_PER_YEAR);
            default -> null;
        };
    }

    /**
     * A version or count: 1 to 18 ASCII digits (blanks around them allowed), else -1. Checked by
     * hand rather than with {@link Long#parseLong}, whose exception copies the whole text into its
     * message (a 50 MB field, a 50 MB message).
     */
    public static long wholeNumber(String s) {
        String t = s == null ? "" : s.strip();
        if (t.isEmpty() || t.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A finite non-negative number, else null. */
    public static Double number(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.isEmpty() || t.length() > 64) { // no number is longer; parseDouble would copy it into its exception
            return null;
        }
        try {
            double d = Double.parseDouble(t);
            return Double.isFinite(d) && d >= 0 ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The month of an E2B date: {@code YYYYMMDD} (format 102), {@code YYYYMM} (610) or {@code YYYY}
     * (602), or an HL7 TS such as {@code 20220614101010-0500} (the month as written; the time zone
     * does not move it). Null for null, blank or a year alone (valid, but no month).
     *
     * @throws IllegalArgumentException when the text is none of these, or an impossible date, or
     *                                  a year outside 1900–2100
     */
    public static YearMonth month(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.isEmpty()) {
            return null;
        }
        int digits = 0;
        while (digits < t.length() && digits < 14 && isDigit(t.charAt(digits))) {
            digits++;
        }
        if (digits != 4 && digits != 6 && (digits < 8 || digits % 2 != 0)
                || digits < t.length() && !validTsTail(t, digits)) {
            throw new IllegalArgumentException("not YYYYMMDD, YYYYMM or YYYY");
        }
        int year = Integer.parseInt(t.substring(0, 4));
        if (year < 1900 || year > 2100) {
            throw new IllegalArgumentException("year " + year + " out of range");
        }
        if (digits == 4) {
            return null;
        }
        int m = Integer.parseInt(t.substring(4, 6));
        try {
            if (digits >= 8) {
                LocalDate.of(year, m, Integer.parseInt(t.substring(6, 8)));
            }
            return YearMonth.of(year, m);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("impossible date");
        }
    }

    private static boolean validTsTail(String t, int digits) {
        // digits >= 8 here only when followed by a fraction or a zone: .fff, +ZZZZ, -ZZZZ
        if (digits < 8) {
            return false;
        }
        String tail = t.substring(digits);
        return tail.matches("(\\.\\d{1,4})?([+-]\\d{4})?");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The calendar quarter of a month, e.g. {@code 2021Q2}; null for null. */
    public static String quarter(YearMonth ym) {
        return ym == null ? null : ym.getYear() + "Q" + ((ym.getMonthValue() - 1) / 3 + 1);
    }

    /**
     * An upper-case ISO 3166-1 alpha-2 code from a code or an English country name as the sources
     * write them ({@code US}, {@code us}, {@code USA}, {@code UNITED STATES}, {@code UK}); null when
     * missing or not recognized.
     */
    public static String country(String raw) {
        if (raw == null) {
            return null;
        }
        String direct = COUNTRIES.get(raw); // the usual case: already an upper-case code
        if (direct != null) {
            return direct;
        }
        String t = SPACES.matcher(raw.trim()).replaceAll(" ").toUpperCase(Locale.ROOT);
        if (t.isEmpty()) {
            return null;
        }
        return COUNTRIES.get(t);
    }

    private static Map<String, String> countries() {
        Map<String, String> m = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            Locale l = new Locale.Builder().setRegion(code).build();
            m.put(code, code);
            try {
                m.put(l.getISO3Country(), code);
            } catch (java.util.MissingResourceException e) {
                // no alpha-3 for this region
            }
            m.put(l.getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT), code);
        }
        String[][] aliases = {
            {"UK", "GB"}, {"GREAT BRITAIN", "GB"}, {"ENGLAND", "GB"}, {"UNITED STATES OF AMERICA", "US"},
            {"U.S.A.", "US"}, {"U.S.", "US"}, {"KOREA, REPUBLIC OF", "KR"}, {"REPUBLIC OF KOREA", "KR"},
            {"SOUTH KOREA", "KR"}, {"RUSSIAN FEDERATION", "RU"}, {"VIET NAM", "VN"}, {"IRAN, ISLAMIC REPUBLIC OF", "IR"},
            {"TAIWAN, PROVINCE OF CHINA", "TW"}, {"CZECH REPUBLIC", "CZ"}, {"TURKEY", "TR"}, {"HOLLAND", "NL"},
            {"THE NETHERLANDS", "NL"}, {"MACEDONIA", "MK"}, {"SWAZILAND", "SZ"}, {"IVORY COAST", "CI"},
        };
        for (String[] a : aliases) {
            m.put(a[0], a[1]);
        }
        return Map.copyOf(m);
    }
}
