package org.kratomwatch.ingest.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A disproportionality signal the generator plants, of known strength, from a known quarter.
 *
 * <p><b>Meaning of {@code strength}.</b> Reports of a case whose initial report was received in or after
 * {@code onset} list {@code event} with {@code strength} times the probability they would have had without the
 * substance, <em>everything else in the report kept equal</em> (the other drugs, whose classes have their own
 * multipliers: see effects.tsv). For an interaction signal the factor applies only to reports naming both the
 * substance and a drug of {@code interactingWith}, on top of the product of their single effects (so it is an effect
 * beyond the multiplicative, and far beyond the additive, joint effect). Probabilities are capped at 0.9.
 *
 * <p>The crude reporting ratio (PRR, ROR) seen in the data is not {@code strength}: kratom reports co-report opioids
 * and benzodiazepines, which raise withdrawal and dependence terms themselves (confounding), and the comparator
 * contains those drugs' reports (masking). {@link GroundTruth} gives the exact counts the written files hold.
 *
 * @param substance       {@code kratom} or {@code 7-hydroxymitragynine} (the substance ids of the substance
 *                        dictionary)
 * @param interactingWith null for a single-substance signal; else a drug class of the catalog
 *                        ({@code benzodiazepine}, {@code opioid}, {@code stimulant}, {@code alcohol} ...)
 * @param event           the MedDRA preferred term, as written in REAC
 * @param strength        the multiplier, &gt; 0
 * @param onset           the first quarter (of the case's initial report) the multiplier applies to
 */
public record PlantedSignal(String substance, String interactingWith, String event, double strength, Quarter onset) {

    public static final String KRATOM = "kratom";
    public static final String SEVEN_OH = "7-hydroxymitragynine";
    static final Set<String> SUBSTANCES = Set.of(KRATOM, SEVEN_OH);

    public PlantedSignal {
        Objects.requireNonNull(substance, "substance");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(onset, "onset");
        if (!SUBSTANCES.contains(substance)) {
            throw new IllegalArgumentException("planted signals are for " + SUBSTANCES + ", not " + substance);
        }
        if (event.isBlank() || event.indexOf('$') >= 0 || event.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("not a usable event term: " + event);
        }
        if (!(strength > 0) || Double.isInfinite(strength)) {
            throw new IllegalArgumentException("strength must be a positive number: " + strength);
        }
        if (interactingWith != null && interactingWith.isBlank()) {
            interactingWith = null;
        }
    }

    public static PlantedSignal single(String substance, String event, double strength, Quarter onset) {
        return new PlantedSignal(substance, null, event, strength, onset);
    }

    public static PlantedSignal interaction(String substance, String interactingWith, String event, double strength,
            Quarter onset) {
        return new PlantedSignal(substance, Objects.requireNonNull(interactingWith, "interactingWith"), event, strength,
                onset);
    }

    public boolean isInteraction() {
        return interactingWith != null;
    }

    /** A stable identifier, e.g. {@code kratom|Drug withdrawal syndrome} or {@code kratom+benzodiazepine|...}. */
    public String id() {
        return (interactingWith == null ? substance : substance + "+" + interactingWith) + "|" + event;
    }

    /**
     * Parses the command-line form {@code SUBSTANCE[+CLASS]:EVENT:STRENGTH[:ONSET]}, e.g.
     * {@code kratom:Drug withdrawal syndrome:8:2021Q3} or {@code kratom+benzodiazepine:Respiratory depression:5:+2}.
     * ONSET is a quarter or {@code +N} quarters after {@code firstQuarter}; absent means {@code firstQuarter}.
     */
    public static PlantedSignal parse(String spec, Quarter firstQuarter) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException(
                    "expected SUBSTANCE[+CLASS]:EVENT:STRENGTH[:ONSET], e.g. kratom:Drug withdrawal syndrome:8:2021Q3, not "
                            + spec);
        }
        String who = parts[0].trim();
        String with = null;
        int plus = who.indexOf('+');
        if (plus >= 0) {
            with = who.substring(plus + 1).trim().toLowerCase(Locale.ROOT);
            who = who.substring(0, plus).trim();
        }
        double strength;
        try {
            strength = Double.parseDouble(parts[2].trim().replaceFirst("^[xX×]", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strength is not a number in " + spec, e);
        }
        Quarter onset = firstQuarter;
        if (parts.length == 4 && !parts[3].isBlank()) {
            String o = parts[3].trim();
            onset = o.startsWith("+") ? firstQuarter.plus(Integer.parseInt(o.substring(1))) : Quarter.parse(o);
        }
        return new PlantedSignal(who.toLowerCase(Locale.ROOT), with, parts[1].trim(), strength, onset);
    }

    /**
     * The default signals for a quarter range (onsets are clamped to the range):
     * kratom × Drug withdrawal syndrome ×8 from the 3rd quarter; kratom × Drug dependence ×6 from the 5th;
     * kratom × Hepatotoxicity ×4 from the 1st; 7-hydroxymitragynine × Withdrawal syndrome ×10 from the quarter after
     * 7-OH products appear; kratom + benzodiazepine × Respiratory depression ×5 (interaction) from the 3rd.
     */
    public static List<PlantedSignal> defaults(Quarter first, Quarter last, Quarter sevenOhFrom) {
        List<PlantedSignal> out = new ArrayList<>();
        out.add(single(KRATOM, "Drug withdrawal syndrome", 8, clamp(first.plus(2), first, last)));
        out.add(single(KRATOM, "Drug dependence", 6, clamp(first.plus(4), first, last)));
        out.add(single(KRATOM, "Hepatotoxicity", 4, first));
        out.add(single(SEVEN_OH, "Withdrawal syndrome", 10, clamp(sevenOhFrom.plus(1), first, last)));
        out.add(interaction(KRATOM, "benzodiazepine", "Respiratory depression", 5, clamp(first.plus(2), first, last)));
        return out;
    }

    private static Quarter clamp(Quarter q, Quarter first, Quarter last) {
        return q.compareTo(first) < 0 ? first : q.compareTo(last) > 0 ? last : q;
    }
}
