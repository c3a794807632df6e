package org.kratomwatch.stats.signal;

import java.math.BigDecimal;

/**
 * FDA's "increased frequency of reporting" screen for one substance–event pair, evaluated on the
 * pair's history of data periods (calendar quarters). Source: the project's pharmacovigilance
 * primer (section Disproportionality, "Emerging"): at least 3 new reports in the last 12 months and
 * a reporting proportion in the last 12 months at least 5 times the earlier cumulative one, or at
 * least 2 times in each of the last two years. (Szarfman, Machado &amp; O'Neill 2002 describe FDA's
 * disproportionality data mining, MGPS, which is rule {@code eb05}; they are not the source of this
 * screen.) Unlike the disproportionality rules it compares the pair with its own past, not with the
 * background, so it sees a rise that a cumulative measure dilutes.
 *
 * <h2>Input</h2>
 * For periods {@code t = 0 … T-1}, consecutive and oldest first, empty ones included:
 * {@code a_t}, the reports of the pair (substance and event) in period {@code t}, and
 * {@code nD_t}, the reports with the substance in period {@code t} (so {@code 0 ≤ a_t ≤ nD_t}); and
 * the index {@code c} of the current period. Periods after {@code c} are ignored, so a history can
 * be replayed period by period from one array.
 *
 * <h2>Definitions</h2>
 * With {@code w} = {@link #window()} periods (default 4, i.e. 12 months of quarters) and, for a set
 * of periods {@code S}, {@code a_S = Σ_{t∈S} a_t}, {@code nD_S = Σ_{t∈S} nD_t} and the reporting
 * proportion {@code RP_S = a_S / nD_S} (undefined when {@code nD_S = 0}):
 * <ul>
 *   <li>recent = year1 = periods {@code max(0, c-w+1) … c} (the last {@code w} periods up to and
 *       including the current one; fewer when the history is shorter);</li>
 *   <li>before = all periods before recent, {@code 0 … c-w};</li>
 *   <li>year2 = the {@code w} periods before recent, {@code max(0, c-2w+1) … c-w};</li>
 *   <li>before2 = all periods before year2, {@code 0 … c-2w}.</li>
 * </ul>
 * The screen fires when {@code a_recent ≥ m} ({@link #minRecentReports()}, default 3) and at least
 * one variant holds:
 * <ul>
 *   <li>{@link Variant#CUMULATIVE}: {@code nD_before > 0} and {@code RP_recent ≥ k · RP_before}
 *       ({@link #minRatio()}, default 5). A pair never reported before in a substance that was
 *       ({@code a_before = 0 < nD_before}) has {@code RP_before = 0} and fires as soon as
 *       {@code a_recent ≥ m}.</li>
 *   <li>{@link Variant#YEAR_OVER_YEAR}: {@code nD_year2 > 0}, {@code nD_before2 > 0},
 *       {@code RP_year1 ≥ y · RP_year2} and {@code RP_year2 ≥ y · RP_before2}
 *       ({@link #minYearOverYearRatio()}, default 2). Taken literally, {@code 0 ≥ y · 0} holds, so a
 *       pair with no report before year1 passes this variant too; it then also passes CUMULATIVE
 *       ({@code RP_before = 0}, {@code nD_before > 0}), and the result says {@link Variant#BOTH}.</li>
 * </ul>
 *
 * <h2>Special cases</h2>
 * <ul>
 *   <li>No earlier data ({@code nD_before = 0}: the history starts within the window, or the
 *       substance had no report before it): the CUMULATIVE ratio is undefined and that variant does
 *       not fire; neither does YEAR_OVER_YEAR, whose year2 and before2 are then empty. A substance
 *       new to the database is therefore never flagged by this screen (the disproportionality rules
 *       cover it).</li>
 *   <li>Fewer than {@code 2w} periods before and including the current one: before2 is empty and
 *       YEAR_OVER_YEAR does not fire.</li>
 *   <li>A zero denominator in year2 or before2 (the substance had no report there): YEAR_OVER_YEAR
 *       does not fire.</li>
 *   <li>Every threshold is inclusive ({@code ≥}). The comparisons are made exactly on the counts
 *       (cross-multiplied, {@code a_R · nD_S ≥ k · a_S · nD_R}, in exact decimal arithmetic with the
 *       double value of {@code k}), so a proportion exactly at a threshold fires although its binary
 *       floating-point quotient may round below it (3/7 against 3/35 is exactly 5, but
 *       {@code 3.0/7 >= 5 * (3.0/35)} is false in doubles).</li>
 * </ul>
 *
 * @param minRecentReports     minimum pair reports in the recent window, {@code m} (default 3)
 * @param minRatio             minimum ratio of RP_recent to RP_before, {@code k} (default 5)
 * @param minYearOverYearRatio minimum ratio in each of the last two windows, {@code y} (default 2)
 * @param window               periods in one window, {@code w} (default 4 quarters = 12 months)
 */
