package org.kratomwatch.ingest.synthetic;

import java.util.SplittableRandom;

/** Seed derivation: every random stream is a pure function of (seed, purpose, case, version). */
final class Rng {

    static final long CATALOG = 0x43415441L;
    static final long SCHEDULE = 0x53434845L;
    static final long CONTENT = 0x434F4E54L;
    static final long FOLLOW_UP = 0x464F4C4CL;
    static final long MALFORMED = 0x4D414C46L;
    static final long CASE_ID = 0x43534944L;
    static final long IDENTIFIERS = 0x4944454EL;

    private Rng() {
    }

    /** SplitMix64 finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long seed(long seed, long purpose, long a, long b) {
        long h = mix(seed + 0x9E3779B97F4A7C15L * purpose);
        h = mix(h ^ (a * 0xD1B54A32D192ED03L + 0x632BE59BD9B4E019L));
        return mix(h ^ (b * 0x8CB92BA72F3D8DD7L + 0x2545F4914F6CDD1DL));
    }

    static SplittableRandom of(long seed, long purpose, long a, long b) {
        return new SplittableRandom(seed(seed, purpose, a, b));
    }

    /** Exponentially distributed value with the given mean. */
    static double exponential(SplittableRandom r, double mean) {
        return -mean * Math.log(1.0 - r.nextDouble());
    }

    /** Picks an index by cumulative weights (last entry = total). */
    static int pick(SplittableRandom r, double[] cumulative) {
        double u = r.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double s = 0;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i];
            c[i] = s;
        }
        return c;
    }
}
