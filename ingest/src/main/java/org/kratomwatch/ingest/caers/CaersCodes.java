package org.kratomwatch.ingest.caers;

import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.ingest.model.IcsrCodes;

/**
 * CAERS' text codes, as the CSV export and openFDA's food/event JSON write them. Shared by
 * {@link CaersReader} and the openFDA reader's food/event form.
 *
 * <h2>Outcomes</h2>
 * CAERS outcomes are labels, several per report ({@code AEC_One Row Outcomes} joins them with
 * {@code ", "}; food/event gives an array). They map to the model's serious outcomes as follows;
 * a report is serious when it has at least one serious outcome (the schema's rule for CAERS).
 * <table>
 *   <caption>CAERS outcome labels</caption>
 *   <tr><th>label (case-insensitive; variants seen in exports)</th><th>outcome</th></tr>
 *   <tr><td>Death</td><td>DEATH</td></tr>
 *   <tr><td>Life Threatening</td><td>LIFE_THREATENING</td></tr>
 *   <tr><td>Hospitalization</td><td>HOSPITALIZATION</td></tr>
 *   <tr><td>Disability</td><td>DISABILITY</td></tr>
 *   <tr><td>Congenital Anomaly</td><td>CONGENITAL_ANOMALY</td></tr>
 *   <tr><td>Required Intervention; Req. Intervention to Prvnt Perm. Imprmnt.</td><td>REQUIRED_INTERVENTION</td></tr>
 *   <tr><td>Other Serious (Important Medical Events); Other Serious or Important Medical Event;
 *       Other Serious Outcome; Serious Injuries/ Illness</td><td>OTHER_SERIOUS</td></tr>
 *   <tr><td>Visited Emergency Room; Visited an ER; Visited a Health Care Provider; Non-serious
 *       Injuries/ Illness; Other Outcome; None; Unknown</td><td>none (not serious): an emergency
 *       room or doctor's visit is not one of the ICH seriousness criteria</td></tr>
 * </table>
 * Any other label is ignored (and counted by the caller), never guessed.
 */
public final class CaersCodes {

    /**
     * MedDRA preferred terms contain {@code ", "} in a few places ({@code Hallucination, visual});
     * CAERS joins terms with the same {@code ", "}. A piece that is one of these qualifiers
     * (any case) continues the previous term. (A lower-case start is no sign: MedDRA has PTs such
     * as {@code pH urine increased}.) Without MedDRA itself the list cannot be complete.
     */
    private static final Set<String> CONTINUATIONS = Set.of(
            "VISUAL", "AUDITORY", "OLFACTORY", "TACTILE", "GUSTATORY", "SYNAESTHETIC", "MIXED");
    private static final int MAX_CONTINUATION = 12;

