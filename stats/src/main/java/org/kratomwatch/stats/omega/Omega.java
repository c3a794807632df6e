package org.kratomwatch.stats.omega;

import org.kratomwatch.stats.CountQuantiles;
import org.kratomwatch.stats.Estimate;

/**
 * Ω, the shrinkage measure of drug–drug interaction signals against an additive-risk baseline
 * (Norén, Sundberg, Bate &amp; Edwards 2008, Stat Med 27:3057; the same formula as the CRESCENDDI
 * reference set, Kontsioti et al. 2022, Sci Data 9:72).
 *
 * <p>For drugs D1, D2 and event E, with f00, f10, f01 the event's reporting rates among reports
 * with neither drug, D1 without D2, and D2 without D1, and odds o = f / (1 − f):
 * <pre>
 *   g11   = 1 − 1 / ( max(o00, o10) + max(o00, o01) − o00 + 1 )
 *   E111  = g11 · n11                       (n11 = reports with both drugs)
 *   Ω     = log2( (n111 + 0.5) / (E111 + 0.5) )
 *   Ω025  = log2( Gamma⁻¹(0.025; shape n111 + 0.5, rate E111 + 0.5) )
 *   Ω975  = log2( Gamma⁻¹(0.975; shape n111 + 0.5, rate E111 + 0.5) )
 * </pre>
 * g11 is the event rate expected with both drugs if their effects on the odds scale were additive.
 * The interaction signal criterion is Ω025 &gt; 0.
 *
 * <p>Special cases: where a denominator is zero — no reports in one of the groups (n00, n10 or
 * n01 = 0), or a rate f = 1 so that its odds are infinite — Ω is undefined and
 * {@link #of} returns {@link Estimate#UNDEFINED}.
 */
public final class Omega {

    private static final double LN2 = Math.log(2.0);
    private static final CountQuantiles LOWER = new CountQuantiles(0.5, 0.025);
    private static final CountQuantiles UPPER = new CountQuantiles(0.5, 0.975);

    private Omega() {
    }

    /**
     * Ω with Ω025 and Ω975.
     *
     * @param counts the report counts for the triple
     */
    public static Estimate of(InteractionCounts counts) {
        double g11 = expectedRateWithBoth(counts);
        if (Double.isNaN(g11)) {
            return Estimate.UNDEFINED;
        }
        double e111 = g11 * counts.bothDrugs();
        double rate = e111 + 0.5;
        long n111 = counts.bothDrugsWithEvent();
        return new Estimate(Math.log((n111 + 0.5) / rate) / LN2,
                Math.log(LOWER.quantile(n111, rate)) / LN2,
                Math.log(UPPER.quantile(n111, rate)) / LN2);
    }

    /** g11, the additive-baseline event rate with both drugs; {@code NaN} where undefined. */
    public static double expectedRateWithBoth(InteractionCounts c) {
        double o00 = odds(c.eventNeither(), c.neither());
        double o10 = odds(c.eventFirstOnly(), c.firstOnly());
        double o01 = odds(c.eventSecondOnly(), c.secondOnly());
        if (Double.isNaN(o00) || Double.isNaN(o10) || Double.isNaN(o01)) {
            return Double.NaN;
        }
        return 1.0 - 1.0 / (Math.max(o00, o10) + Math.max(o00, o01) - o00 + 1.0);
    }

    private static double odds(long events, long reports) {
        if (reports == 0 || events >= reports) {
            return Double.NaN;
        }
        double f = (double) events / reports;
        return f / (1.0 - f);
    }
}
