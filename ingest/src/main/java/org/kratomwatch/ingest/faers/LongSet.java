package org.kratomwatch.ingest.faers;

/** A set of non-negative longs: open addressing over one array, 8 to 21 bytes an element. */
final class LongSet {

    private long[] slots = new long[1 << 12];
    private int size;

    /** Adds {@code v} (non-negative); false when it was present. */
    boolean add(long v) {
        long stored = v + 1;
        int mask = slots.length - 1;
        int i = hash(stored) & mask;
        while (slots[i] != 0) {
            if (slots[i] == stored) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = stored;
        if (++size > slots.length * 3L / 4) {
            grow();
        }
        return true;
    }

    int size() {
        return size;
    }

    private static int hash(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long s : old) {
            if (s != 0) {
                int i = hash(s) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = s;
            }
        }
    }
}