    private static final Pattern SLASHED_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?:[T ].*)?");

    private CaersCodes() {
    }

    /** The result of mapping a list of outcome labels. */
    public record Outcomes(Set<Outcome> serious, List<String> unrecognized) {

        public boolean isSerious() {
            return !serious.isEmpty();
        }
    }

    /** Maps outcome labels (see the class comment). */
    public static Outcomes outcomes(Iterable<String> labels) {
        EnumSet<Outcome> out = EnumSet.noneOf(Outcome.class);
        List<String> unknown = new ArrayList<>(0);
        for (String label : labels) {
            if (label == null || label.isBlank()) {
                continue;
            }
            String l = label.trim().toUpperCase(Locale.ROOT);
            Outcome o = serious(l);
            if (o != null) {
                out.add(o);
            } else if (!notSerious(l)) {
                unknown.add(label.trim());
            }
        }
        return new Outcomes(out, unknown);
    }

    /** Splits {@code AEC_One Row Outcomes} on {@code ", "} (no outcome label contains one). */
    public static List<String> splitOutcomes(String field) {
        List<String> out = new ArrayList<>(4);
        if (field == null) {
            return out;
        }
        int start = 0;
        while (start <= field.length()) {
            int i = field.indexOf(", ", start);
            int end = i < 0 ? field.length() : i;
            String s = field.substring(start, end).trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
            if (i < 0) {
                break;
            }
            start = i + 2;
        }
        return out;
    }

    private static Outcome serious(String l) {
        if (l.contains("NON-SERIOUS") || l.startsWith("NON SERIOUS")) {
            return null;
        }
        if (l.equals("DEATH") || l.equals("DIED")) {
            return Outcome.DEATH;
        }
        if (l.startsWith("LIFE THREATENING") || l.startsWith("LIFE-THREATENING")) {
            return Outcome.LIFE_THREATENING;
        }
        if (l.startsWith("HOSPITALI")) {
            return Outcome.HOSPITALIZATION;
        }
        if (l.startsWith("DISABILITY")) {
            return Outcome.DISABILITY;
        }
        if (l.startsWith("CONGENITAL")) {
            return Outcome.CONGENITAL_ANOMALY;
        }
        if (l.startsWith("REQUIRED INTERVENTION") || l.startsWith("REQ. INTERVENTION") || l.startsWith("REQ INTERVENTION")) {
            return Outcome.REQUIRED_INTERVENTION;
        }
        if (l.startsWith("OTHER SERIOUS") || l.startsWith("SERIOUS INJURIES") || l.contains("IMPORTANT MEDICAL EVENT")) {
            return Outcome.OTHER_SERIOUS;
        }
        return null;
    }

    private static boolean notSerious(String l) {
        return l.startsWith("VISITED") || l.contains("NON-SERIOUS") || l.startsWith("NON SERIOUS")
                || l.equals("OTHER OUTCOME") || l.equals("NONE") || l.equals("UNKNOWN") || l.equals("NOT AVAILABLE");
    }

    /** {@code Suspect} / {@code SUSPECT} and {@code Concomitant}; anything else unknown. */
    public static DrugRole role(String text) {
        if (text == null) {
            return DrugRole.UNKNOWN;
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "SUSPECT", "S" -> DrugRole.SUSPECT;
            case "CONCOMITANT", "C" -> DrugRole.CONCOMITANT;
            default -> DrugRole.UNKNOWN;
        };
    }

    /** {@code Female}, {@code Male} (or F, M); {@code Not Available}, {@code Unknown} and others unknown. */
    public static Sex sex(String text) {
        if (text == null) {
            return Sex.UNKNOWN;
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "FEMALE", "F" -> Sex.FEMALE;
            case "MALE", "M" -> Sex.MALE;
            default -> Sex.UNKNOWN;
        };
    }

    /**
     * Age in years from a number and a CAERS unit ({@code Year(s)}, {@code Month(s)},
     * {@code Week(s)}, {@code Day(s)}, {@code Decade(s)}, {@code Hour(s)}; any case); null when
     * either is missing or unusable ({@code Not Available}).
     */
    public static Double ageYears(String value, String unit) {
        Double v = IcsrCodes.number(value);
        if (v == null || unit == null) {
            return null;
        }
        String u = unit.trim().toLowerCase(Locale.ROOT).replace("(s)", "");
        if (u.endsWith("s")) {
            u = u.substring(0, u.length() - 1);
        }
        return switch (u) {
            case "decade" -> v * 10;
            case "year", "yr" -> v;
            case "month" -> v / 12;
            case "week" -> v * 7 / IcsrCodes.DAYS_PER_YEAR;
            case "day" -> v / IcsrCodes.DAYS_PER_YEAR;
            case "hour" -> v / (24 * IcsrCodes.DAYS_PER_YEAR);
            default -> null;
        };
    }

    /**
     * The month of a CAERS date: {@code M/d/yyyy} (the CSV export), {@code yyyy-MM-dd}, or the
     * compact forms {@code yyyyMMdd}, {@code yyyyMM} (openFDA food/event). Null for null or blank.
     *
     * @throws IllegalArgumentException for anything else or an impossible date
     */
    public static YearMonth month(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim();
        Matcher m = SLASHED_DATE.matcher(t);
        int y;
        int mo;
        int d;
        if (m.matches()) {
            mo = Integer.parseInt(m.group(1));
            d = Integer.parseInt(m.group(2));
            y = Integer.parseInt(m.group(3));
        } else if ((m = ISO_DATE.matcher(t)).matches()) {
            y = Integer.parseInt(m.group(1));
            mo = Integer.parseInt(m.group(2));
            d = Integer.parseInt(m.group(3));
        } else {
            return IcsrCodes.month(t);
        }
        if (y < 1900 || y > 2100) {
            throw new IllegalArgumentException("year " + y + " out of range");
        }
        try {
            java.time.LocalDate.of(y, mo, d);
            return YearMonth.of(y, mo);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("impossible date");
        }
    }

    /**
     * Splits {@code SYM_One Row Coded Symptoms} into MedDRA terms on {@code ", "}, keeping terms
     * such as {@code HALLUCINATION, VISUAL} whole (see {@link #CONTINUATIONS}); blanks dropped.
     */
    public static List<String> splitSymptoms(String field) {
        List<String> out = new ArrayList<>(4);
        if (field == null || field.isBlank()) {
            return out;
        }
        int start = 0;
        int n = field.length();
        while (start <= n) {
            int i = field.indexOf(", ", start);
            int end = i < 0 ? n : i;
            String piece = field.substring(start, end).trim();
            if (!piece.isEmpty()) {
                if (!out.isEmpty() && continues(piece)) {
                    int last = out.size() - 1;
                    out.set(last, out.get(last) + ", " + piece);
                } else {
                    out.add(piece);
                }
            }
            if (i < 0) {
                break;
            }
            start = i + 2;
        }
        return out;
    }

    private static boolean continues(String piece) {
        return piece.length() <= MAX_CONTINUATION && CONTINUATIONS.contains(piece.toUpperCase(Locale.ROOT));
    }
}
