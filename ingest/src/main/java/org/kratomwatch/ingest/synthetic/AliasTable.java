package org.kratomwatch.ingest.synthetic;

import java.util.SplittableRandom;

/** Walker/Vose alias table: O(1) draws from a fixed discrete distribution. */
final class AliasTable {

    private final double[] prob;
    private final int[] alias;

    AliasTable(double[] weights) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("empty distribution");
        }
        prob = new double[n];
        alias = new int[n];
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / total;
            if (scaled[i] < 1.0) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            prob[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1.0;
            if (scaled[l] < 1.0) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) {
            int l = large[--nl];
            prob[l] = 1.0;
            alias[l] = l;
        }
        while (ns > 0) {
            int s = small[--ns];
            prob[s] = 1.0;
            alias[s] = s;
        }
    }

    int sample(SplittableRandom r) {
        int i = r.nextInt(prob.length);
        return r.nextDouble() < prob[i] ? i : alias[i];
    }

    int size() {
        return prob.length;
    }
}
