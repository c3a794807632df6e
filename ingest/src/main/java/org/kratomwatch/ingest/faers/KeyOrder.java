package org.kratomwatch.ingest.faers;

/**
 * The orders FAERS tables can be sorted in by their numeric key. FDA sorts by the key's text
 * ({@code 100115733 < 1002130537 < 100234223}, as in the 2022Q4 files), which differs from numeric
 * order once keys have different lengths; both are recognized.
 */
enum KeyOrder {
    /** By the decimal text of the key, character by character (a prefix first). */
    LEXICAL {
        @Override
        int compare(long a, long b) {
            if (a == b) {
                return 0;
            }
            int da = digits(a);
            int db = digits(b);
            int max = Math.max(da, db);
            long pa = a * POW10[max - da];
            long pb = b * POW10[max - db];
            if (pa != pb) {
                return Long.compare(pa, pb);
            }
            return Integer.compare(da, db);
        }
    },
    /** By value. */
    NUMERIC {
        @Override
        int compare(long a, long b) {
            return Long.compare(a, b);
        }
    };

    /** Compares two keys (non-negative, at most 18 digits). */
    abstract int compare(long a, long b);

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    static int digits(long v) {
        int n = 1;
        while (n < 19 && v >= POW10[n]) {
            n++;
        }
        return n;
    }
}
