package org.kratomwatch.stats.signal;

import java.util.List;

/**
 * The rules that fired for a pair, in the order of the criteria.
 *
 * @param fired names of the rules that fired (empty when none)
 */
public record Verdict(List<String> fired) {

    public static final Verdict NONE = new Verdict(List.of());

    public Verdict {
        fired = List.copyOf(fired);
    }

    /** True when at least one rule fired. */
    public boolean any() {
        return !fired.isEmpty();
    }

    /** True when the named rule fired. */
    public boolean fired(String rule) {
        return fired.contains(rule);
    }

    /** The fired rules joined by {@code |}, the form of the {@code signals} output column. */
    public String joined() {
        return String.join("|", fired);
    }
}
