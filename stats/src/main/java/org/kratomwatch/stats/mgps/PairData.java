package org.kratomwatch.stats.mgps;

import java.util.Arrays;
import org.apache.commons.math3.special.Gamma;

/**
 * Observed pairs (n, E) with n ≥ 1 collapsed exactly into distinct (n, E) groups with integer
 * multiplicities: the likelihood of the data is the weighted likelihood of the groups, term for term
 * (no approximation). Groups are ordered by n, then E.
 *
 * <p>{@link #squash(int)} builds, for the start search only, a smaller weighted set in the manner of
 * openEBGM's {@code squashData} (DuMouchel &amp; Pregibon 2001): within each n, groups whose E lie in
 * the same cell of equal relative width are merged into one point with their weighted mean E.
 */
final class PairData {

    /** Distinct counts, ascending. */
    final long[] countValues;
    /** ln Γ(n+1) for each entry of {@link #countValues}. */
    final double[] lnFactorial;
    /** Per group: index into {@link #countValues}. */
    final int[] countIndex;
    /** Per group: n as a double. */
    final double[] n;
    /** Per group: E. */
    final double[] e;
    /** Per group: ln E. */
    final double[] lnE;
    /** Per group: multiplicity (a positive integer for exact data; a bin weight when squashed). */
    final double[] w;
    /** Number of pairs (Σ w). */
    final long pairs;

    private PairData(long[] countValues, int[] countIndex, double[] e, double[] w, long pairs) {
        this.countValues = countValues;
        this.countIndex = countIndex;
        this.e = e;
        this.w = w;
        this.pairs = pairs;
        int g = e.length;
        this.n = new double[g];
        this.lnE = new double[g];
        for (int i = 0; i < g; i++) {
            n[i] = countValues[countIndex[i]];
            lnE[i] = Math.log(e[i]);
        }
        this.lnFactorial = new double[countValues.length];
        for (int k = 0; k < countValues.length; k++) {
            lnFactorial[k] = Gamma.logGamma(countValues[k] + 1.0);
        }
    }

    /** Number of distinct (n, E) groups. */
    int groups() {
        return e.length;
    }

    /**
     * Validates and groups the input.
     *
     * @throws IllegalArgumentException naming the first offending index if the arrays differ in
     *                                  length, a count is below 1, or an expected count is not a
     *                                  finite number &gt; 0
     */
    static PairData of(long[] counts, double[] expected) {
        if (counts.length != expected.length) {
            throw new IllegalArgumentException("counts and expected differ in length: " + counts.length + " vs " + expected.length);
        }
        int m = counts.length;
        for (int i = 0; i < m; i++) {
            if (counts[i] < 1) {
                throw new IllegalArgumentException("count at index " + i + " is " + counts[i]
                        + "; MGPS hyperparameters are fitted on pairs with n >= 1 (zero-truncated likelihood)");
            }
            if (!Numerics.isPositiveFinite(expected[i])) {
                throw new IllegalArgumentException("expected count at index " + i + " is " + expected[i]
                        + "; it must be a finite number > 0");
            }
        }
        long[] sortedCounts = counts.clone();
        Arrays.sort(sortedCounts);
        int distinct = 0;
        for (int i = 0; i < m; i++) {
            if (i == 0 || sortedCounts[i] != sortedCounts[i - 1]) {
                sortedCounts[distinct++] = sortedCounts[i];
            }
        }
        long[] countValues = Arrays.copyOf(sortedCounts, distinct);
        // counting sort of E values by count bucket, then sort within each bucket
        int[] bucketOf = new int[m];
        int[] start = new int[distinct + 1];
        for (int i = 0; i < m; i++) {
            int b = bucket(countValues, counts[i]);
            bucketOf[i] = b;
            start[b + 1]++;
        }
        for (int b = 0; b < distinct; b++) {
            start[b + 1] += start[b];
        }
        int[] fill = Arrays.copyOf(start, distinct);
        double[] sortedE = new double[m];
        for (int i = 0; i < m; i++) {
            sortedE[fill[bucketOf[i]]++] = expected[i];
        }
        int groups = 0;
        int[] groupCount = new int[m];
        double[] groupE = new double[m];
        double[] groupW = new double[m];
        for (int b = 0; b < distinct; b++) {
            Arrays.sort(sortedE, start[b], start[b + 1]);
            for (int i = start[b]; i < start[b + 1]; i++) {
                if (i > start[b] && sortedE[i] == sortedE[i - 1]) {
                    groupW[groups - 1] += 1.0;
                } else {
                    groupCount[groups] = b;
                    groupE[groups] = sortedE[i];
                    groupW[groups] = 1.0;
                    groups++;
                }
            }
        }
        return new PairData(countValues, Arrays.copyOf(groupCount, groups), Arrays.copyOf(groupE, groups),
                Arrays.copyOf(groupW, groups), m);
    }

    private static int bucket(long[] countValues, long n) {
        // counts are small and mostly 1..3: a short linear scan beats binary search for those
        if (countValues.length <= 8) {
            for (int k = 0; k < countValues.length; k++) {
                if (countValues[k] == n) {
                    return k;
                }
            }
        }
        return Arrays.binarySearch(countValues, n);
    }

    /**
     * A weighted approximation of this data with at most about {@code maxPoints} points (or this data
     * if it is no larger), for choosing a starting point only: within each count n, groups whose E
     * fall in the same cell [e^{kδ}, e^{(k+1)δ}) are merged into one point with their total weight and
     * their weighted mean E (openEBGM's {@code squashData} idea, with bins of equal relative width
     * rather than equal size, so that the rare large counts, whose likelihood is sharp in E, are not
     * smeared). δ starts at 0.001 and grows by half until the budget is met.
     */
    PairData squash(int maxPoints) {
        int g = groups();
        if (g <= maxPoints) {
            return this;
        }
        double delta = 1e-3;
        while (cells(delta) > maxPoints && delta < 1e3) {
            delta *= 1.5;
        }
        int[] idx = new int[g];
        double[] se = new double[g];
        double[] sw = new double[g];
        int out = -1;
        int lastCount = -1;
        double lastCell = Double.NaN;
        for (int i = 0; i < g; i++) {
            double cell = Math.floor(lnE[i] / delta);
            if (countIndex[i] != lastCount || cell != lastCell) {
                if (out >= 0) {
                    se[out] /= sw[out];
                }
                out++;
                idx[out] = countIndex[i];
                lastCount = countIndex[i];
                lastCell = cell;
            }
            se[out] += w[i] * e[i];
            sw[out] += w[i];
        }
        se[out] /= sw[out];
        out++;
        return new PairData(countValues, Arrays.copyOf(idx, out), Arrays.copyOf(se, out), Arrays.copyOf(sw, out), pairs);
    }

    /** Number of (count, ln E cell) combinations for cell width δ. */
    private int cells(double delta) {
        int cells = 0;
        int lastCount = -1;
        double lastCell = Double.NaN;
        for (int i = 0; i < e.length; i++) {
            double cell = Math.floor(lnE[i] / delta);
            if (countIndex[i] != lastCount || cell != lastCell) {
                cells++;
                lastCount = countIndex[i];
                lastCell = cell;
            }
        }
        return cells;
    }
}
