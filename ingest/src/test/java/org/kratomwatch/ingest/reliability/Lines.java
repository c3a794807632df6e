package org.kratomwatch.ingest.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A delimited text file as byte lines, each with its own line end, so that a fault lands on
 * exactly the bytes chosen and everything else is written back as it was. Fields are raw byte
 * slices: for CSV a quoted field keeps its quotes.
 */
final class Lines {

    static final byte[] LF = {'\n'};
    static final byte[] CRLF = {'\r', '\n'};
    static final byte[] NONE = {};

    final List<byte[]> text = new ArrayList<>();
    final List<byte[]> ends = new ArrayList<>();
    /** The field separator: {@code $} (FAERS) or {@code ,} (CSV, quotes honoured). */
    final byte sep;

    Lines(byte sep) {
        this.sep = sep;
    }

    static Lines parse(byte[] all, byte sep) {
        Lines l = new Lines(sep);
        int s = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                int e = i > s && all[i - 1] == '\r' ? i - 1 : i;
                l.text.add(Arrays.copyOfRange(all, s, e));
                l.ends.add(e == i ? LF : CRLF);
                s = i + 1;
            }
        }
        if (s < all.length) {
            l.text.add(Arrays.copyOfRange(all, s, all.length));
            l.ends.add(NONE);
        }
        return l;
    }

    int size() {
        return text.size();
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.size(); i++) {
            out.writeBytes(text.get(i));
            out.writeBytes(ends.get(i));
        }
        return out.toByteArray();
    }

    /** The line end the file mostly uses, for lines the corpus adds. */
    byte[] usualEnd() {
        return ends.isEmpty() || ends.get(0) == NONE ? LF : ends.get(0);
    }

    static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r' && b != 0x1a) {
                return false;
            }
        }
        return true;
    }

    /** Indexes (0-based) of the non-blank lines after the header line. */
    List<Integer> dataLines() {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < text.size(); i++) {
            if (!blank(text.get(i))) {
                out.add(i);
            }
        }
        return out;
    }

    /** The raw fields of a line. */
    List<byte[]> fields(int line) {
        return split(text.get(line), sep);
    }

    void setFields(int line, List<byte[]> fields) {
        text.set(line, join(fields, sep));
    }

    static List<byte[]> split(byte[] line, byte sep) {
        List<byte[]> out = new ArrayList<>();
        boolean quoted = false;
        int s = 0;
        for (int i = 0; i < line.length; i++) {
            byte b = line[i];
            if (sep == ',' && b == '"') {
                quoted = !quoted;
            } else if (b == sep && !quoted) {
                out.add(Arrays.copyOfRange(line, s, i));
                s = i + 1;
            }
        }
        out.add(Arrays.copyOfRange(line, s, line.length));
        return out;
    }

    static byte[] join(List<byte[]> fields, byte sep) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(sep);
            }
            out.writeBytes(fields.get(i));
        }
        return out.toByteArray();
    }

    /** The header's column names, lower-cased, without the empty name a trailing {@code $} makes. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        for (byte[] f : fields(0)) {
            out.add(unquote(new String(f, StandardCharsets.ISO_8859_1)).strip().toLowerCase(java.util.Locale.ROOT));
        }
        if (out.size() > 1 && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        if (!out.isEmpty() && out.get(0).startsWith("\u00ef\u00bb\u00bf")) {
            out.set(0, out.get(0).substring(3));
        }
        return out;
    }

    /** True when the header ends with a separator (FDA's trailing {@code $}). */
    boolean trailingSeparator() {
        byte[] h = text.get(0);
        return h.length > 0 && h[h.length - 1] == sep;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /**
     * Where text may go into a field without changing what the line means to a reader: inside a
     * field of plain words (at least four letters; no digits, which could be ids, codes or
     * dates), never its first or last character and never inside quotes' delimiters. Returns
     * {@code {field, offset}} pairs as a byte offset into the line, or an empty list.
     */
    List<Integer> textPositions(int line, int avoidField) {
        List<Integer> out = new ArrayList<>();
        List<byte[]> f = fields(line);
        int offset = 0;
        for (int i = 0; i < f.size(); i++) {
            byte[] raw = f.get(i);
            int from = 0;
            int to = raw.length;
            if (to >= 2 && raw[0] == '"' && raw[to - 1] == '"') {
                from++;
                to--;
            }
            if (i != avoidField && plainWords(raw, from, to)) {
                for (int k = from + 1; k < to - 1; k++) {
                    out.add(offset + k);
                }
            }
            offset += raw.length + 1;
        }
        return out;
    }

    private static boolean plainWords(byte[] b, int from, int to) {
        int letters = 0;
        for (int i = from; i < to; i++) {
            int c = b[i];
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
                letters++;
            } else if (c != ' ' && c != '.' && c != '\'' && c != '-' && c != '&' && c != '/') {
                return false;
            }
        }
        return letters >= 4;
    }

    /** Inserts bytes into a line at a byte offset. */
    void insert(int line, int at, byte[] bytes) {
        byte[] t = text.get(line);
        byte[] n = new byte[t.length + bytes.length];
        System.arraycopy(t, 0, n, 0, at);
        System.arraycopy(bytes, 0, n, at, bytes.length);
        System.arraycopy(t, at, n, at + bytes.length, t.length - at);
        text.set(line, n);
    }
}
