package org.kratomwatch.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronized, growable output buffer, reused per thread by the serializers so that an
 * encode allocates only its result array.
 */
final class ByteSink extends OutputStream {

    /** Buffers that grew beyond this are dropped after use rather than kept per thread. */
    private static final int MAX_RETAINED = 1 << 20;

    private byte[] buffer = new byte[1024];
    private int count;

    void reset() {
        if (buffer.length > MAX_RETAINED) {
            buffer = new byte[1024];
        }
        count = 0;
    }

    int size() {
        return count;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, count);
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    private void ensure(int extra) {
        int needed = count + extra;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