public record IncreasedReporting(long minRecentReports, double minRatio, double minYearOverYearRatio, int window) {

    /** The rule's name in outputs ({@code signalsFired}, {@code firstFired}). */
    public static final String NAME = "increased-reporting";

    /** Which variant of the screen fired. */
    public enum Variant {
        /** Neither variant fired. */
        NONE,
        /** RP_recent ≥ k · RP_before. */
        CUMULATIVE,
        /** RP_year1 ≥ y · RP_year2 and RP_year2 ≥ y · RP_before2. */
        YEAR_OVER_YEAR,
        /** Both variants fired. */
        BOTH
    }

    /**
     * The screen's outcome and the numbers behind it.
     *
     * @param variant    which variant fired ({@link Variant#NONE} when the screen did not fire)
     * @param aRecent    {@code a_recent}, pair reports in the recent window
     * @param rpRecent   {@code RP_recent = a_recent / nD_recent}; {@code NaN} when {@code nD_recent = 0}
     * @param rpBefore   {@code RP_before = a_before / nD_before}; {@code NaN} when {@code nD_before = 0}
     * @param ratio      {@code RP_recent / RP_before}: {@code NaN} when undefined (either proportion
     *                   undefined, or both 0), {@code +Infinity} when {@code RP_before = 0 < RP_recent}
     * @param rpYear2    {@code RP_year2}, the window before the recent one; {@code NaN} when
     *                   {@code nD_year2 = 0}
     * @param rpBefore2  {@code RP_before2}, everything before year2; {@code NaN} when
     *                   {@code nD_before2 = 0}
     */
    public record Result(Variant variant, long aRecent, double rpRecent, double rpBefore, double ratio,
            double rpYear2, double rpBefore2) {

        public Result {
            if (variant == null) {
                throw new IllegalArgumentException("variant is null");
            }
        }

        /** True when the screen fired (either variant). */
        public boolean fired() {
            return variant != Variant.NONE;
        }
    }

    /**
     * @throws IllegalArgumentException when {@code minRecentReports < 0}, a ratio is not finite and
     *                                  positive, or {@code window < 1}
     */
    public IncreasedReporting {
        if (minRecentReports < 0) {
            throw new IllegalArgumentException("minRecentReports must be >= 0: " + minRecentReports);
        }
        if (!(minRatio > 0) || Double.isInfinite(minRatio)) {
            throw new IllegalArgumentException("minRatio must be finite and > 0: " + minRatio);
        }
        if (!(minYearOverYearRatio > 0) || Double.isInfinite(minYearOverYearRatio)) {
            throw new IllegalArgumentException("minYearOverYearRatio must be finite and > 0: " + minYearOverYearRatio);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1: " + window);
        }
    }

    /** The primer's screen: 3 reports, 5 times, 2 times a year, a window of 4 quarters. */
    public IncreasedReporting() {
        this(3, 5.0, 2.0, 4);
    }

    /** The rule's name, {@value #NAME}. */
    public String name() {
        return NAME;
    }

