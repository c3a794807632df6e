package org.kratomwatch.stats.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kratomwatch.stats.score.Measures;

/**
 * An ordered set of {@link SignalRule}s and the combined verdict: which of them fired.
 */
public final class SignalCriteria {

    private final List<SignalRule> rules;

    public SignalCriteria(List<SignalRule> rules) {
        Map<String, SignalRule> byName = new LinkedHashMap<>();
        for (SignalRule r : rules) {
            if (byName.put(r.name(), r) != null) {
                throw new IllegalArgumentException("signal rule listed twice: " + r.name());
            }
        }
        this.rules = List.copyOf(byName.values());
    }

    /** Evans (a ≥ 3, PRR ≥ 2, Yates χ² ≥ 4), ROR025 &gt; 1 with a ≥ 3, IC025 &gt; 0, EB05 ≥ 2. */
    public static SignalCriteria defaults() {
        return new SignalCriteria(List.of(new SignalRule.Evans(), new SignalRule.RorLowerLimit(),
                new SignalRule.IcLowerLimit(), new SignalRule.EbLowerLimit()));
    }

    /**
     * The default rules restricted to the given names, in the given order
     * ({@code evans}, {@code ror025}, {@code ic025}, {@code eb05}).
     *
     * @throws IllegalArgumentException naming an unknown rule
     */
    public static SignalCriteria named(List<String> names) {
        Map<String, SignalRule> known = new LinkedHashMap<>();
        for (SignalRule r : defaults().rules()) {
            known.put(r.name(), r);
        }
        List<SignalRule> chosen = new ArrayList<>();
        for (String n : names) {
            SignalRule r = known.get(n.trim());
            if (r == null) {
                throw new IllegalArgumentException("unknown signal rule '" + n.trim() + "' (known: "
                        + String.join(", ", known.keySet()) + ")");
            }
            chosen.add(r);
        }
        return new SignalCriteria(chosen);
    }

    public List<SignalRule> rules() {
        return rules;
    }

    /** The verdict: names of the rules that fire on these measures, in rule order. */
    public Verdict evaluate(Measures m) {
        List<String> fired = new ArrayList<>(rules.size());
        for (SignalRule r : rules) {
            if (r.fires(m)) {
                fired.add(r.name());
            }
        }
        return fired.isEmpty() ? Verdict.NONE : new Verdict(fired);
    }
}
