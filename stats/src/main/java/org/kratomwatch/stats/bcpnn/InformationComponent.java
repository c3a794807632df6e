package org.kratomwatch.stats.bcpnn;

import org.kratomwatch.stats.CountQuantiles;
import org.kratomwatch.stats.Estimate;

/**
 * Information component with shrinkage, the BCPNN measure used by WHO-UMC (Bate et al. 1998, Eur J
 * Clin Pharmacol 54:315; the shrinkage form and exact credibility interval of Norén, Hopstadius &amp;
 * Bate 2013, Stat Methods Med Res 22:57).
 *
 * <pre>
 *   IC    = log2( (a + 0.5) / (E11 + 0.5) )
 *   IC025 = log2( Gamma⁻¹(0.025; shape a + 0.5, rate E11 + 0.5) )
 *   IC975 = log2( Gamma⁻¹(0.975; shape a + 0.5, rate E11 + 0.5) )
 * </pre>
 * a is the observed count of reports with drug and event, E11 the expected count (crude or
 * stratified). The interval limits are exact quantiles of the gamma posterior of the
 * observed-to-expected ratio, not the normal approximation of older BCPNN papers.
 *
 * <p>Special cases: E11 must be finite and ≥ 0 (an empty database gives {@code NaN}, returned as
 * {@link Estimate#UNDEFINED}); a = 0 is allowed (the 0.5 shrinkage keeps every value finite).
 */
public final class InformationComponent {

    private static final double LN2 = Math.log(2.0);
    private static final CountQuantiles LOWER = new CountQuantiles(0.5, 0.025);
    private static final CountQuantiles UPPER = new CountQuantiles(0.5, 0.975);

    private InformationComponent() {
    }

    /** IC with IC025 (lower) and IC975 (upper). */
    public static Estimate of(long observed, double expected) {
        if (observed < 0) {
            throw new IllegalArgumentException("observed count must be non-negative: " + observed);
        }
        if (!(expected >= 0) || Double.isInfinite(expected)) {
            return Estimate.UNDEFINED;
        }
        double rate = expected + 0.5;
        double ic = log2((observed + 0.5) / rate);
        return new Estimate(ic, log2(LOWER.quantile(observed, rate)), log2(UPPER.quantile(observed, rate)));
    }

    static double log2(double x) {
        return Math.log(x) / LN2;
    }
}
