package org.kratomwatch.stats;

/**
 * Quantiles of the standard normal distribution used for confidence intervals.
 */
public final class StandardNormal {

    /**
     * z = Φ⁻¹(0.975) = 1.959963984540054, the exact 97.5% quantile (to double precision), used for
     * every two-sided 95% interval in KratomWatch. Published tables often use 1.96; the difference
     * shows in the fourth significant digit of wide intervals, so tests against such tables state
     * which z they used.
     */
    public static final double Z_975 = 1.959963984540054;

    private StandardNormal() {
    }
}
