package org.kratomwatch.app.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.schemas.Terms;
import org.kratomwatch.stats.signal.SignalRule;
import org.kratomwatch.streams.engine.WatchList;

/**
 * Turns the engine's signal records, read after each step, into the lines the demo prints as
 * signals emerge, and remembers when each rule first fired for each pair.
 *
 * <p>A pair is announced when at least {@value #AGREEING_RULES} of the four disproportionality
 * rules fire for it at once. Evans and ROR025 fire together on almost every pair with a = 3 and a
 * rare event, so two rules would bury the planted signals under chance ones; a shrinkage rule
 * (IC025 or EB05) has to agree. Every pair stays in signals.csv and the API. Afterwards a line
 * follows when a further rule (increased reporting too) fires for the first time, and when no
 * rule fires any more. Only the cumulative results against the whole database are printed; the
 * per-period results and the excl-opioid comparator are on the API.
 *
 * <p>When each rule first fired is the engine's own {@code firstFired} (the first period whose
 * results, at any moment, had the rule firing). Ω interactions carry no such record, so for them
 * the first step after which {@code omega025 > 0} is kept here.
 */
final class SignalFeed {

    /** The disproportionality rules whose agreement puts a pair on screen. */
    static final List<String> DISPROPORTIONALITY_RULES = List.of(SignalRule.Evans.NAME, SignalRule.RorLowerLimit.NAME,
            SignalRule.IcLowerLimit.NAME, SignalRule.EbLowerLimit.NAME);
    /** How many of them must fire together before a pair is announced as a signal on screen. */
    static final int AGREEING_RULES = 3;
    /** The name under which the Ω criterion (omega025 &gt; 0) is reported. */
    static final String OMEGA_RULE = "omega025";

    private final Map<String, Map<String, String>> lastFirstFired = new HashMap<>();
    private final Set<String> open = new HashSet<>();
    private final Set<String> everShown = new HashSet<>();
    private final Map<String, DisproportionalitySignal> latest = new HashMap<>();
    private final Map<String, String> omegaFirst = new HashMap<>();
    private boolean anySignal;

    /** One line to print. */
    record Line(String text, boolean signal) {
    }

    /** The substance-level records shown on screen: cumulative, whole-database comparator. */
    static boolean shown(DisproportionalitySignal s) {
        return s.getScope() == Scope.CUMULATIVE && s.getComparator().equals("all")
                && !s.getSubstance().equals(WatchList.KRATOM_RELATED);
    }

    /**
     * Takes the records after a step and returns what changed, in a stable order.
     *
     * @param period       the step's data period (for Ω first detection)
     * @param signals      every signal record the engine holds
     * @param interactions every Ω record the engine holds
     */
    List<Line> update(String period, List<DisproportionalitySignal> signals, List<InteractionSignal> interactions) {
        List<DisproportionalitySignal> sorted = new ArrayList<>(signals.stream().filter(SignalFeed::shown).toList());
        sorted.sort(Comparator.comparing(DisproportionalitySignal::getSubstance).thenComparing(DisproportionalitySignal::getEvent)
                .thenComparing(DisproportionalitySignal::getEventKind));
        List<Line> lines = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (DisproportionalitySignal s : sorted) {
            String key = key(s.getSubstance(), s.getEventKind(), s.getEvent());
            present.add(key);
            latest.put(key, s);
            Map<String, String> before = lastFirstFired.getOrDefault(key, Map.of());
            List<String> newRules = new ArrayList<>();
            for (String rule : s.getFirstFired().keySet()) {
                if (!before.containsKey(rule) && s.getSignalsFired().contains(rule)) {
                    newRules.add(rule);
                }
            }
            lastFirstFired.put(key, new LinkedHashMap<>(s.getFirstFired()));
            if (!open.contains(key) && agreeing(s) >= AGREEING_RULES) {
                open.add(key);
                lines.add(new Line(format(everShown.add(key) ? "NEW" : "AGAIN", s), true));
                anySignal = true;
            } else if (open.contains(key) && s.getSignalsFired().isEmpty()) {
                open.remove(key);
                lines.add(new Line(format("CLOSED", s), false));
            } else if (open.contains(key) && !newRules.isEmpty()) {
                lines.add(new Line(format("+RULE", s), false));
            }
        }
        for (String gone : new ArrayList<>(open)) {
            if (!present.contains(gone)) { // every case of the pair retracted
                open.remove(gone);
                lines.add(new Line("  " + pad("GONE", 7) + gone.replace("|", " x ") + ": no case left", false));
            }
        }
        for (InteractionSignal i : interactions) {
            if (i.getSignal()) {
                omegaFirst.putIfAbsent(interactionKey(i.getWatchSubstance(), i.getCoDrug(), i.getEvent()), period);
            }
        }
        return lines;
    }

