package org.kratomwatch.schemas.serde;

import java.io.InputStream;

/**
 * An unsynchronized input stream over a byte range. Avro's direct binary decoder reads varints
 * byte by byte, so the locking of {@link java.io.ByteArrayInputStream} would cost per field; this
 * stream also tells how many bytes the decoder left unread.
 */
final class ByteSource extends InputStream {

    private final byte[] bytes;
    private int position;
    private final int limit;

    ByteSource(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.limit = offset + length;
    }

    @Override
    public int read() {
        return position < limit ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = Math.min(len, limit - position);
        if (n <= 0) {
            return -1;
        }
        System.arraycopy(bytes, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, limit - position));
        position += (int) k;
        return k;
    }

    @Override
    public int available() {
        return limit - position;
    }
}
