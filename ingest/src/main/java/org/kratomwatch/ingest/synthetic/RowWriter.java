package org.kratomwatch.ingest.synthetic;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Buffered writer of {@code $}-delimited rows straight to UTF-8 bytes, LF line ends. */
final class RowWriter implements Closeable {

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private boolean rowStart = true;
    private long lines;

    RowWriter(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        out = Files.newOutputStream(path);
    }

    long lines() {
        return lines;
    }

    private void put(int b) throws IOException {
        if (pos == buf.length) {
            flushBuffer();
        }
        buf[pos++] = (byte) b;
    }

    private void sep() throws IOException {
        if (!rowStart) {
            put('$');
        }
        rowStart = false;
    }

    /** Writes a text field. */
    RowWriter f(String s) throws IOException {
        sep();
        text(s);
        return this;
    }

    /** Writes a number field. */
    RowWriter f(long v) throws IOException {
        sep();
        number(v);
        return this;
    }

    /** Writes a date field: empty when {@code yyyymmdd} is 0. */
    RowWriter date(int yyyymmdd) throws IOException {
        sep();
        if (yyyymmdd != 0) {
            number(yyyymmdd);
        }
        return this;
    }

    /** Writes a field of raw bytes (for broken encodings). */
    RowWriter raw(byte[] bytes) throws IOException {
        sep();
        for (byte b : bytes) {
            put(b);
        }
        return this;
    }

    /** Appends text to the current field (no delimiter). */
    RowWriter text(String s) throws IOException {
        int n = s.length();
        if (buf.length - pos < 3 * n + 4) {
            flushBuffer();
            if (buf.length < 3 * n + 4) {
                for (int i = 0; i < n; i += 1024) {
                    text(s.substring(i, Math.min(n, i + 1024)));
                }
                return this;
            }
        }
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        pos = p;
        return this;
    }

    private void number(long v) throws IOException {
        if (buf.length - pos < 21) {
            flushBuffer();
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        int p = pos + digits;
        pos = p;
        do {
            buf[--p] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
    }

    /** Ends the row. */
    void end() throws IOException {
        put('\n');
        rowStart = true;
        lines++;
    }

    /** Writes a whole line (the header). */
    void line(String s) throws IOException {
        text(s);
        end();
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    @Override
    public void close() throws IOException {
        flushBuffer();
        out.close();
    }
}
