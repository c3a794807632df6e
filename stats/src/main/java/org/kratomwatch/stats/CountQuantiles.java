package org.kratomwatch.stats;

/**
 * Memoised quantiles q(n + offset, p) of the unit-rate gamma distribution for integer counts n.
 *
 * <p>The shrinkage measures (IC, Ω) need the p-quantile of Γ(shape n + 0.5, rate E + 0.5) for a
 * count n and an expected value E. Because that quantile is q(n + 0.5, p) / (E + 0.5), the
 * expensive part depends on the integer n only and is computed once per distinct n; scoring a
 * million pairs then costs a table look-up and a division each, with the same result bit for bit
 * as computing it afresh. Thread-safe: the table is grown under a lock and published through a
 * volatile reference to a fully initialised array.
 */
public final class CountQuantiles {

    // Counts above this are rare (the biggest pairs of a database); they are computed directly.
    private static final int MAX_CACHED = 1 << 13;

    private final double offset;
    private final double probability;
    private volatile double[] table = new double[0];

    /**
     * @param offset      added to the count to form the shape (0.5 for IC and Ω)
     * @param probability the quantile's probability, in (0, 1)
     */
    public CountQuantiles(double offset, double probability) {
        if (!(offset > 0)) {
            throw new IllegalArgumentException("offset must be positive: " + offset);
        }
        if (!(probability > 0 && probability < 1)) {
            throw new IllegalArgumentException("probability must lie in (0, 1): " + probability);
        }
        this.offset = offset;
        this.probability = probability;
    }

    /** q(n + offset, p) for the unit-rate gamma distribution; n ≥ 0. */
    public double unitRate(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be non-negative: " + n);
        }
        double[] t = table;
        if (n < t.length) {
            return t[(int) n];
        }
        if (n >= MAX_CACHED) {
            return GammaQuantile.unitRate(n + offset, probability);
        }
        return grow((int) n)[(int) n];
    }

    /** The p-quantile of Γ(n + offset, rate). */
    public double quantile(long n, double rate) {
        return unitRate(n) / rate;
    }

    private synchronized double[] grow(int n) {
        double[] old = table;
        if (n < old.length) {
            return old;
        }
        int size = (int) Math.min(MAX_CACHED, Math.max(64L, Math.max(2L * old.length, n + 1L)));
        double[] t = java.util.Arrays.copyOf(old, size);
        for (int i = old.length; i < size; i++) {
            t[i] = GammaQuantile.unitRate(i + offset, probability);
        }
        table = t;
        return t;
    }
}