    /** How many of the disproportionality rules fire for the record. */
    static int agreeing(DisproportionalitySignal s) {
        return (int) DISPROPORTIONALITY_RULES.stream().filter(s.getSignalsFired()::contains).count();
    }

    /** Whether any pair has been announced yet. */
    boolean anySignal() {
        return anySignal;
    }

    /** The first period each rule fired for a substance and event (a preferred term), as the engine recorded it. */
    Map<String, String> firstFired(String substance, String event) {
        return lastFirstFired.getOrDefault(key(substance, EventKind.PREFERRED_TERM, normalize(event)), Map.of());
    }

    /** The first step after which Ω flagged the triple, or null. */
    String omegaFirstDetected(String substance, String coDrug, String event) {
        return omegaFirst.get(interactionKey(substance, coDrug, normalize(event)));
    }

    /** The pairs announced and still firing, strongest (EB05, then ROR025) first. */
    List<DisproportionalitySignal> openSignals() {
        List<DisproportionalitySignal> out = new ArrayList<>();
        for (String k : open) {
            out.add(latest.get(k));
        }
        out.sort(Comparator.comparingDouble((DisproportionalitySignal s) -> Double.isNaN(s.getEb05()) ? -1 : s.getEb05())
                .thenComparingDouble(s -> Double.isNaN(s.getRorLower95()) ? -1 : s.getRorLower95()).reversed());
        return out;
    }

    /** The line of a signal: what, a, PRR, ROR with its CI, IC025, EB05, rules firing and when each first fired. */
    static String format(String tag, DisproportionalitySignal s) {
        StringBuilder rules = new StringBuilder();
        List<String> earlier = new ArrayList<>();
        for (Map.Entry<String, String> e : s.getFirstFired().entrySet()) {
            if (s.getSignalsFired().contains(e.getKey())) {
                rules.append(rules.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            } else {
                earlier.add(e.getKey() + " " + e.getValue());
            }
        }
        if (rules.length() == 0) {
            rules.append("none");
        }
        if (!earlier.isEmpty()) {
            rules.append("; earlier ").append(String.join(", ", earlier));
        }
        return String.format(Locale.ROOT, "  %s%s a=%-4d PRR %s  ROR %s (%s-%s)  IC025 %s  EB05 %s  rules: %s",
                pad(tag, 7), pad(label(s), 50), s.getA(), num(s.getPrr()), num(s.getRor()), num(s.getRorLower95()),
                num(s.getRorUpper95()), num(s.getIc025()), num(s.getEb05()), rules);
    }

    static String label(DisproportionalitySignal s) {
        return s.getSubstance() + " x " + s.getEvent() + (s.getEventKind() == EventKind.TERM_GROUP ? " [group]" : "");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /** Two decimals; "-" for undefined, "inf" for unbounded. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String key(String substance, EventKind kind, String event) {
        return substance + "|" + event + (kind == EventKind.TERM_GROUP ? " [group]" : "");
    }

    private static String interactionKey(String substance, String coDrug, String event) {
        return substance + "|" + coDrug + "|" + event;
    }

    /** Event names as the engine counts them. */
    static String normalize(String event) {
        return Terms.normalize(event);
    }
}
