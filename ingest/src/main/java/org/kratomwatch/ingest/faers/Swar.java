package org.kratomwatch.ingest.faers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Eight bytes at a time: finding a byte value in a byte array without a branch per byte. */
final class Swar {

    private Swar() {
    }

    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    static final long HIGH = 0x8080808080808080L;

    /** {@code b} repeated in all eight bytes. */
    static long broadcast(int b) {
        return (b & 0xFFL) * 0x0101010101010101L;
    }

    /** 0x80 in each byte of {@code word} that is zero, 0 elsewhere (exact: no borrow between bytes). */
    static long zeroBytes(long word) {
        return ~(((word & LOW7) + LOW7) | word | LOW7);
    }

    /** 0x80 in each byte of {@code word} below 0x20 (bytes of 0x80 and above excluded). */
    static long controlBytes(long word) {
        return ~(((word & LOW7) + 0x6060606060606060L) | word | LOW7);
    }

    static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** Index of the first {@code value} in [from, to), or -1. */
    static int indexOf(byte[] b, int from, int to, long pattern, byte value) {
        int i = from;
        int last = to - 8;
        while (i <= last) {
            long m = zeroBytes(word(b, i) ^ pattern);
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
