package org.kratomwatch.streams.signal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.schemas.Periods;
import org.kratomwatch.stats.signal.IncreasedReporting;
import org.kratomwatch.stats.signal.SignalRule;

/**
 * The life cycle of a substance–event signal, re-evaluated each data period, as
 * {@code SignalState.avsc} documents it. A pure function of the previous period's and the current
 * period's results; the engine keeps those and calls {@link #next}.
 *
 * <h2>Transitions</h2>
 * With {@code P} the rules firing in the previous period (empty when there is none) and {@code C}
 * the rules firing now:
 * <ul>
 *   <li>{@code C} empty: {@link SignalState#CLOSED} when {@code P} is not empty; otherwise CLOSED when
 *       a rule fired in some earlier period (a closed signal stays closed: since it last fired,
 *       every period was CLOSED), else {@link SignalState#NONE}.</li>
 *   <li>{@code C} not empty, {@code P} empty: {@link SignalState#NEW} (a first signal, or one
 *       re-opened after CLOSED).</li>
 *   <li>both not empty: {@link SignalState#STRENGTHENED} when {@code |C| > |P|},
 *       {@link SignalState#WEAKENED} when {@code |C| < |P|}. With {@code |C| = |P|}, the lower limits of
 *       the rules in {@code C ∩ P} are compared on the ratio scale: {@code prrLower95} for
 *       {@code evans}, {@code rorLower95} for {@code ror025}, {@code 2^ic025} for {@code ic025},
 *       {@code eb05} for {@code eb05}; {@code increased-reporting} has no limit and is not compared.
 *       A limit {@code L} rose when {@code L_now > L_prev} and {@code L_now / L_prev ≥ τ}, fell
 *       when {@code L_now < L_prev} and {@code L_prev / L_now ≥ τ} ({@code τ} = {@link #tolerance()},
 *       default 1.10; {@code x / 0 = +∞}, so a rise from 0 counts). STRENGTHENED when every compared
 *       limit rose, WEAKENED when every one fell, else {@link SignalState#ONGOING}, also when nothing
 *       can be compared (no common rule with a limit, e.g. the same number of different rules).</li>
 * </ul>
 * A limit that is {@code NaN} (or negative, impossible on the ratio scale) in either period is left
 * out of the comparison: an infinite PRR (no other case with the event) has a {@code NaN} lower
 * limit although Evans' rule fires. The number of rules counts {@code increased-reporting} too.
 *
 * <h2>Why a tolerance</h2>
 * Cumulative lower limits move a little with every period: each new case of the pair, of the
 * substance or of the event, and the growth of the whole background, shift them by a few percent.
 * Without a tolerance band a stable signal would flip between STRENGTHENED and WEAKENED every
 * period on that noise, and analysts would learn to ignore both. Requiring every common limit to
 * move by a factor of at least {@code τ} in the same direction keeps STRENGTHENED and WEAKENED for
 * real changes and makes ONGOING the state of a stable signal. The ratio scale makes one {@code τ}
 * fit every rule ({@code τ = 1.10} on {@code 2^IC025} is a change of {@code log2(1.1) ≈ 0.14} in
 * IC025). The default 10% is this project's choice, not a published standard.
 */
public final class SignalStates {

    /** The default tolerance factor: lower limits must move by at least 10%. */
    public static final double DEFAULT_TOLERANCE = 1.10;

    private final double tolerance;

    /** States with the {@linkplain #DEFAULT_TOLERANCE default tolerance}. */
    public SignalStates() {
        this(DEFAULT_TOLERANCE);
    }

