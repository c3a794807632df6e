package org.kratomwatch.stats.mgps;

import java.util.SplittableRandom;

/**
 * Seeded synthetic (n, E) pairs drawn exactly from the model that {@link MgpsFitter} fits, for the
 * recovery tests and the benchmark: each pair picks component 1 with probability P, and its count is
 * drawn from that component's zero-truncated negative binomial (the gamma–Poisson marginal given
 * n ≥ 1) by inversion of its CDF. Expected counts are log-distributed over [1e-3, 1e2] with most mass
 * at small E (log10 E = −3 + 5v², v uniform; median E ≈ 0.018), so most counts are 1 to 3, as in
 * spontaneous-report tables, and every E is distinct (the worst case for grouping).
 */
public final class SyntheticPairs {

    /** Observed counts, all ≥ 1. */
    public final long[] counts;
    /** Expected counts. */
    public final double[] expected;

    private SyntheticPairs(long[] counts, double[] expected) {
        this.counts = counts;
        this.expected = expected;
    }

    /** A CAERS-like prior (rounded openEBGM CAERS estimate). */
    public static final MgpsHyperparameters CAERS_LIKE = new MgpsHyperparameters(3.25, 0.4, 2.0, 1.9, 0.065);

    /** {@code size} pairs from {@code truth} with the given seed. */
    public static SyntheticPairs generate(MgpsHyperparameters truth, int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] n = new long[size];
        double[] e = new double[size];
        for (int i = 0; i < size; i++) {
            double v = rnd.nextDouble();
            double expected = Math.pow(10.0, -3.0 + 5.0 * v * v);
            boolean first = rnd.nextDouble() < truth.p();
            double alpha = first ? truth.alpha1() : truth.alpha2();
            double beta = first ? truth.beta1() : truth.beta2();
            e[i] = expected;
            n[i] = truncatedNegativeBinomial(alpha, beta, expected, rnd.nextDouble());
        }
        return new SyntheticPairs(n, e);
    }

    /**
     * Inverse-CDF draw from f(k)/(1 − f(0)), k ≥ 1, with f the negative binomial of
     * {@link TruncatedLikelihood}: f(k+1)/f(k) = (α+k)/(k+1) · E/(β+E).
     */
    static long truncatedNegativeBinomial(double alpha, double beta, double e, double u) {
        double lnRatio = Math.log(e / (beta + e));
        double x = alpha * Numerics.log1p(e / beta);
        // f(1)/(1 − f(0)) = α · E/(β+E) · f(0)/(1 − f(0)) = α · E/(β+E) / (e^x − 1)
        double pmf = alpha * Math.exp(lnRatio) / Numerics.expm1(x);
        double cdf = pmf;
        long k = 1;
        double ratio = Math.exp(lnRatio);
        while (cdf < u && k < 10_000_000) {
            pmf *= (alpha + k) / (k + 1) * ratio;
            cdf += pmf;
            k++;
            if (pmf == 0 && cdf < u) {
                break; // numerical tail exhausted
            }
        }
        return k;
    }
}
