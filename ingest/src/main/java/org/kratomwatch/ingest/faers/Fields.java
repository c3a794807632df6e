package org.kratomwatch.ingest.faers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code $}-separated fields of one line, as offsets into the line's buffer (no copies). Quotes
 * are not special in FAERS. Field text is decoded only on request: as ISO-8859-1 when the line is
 * plain ASCII (a straight copy), else as UTF-8 when the whole line is valid UTF-8, else as
 * ISO-8859-1, which decodes any byte; so no input makes decoding fail.
 */
final class Fields {

    private static final int EXCERPT_CHARS = 200;

    byte[] buf;
    int lineStart;
    int lineEnd;
    int count;
    int[] from = new int[32];
    int[] to = new int[32];
    /** The line holds bytes of 0x80 and above. */
    boolean nonAscii;
    /** The line holds C0 control bytes other than TAB and CR (binary data, NUL padding). */
    boolean control;
    private int utf8State; // 0 unknown, 1 valid UTF-8, 2 not

    /** Splits the line [s, e) of {@code b}. */
    void split(byte[] b, int s, int e) {
        buf = b;
        lineStart = s;
        lineEnd = e;
        utf8State = 0;
        int n = 0;
        int fs = s;
        boolean hi = false;
        boolean ctl = false;
        int[] f = from;
        int[] t = to;
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (c == '$') {
                if (n == f.length - 1) {
                    f = from = Arrays.copyOf(f, f.length * 2);
                    t = to = Arrays.copyOf(t, t.length * 2);
                }
                f[n] = fs;
                t[n] = i;
                n++;
                fs = i + 1;
            } else if (c < 0x20) {
                if (c < 0) {
                    hi = true;
                } else if (c != '\t' && c != '\r') {
                    ctl = true;
                }
            }
        }
        f[n] = fs;
        t[n] = e;
        count = n + 1;
        nonAscii = hi;
        control = ctl;
    }

    /** True when field {@code i} is absent or holds only blanks. */
    boolean blank(int i) {
        if (i < 0 || i >= count) {
            return true;
        }
        return trimStart(i) >= trimEnd(i);
    }

    int trimStart(int i) {
        int s = from[i];
        int e = to[i];
        while (s < e && isBlank(buf[s])) {
            s++;
        }
        return s;
    }

    int trimEnd(int i) {
        int s = from[i];
        int e = to[i];
        while (e > s && isBlank(buf[e - 1])) {
            e--;
        }
        return e;
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    /** The trimmed text of field {@code i}, or null when it is absent or blank. */
    String text(int i) {
        if (i < 0 || i >= count) {
            return null;
        }
        int s = trimStart(i);
        int e = trimEnd(i);
        if (s >= e) {
            return null;
        }
        return decode(s, e);
    }

    private String decode(int s, int e) {
        if (!nonAscii) {
            return new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
        }
        if (utf8State == 0) {
            utf8State = Utf8.isValid(buf, lineStart, lineEnd) ? 1 : 2;
        }
        return new String(buf, s, e - s, utf8State == 1 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    /** The charset the line decodes with: US-ASCII, UTF-8 or ISO-8859-1. */
    String charsetName() {
        if (!nonAscii) {
            return "US-ASCII";
        }
        if (utf8State == 0) {
            utf8State = Utf8.isValid(buf, lineStart, lineEnd) ? 1 : 2;
        }
        return utf8State == 1 ? "UTF-8" : "ISO-8859-1";
    }

    /**
     * The non-negative decimal integer in field {@code i} (blanks around it allowed), -1 when the
     * field is blank, -2 when it is not such a number (or has more than 18 digits).
     */
    long digits(int i) {
        if (i < 0 || i >= count) {
            return -1;
        }
        int s = trimStart(i);
        int e = trimEnd(i);
        return digits(buf, s, e);
    }

    static long digits(byte[] b, int s, int e) {
        if (s >= e) {
            return -1;
        }
        if (e - s > 18) {
            return -2;
        }
        long v = 0;
        for (int k = s; k < e; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return -2;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /**
     * The code in field {@code i}, upper-cased ASCII packed into a long (at most 8 characters), 0
     * when blank, -1 when longer than 8 characters or not ASCII. Compare with {@link #code(String)}.
     */
    long code(int i) {
        if (i < 0 || i >= count) {
            return 0;
        }
        int s = trimStart(i);
        int e = trimEnd(i);
        if (e - s > 8) {
            return -1;
        }
        long v = 0;
        for (int k = s; k < e; k++) {
            int c = buf[k];
            if (c < 0) {
                return -1;
            }
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            v = (v << 8) | c;
        }
        return v;
    }

    /** The packed form of an upper-case ASCII code, as {@link #code(int)} returns it. */
    static long code(String s) {
        long v = 0;
        for (int k = 0; k < s.length(); k++) {
            v = (v << 8) | s.charAt(k);
        }
        return v;
    }

    /**
     * The decimal number in field {@code i} ({@code 12}, {@code 0.5}, {@code 58.05}, {@code .5}),
     * NaN when blank or not such a number (signs, exponents and commas are not numbers here).
     */
    double decimal(int i) {
        if (i < 0 || i >= count) {
            return Double.NaN;
        }
        int s = trimStart(i);
        int e = trimEnd(i);
        if (s >= e || e - s > 24) {
            return Double.NaN;
        }
        long whole = 0;
        long frac = 0;
        long scale = 1;
        boolean dot = false;
        int digitsSeen = 0;
        for (int k = s; k < e; k++) {
            int c = buf[k];
            if (c == '.') {
                if (dot) {
                    return Double.NaN;
                }
                dot = true;
            } else if (c >= '0' && c <= '9') {
                digitsSeen++;
                if (digitsSeen > 15) {
                    return Double.NaN;
                }
                if (dot) {
                    frac = frac * 10 + (c - '0');
                    scale *= 10;
                } else {
                    whole = whole * 10 + (c - '0');
                }
            } else {
                return Double.NaN;
            }
        }
        if (digitsSeen == 0) {
            return Double.NaN;
        }
        return whole + (double) frac / scale;
    }

    /** The whole line decoded, shortened to 200 characters, control characters shown as {@code ?}. */
    String excerpt() {
        int e = Math.min(lineEnd, lineStart + EXCERPT_CHARS * 4);
        String s;
        if (!nonAscii) {
            s = new String(buf, lineStart, e - lineStart, StandardCharsets.ISO_8859_1);
        } else {
            s = new String(buf, lineStart, e - lineStart,
                    "UTF-8".equals(charsetName()) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        }
        if (s.length() > EXCERPT_CHARS) {
            s = s.substring(0, EXCERPT_CHARS);
        }
        StringBuilder sb = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(k, '?');
            }
        }
        return sb == null ? s : sb.toString();
    }
}