    /**
     * @param tolerance the factor {@code τ ≥ 1} by which lower limits must move (1 = any change)
     * @throws IllegalArgumentException when {@code tolerance} is not finite or below 1
     */
    public SignalStates(double tolerance) {
        if (!(tolerance >= 1.0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and >= 1: " + tolerance);
        }
        this.tolerance = tolerance;
    }

    /** The tolerance factor {@code τ}. */
    public double tolerance() {
        return tolerance;
    }

    /**
     * What one period's result says about a signal: the rules that fire and the lower limits of the
     * measures (ratio scale except {@code ic025}, which is on the log2 scale as published).
     *
     * @param fired      names of the rules firing ({@code evans}, {@code ror025}, {@code ic025},
     *                   {@code eb05}, {@code increased-reporting}); empty when none fires
     * @param prrLower95 lower 95% limit of the PRR; {@code NaN} when undefined
     * @param rorLower95 lower 95% limit of the ROR (ROR025); {@code NaN} when undefined
     * @param ic025      lower limit of the IC (log2 scale); {@code NaN} when undefined
     * @param eb05       5th percentile of the EBGM posterior; {@code NaN} when undefined
     */
    public record Snapshot(Set<String> fired, double prrLower95, double rorLower95, double ic025, double eb05) {

        /** Nothing fires and nothing is known; use it for a missing previous period. */
        public static final Snapshot NOTHING = new Snapshot(Set.of(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        public Snapshot {
            fired = Set.copyOf(fired);
        }

        /** The snapshot of a signal record ({@code signalsFired} and the four lower limits). */
        public static Snapshot of(DisproportionalitySignal s) {
            return new Snapshot(Set.copyOf(s.getSignalsFired()), s.getPrrLower95(), s.getRorLower95(), s.getIc025(),
                    s.getEb05());
        }

        /** True when at least one rule fires. */
        public boolean any() {
            return !fired.isEmpty();
        }

        /**
         * The lower limit belonging to a rule on the ratio scale ({@code 2^ic025} for {@code ic025});
         * {@code NaN} for a rule without one ({@code increased-reporting}, unknown names).
         */
        public double ratioScaleLimit(String rule) {
            return switch (rule) {
                case SignalRule.Evans.NAME -> prrLower95;
                case SignalRule.RorLowerLimit.NAME -> rorLower95;
                case SignalRule.IcLowerLimit.NAME -> Math.pow(2.0, ic025);
                case SignalRule.EbLowerLimit.NAME -> eb05;
                case IncreasedReporting.NAME -> Double.NaN;
                default -> Double.NaN;
            };
        }
    }

    /**
     * The state after the current period (see the class documentation).
     *
     * @param previousPeriod the result of the period before the current one, or
     *                       {@link Snapshot#NOTHING} when there is none
     * @param current        the current period's result
     * @param firedBefore    true when some rule fired in any period before the current one (for
     *                       example {@link FirstFired#firedBefore})
     */
    public SignalState next(Snapshot previousPeriod, Snapshot current, boolean firedBefore) {
        Objects.requireNonNull(previousPeriod, "previousPeriod (use Snapshot.NOTHING)");
        Objects.requireNonNull(current, "current");
        if (!current.any()) {
            return previousPeriod.any() || firedBefore ? SignalState.CLOSED : SignalState.NONE;
        }
        if (!previousPeriod.any()) {
            return SignalState.NEW;
        }
        int now = current.fired().size();
        int before = previousPeriod.fired().size();
        if (now != before) {
            return now > before ? SignalState.STRENGTHENED : SignalState.WEAKENED;
        }
        int compared = 0;
        int rose = 0;
        int fell = 0;
        for (String rule : current.fired()) {
            if (!previousPeriod.fired().contains(rule)) {
                continue;
            }
            double prev = previousPeriod.ratioScaleLimit(rule);
            double cur = current.ratioScaleLimit(rule);
            if (Double.isNaN(prev) || Double.isNaN(cur) || prev < 0 || cur < 0) {
                continue;
            }
            compared++;
            if (cur > prev && cur / prev >= tolerance) {
                rose++;
            } else if (cur < prev && prev / cur >= tolerance) {
                fell++;
            }
        }
        if (compared > 0 && rose == compared) {
            return SignalState.STRENGTHENED;
        }
        if (compared > 0 && fell == compared) {
            return SignalState.WEAKENED;
        }
        return SignalState.ONGOING;
    }

    /**
     * The {@code firstFired} map of a signal record: rule name → first period ({@code YYYYQn}) the
     * rule fired. Periods compare as strings ({@code 2009Q4 < 2010Q1}).
     */
    public static final class FirstFired {

        private FirstFired() {
        }

        /**
         * The map after period {@code period}, where {@code firedNow} fire. Entries are never removed
         * (a rule that stops firing keeps its first period). A rule firing now gets {@code period}
         * when it has no entry, or when {@code period} is earlier than its entry (late data for an
         * earlier period). Existing entries keep their order, new ones follow in the order of
         * {@code firedNow}.
         *
         * @param firstFired the map so far (not modified); every value a period {@code YYYYQn}
         * @param firedNow   the rules firing in {@code period}
         * @param period     the period of the result, {@code YYYYQn}
         * @return a new unmodifiable map
         * @throws IllegalArgumentException when {@code period} or a stored value is not {@code YYYYQn}
         */
        public static Map<String, String> update(Map<String, String> firstFired, Collection<String> firedNow,
                String period) {
            requirePeriod(period, "period");
            Map<String, String> out = new LinkedHashMap<>(firstFired);
            out.forEach((rule, p) -> requirePeriod(p, "firstFired[" + rule + "]"));
            for (String rule : firedNow) {
                out.merge(rule, period, (stored, now) -> now.compareTo(stored) < 0 ? now : stored);
            }
            return Collections.unmodifiableMap(out);
        }

        /**
         * True when some rule first fired in a period before {@code period}, i.e. the signal fired
         * before the current period (the {@code firedBefore} argument of {@link SignalStates#next}).
         *
         * @throws IllegalArgumentException when {@code period} or a stored value is not {@code YYYYQn}
         */
        public static boolean firedBefore(Map<String, String> firstFired, String period) {
            requirePeriod(period, "period");
            boolean before = false;
            for (Map.Entry<String, String> e : firstFired.entrySet()) {
                requirePeriod(e.getValue(), "firstFired[" + e.getKey() + "]");
                before |= e.getValue().compareTo(period) < 0;
            }
            return before;
        }

        private static void requirePeriod(String p, String what) {
            if (!Periods.isPeriod(p)) {
                throw new IllegalArgumentException(what + " is not a period YYYYQn: " + p);
            }
        }
    }
}
