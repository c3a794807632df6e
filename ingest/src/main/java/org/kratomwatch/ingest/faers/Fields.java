package org.kratomwatch.ingest.faers;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code $}-separated fields of one line, as offsets into the line's buffer (no copies). Quotes
 * are not special in FAERS. Field text is decoded only on request: as ISO-8859-1 when the line is
 * plain ASCII (a straight copy), else as UTF-8 when the whole line is valid UTF-8, else as
 * ISO-8859-1 in its windows-1252 form (0xA0-0xFF the same; 0x80-0x9F the curly quotes, dashes and
 * euro sign of Windows text rather than invisible C1 controls). Decoding never fails; a line is
 * {@linkplain #brokenEncoding() broken} when it holds C0 control bytes, or is not UTF-8 and holds
 * one of the five bytes windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
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
    /** Start of the last field. */
    private int lastFrom;
    /** Fields whose bounds are recorded: min(count, wanted). */
    int recorded;
    private int utf8State; // 0 unknown, 1 valid UTF-8, 2 not

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private static final long DOLLARS = Swar.broadcast('$');

    /** Splits the line [s, e) of {@code b}, recording every field. */
    void split(byte[] b, int s, int e) {
        split(b, s, e, Integer.MAX_VALUE);
    }

    /**
     * Splits the line [s, e) of {@code b}: counts all fields, records the bounds of the first
     * {@code wanted} (and of the last), so that a wide row whose later columns are not needed costs
     * only a count of its separators.
     */
    void split(byte[] b, int s, int e, int wanted) {
        buf = b;
        lineStart = s;
        lineEnd = e;
        utf8State = 0;
        int n = 0; // separators seen
        int fs = s;
        int lastSep = -1;
        long special = 0; // high bits of bytes >= 0x80 and of control bytes, or'ed
        int i = s;
        int last = e - 8;
        while (i <= last) {
            long w = Swar.word(b, i);
            long dollars = Swar.zeroBytes(w ^ DOLLARS);
            special |= w | Swar.controlBytes(w);
            if (dollars != 0) {
                if (n >= wanted) {
                    n += Long.bitCount(dollars);
                    lastSep = i + ((63 - Long.numberOfLeadingZeros(dollars)) >>> 3);
                } else {
                    while (dollars != 0) {
                        int at = i + (Long.numberOfTrailingZeros(dollars) >>> 3);
                        if (n < wanted) {
                            record(n, fs, at);
                        }
                        n++;
                        fs = at + 1;
                        lastSep = at;
                        dollars &= dollars - 1;
                    }
                }
            }
            i += 8;
        }
        boolean hi = (special & Swar.HIGH) != 0;
        boolean ctl = false;
        if (hi) {
            // high bits came from bytes >= 0x80 or from control bytes: tell them apart byte by byte
            hi = false;
            for (int k = s; k < i; k++) {
                byte c = b[k];
                if (c < 0) {
                    hi = true;
                } else if (c < 0x20 && c != '\t' && c != '\r') {
                    ctl = true;
                }
            }
        }
        for (; i < e; i++) {
            byte c = b[i];
            if (c == '$') {
                if (n < wanted) {
                    record(n, fs, i);
                }
                n++;
                fs = i + 1;
                lastSep = i;
            } else if (c < 0x20) {
                if (c < 0) {
                    hi = true;
                } else if (c != '\t' && c != '\r') {
                    ctl = true;
                }
            }
        }
        if (n < wanted) {
            record(n, fs, e);
        }
        count = n + 1;
        recorded = Math.min(count, wanted);
        lastFrom = lastSep < 0 ? s : lastSep + 1;
        nonAscii = hi;
        control = ctl;
    }

    private void record(int n, int start, int end) {
        if (n >= from.length) {
            from = Arrays.copyOf(from, Math.max(from.length * 2, n + 1));
            to = Arrays.copyOf(to, from.length);
        }
        from[n] = start;
        to[n] = end;
    }

    /** True when the last field is empty or blank (whether or not its bounds were recorded). */
    boolean lastBlank() {
        for (int k = lastFrom; k < lineEnd; k++) {
            byte c = buf[k];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** True when field {@code i} is absent (or not recorded) or holds only blanks. */
    boolean blank(int i) {
        if (i < 0 || i >= recorded) {
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
        if (i < 0 || i >= recorded) {
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
        return new String(buf, s, e - s, charset());
    }

    private boolean utf8() {
        if (utf8State == 0) {
            utf8State = Utf8.isValid(buf, lineStart, lineEnd) ? 1 : 2;
        }
        return utf8State == 1;
    }

    /** The charset the line decodes with: ISO-8859-1 (ASCII), UTF-8 or windows-1252. */
    Charset charset() {
        if (!nonAscii) {
            return StandardCharsets.ISO_8859_1;
        }
        return utf8() ? StandardCharsets.UTF_8 : WINDOWS_1252;
    }

    /**
     * The line's problem with its encoding, or null: C0 control bytes (binary data, NUL padding), or
     * bytes that are neither UTF-8 nor defined in windows-1252.
     */
    String brokenEncoding() {
        if (control) {
            return "the line holds control bytes (binary data?)";
        }
        if (nonAscii && !utf8()) {
            for (int k = lineStart; k < lineEnd; k++) {
                int c = buf[k] & 0xff;
                if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D) {
                    return "the line holds bytes that are neither UTF-8 nor windows-1252/ISO-8859-1 text";
                }
            }
        }
        return null;
    }

    /**
     * The non-negative decimal integer in field {@code i} (blanks around it allowed), -1 when the
     * field is blank, -2 when it is not such a number (or has more than 18 digits).
     */
    long digits(int i) {
        if (i < 0 || i >= recorded) {
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
        if (i < 0 || i >= recorded) {
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
        if (i < 0 || i >= recorded) {
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
            s = new String(buf, lineStart, e - lineStart, charset());
        }
        if (s.length() > EXCERPT_CHARS) {
            s = s.substring(0, EXCERPT_CHARS);
        }
        StringBuilder sb = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfffd) {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(k, '?');
            }
        }
        return sb == null ? s : sb.toString();
    }
}