    /** A human-readable statement of the rule with its thresholds. */
    public String describe() {
        return "a >= " + minRecentReports + " in the last " + window + " periods and RP there >= " + minRatio
                + " x RP before, or >= " + minYearOverYearRatio + " x in each of the last two windows";
    }

    /**
     * Evaluates the screen with the last period as the current one.
     *
     * @see #evaluate(long[], long[], int)
     */
    public Result evaluate(long[] pairReports, long[] substanceReports) {
        return evaluate(pairReports, substanceReports, pairReports.length - 1);
    }

    /**
     * Evaluates the screen at period {@code current} (see the class documentation).
     *
     * @param pairReports      {@code a_t} per period, oldest first
     * @param substanceReports {@code nD_t} per period, same length
     * @param current          index of the current period; later periods are ignored
     * @throws IllegalArgumentException when the arrays differ in length, {@code current} is out of
     *                                  range, or some period has {@code a_t < 0} or
     *                                  {@code a_t > nD_t}
     */
    public Result evaluate(long[] pairReports, long[] substanceReports, int current) {
        if (pairReports.length != substanceReports.length) {
            throw new IllegalArgumentException("pairReports has " + pairReports.length
                    + " periods, substanceReports " + substanceReports.length);
        }
        if (current < 0 || current >= pairReports.length) {
            throw new IllegalArgumentException("current period " + current + " outside 0.." + (pairReports.length - 1));
        }
        for (int t = 0; t <= current; t++) {
            if (pairReports[t] < 0 || pairReports[t] > substanceReports[t]) {
                throw new IllegalArgumentException("period " + t + ": need 0 <= a <= nD, got a = " + pairReports[t]
                        + ", nD = " + substanceReports[t]);
            }
        }
        final int recentStart = Math.max(0, current - window + 1);
        final int year2Start = Math.max(0, recentStart - window);
        final Counts recent = Counts.sum(pairReports, substanceReports, recentStart, current + 1);
        final Counts before = Counts.sum(pairReports, substanceReports, 0, recentStart);
        final Counts year2 = Counts.sum(pairReports, substanceReports, year2Start, recentStart);
        final Counts before2 = Counts.sum(pairReports, substanceReports, 0, year2Start);

        final boolean enough = recent.a >= minRecentReports && recent.n > 0;
        final boolean cumulative = enough && before.n > 0 && atLeast(recent, minRatio, before);
        final boolean yearOverYear = enough && year2.n > 0 && before2.n > 0
                && atLeast(recent, minYearOverYearRatio, year2) && atLeast(year2, minYearOverYearRatio, before2);
        final Variant variant = cumulative
                ? (yearOverYear ? Variant.BOTH : Variant.CUMULATIVE)
                : (yearOverYear ? Variant.YEAR_OVER_YEAR : Variant.NONE);
        final double rpRecent = recent.proportion();
        final double rpBefore = before.proportion();
        return new Result(variant, recent.a, rpRecent, rpBefore, rpRecent / rpBefore, year2.proportion(),
                before2.proportion());
    }

    /** {@code a_R / n_R ≥ k · a_S / n_S}, exactly, for {@code n_R, n_S > 0}. */
    private static boolean atLeast(Counts r, double k, Counts s) {
        BigDecimal left = BigDecimal.valueOf(r.a).multiply(BigDecimal.valueOf(s.n));
        BigDecimal right = new BigDecimal(k).multiply(BigDecimal.valueOf(s.a)).multiply(BigDecimal.valueOf(r.n));
        return left.compareTo(right) >= 0;
    }

    /** Summed counts over a range of periods. */
    private record Counts(long a, long n) {

        static Counts sum(long[] a, long[] n, int from, int to) {
            long sa = 0;
            long sn = 0;
            for (int t = from; t < to; t++) {
                sa = Math.addExact(sa, a[t]);
                sn = Math.addExact(sn, n[t]);
            }
            return new Counts(sa, sn);
        }

        double proportion() {
            return n == 0 ? Double.NaN : (double) a / n;
        }
    }
}
