package org.kratomwatch.ingest.faers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kratomwatch.ingest.UnreadableInputException;

/**
 * A table's header line: column names (any case, blanks trimmed, a trailing {@code $} ignored) and
 * which one keys the rows ({@code primaryid} in FAERS, {@code isr} in legacy AERS).
 */
final class Layout {

    final Table table;
    final String file;
    /** True when keyed by {@code isr} (legacy AERS). */
    final boolean legacy;
    /** Number of named columns. */
    final int columns;
    /** Index of the key column. */
    final int key;
    final String keyName;
    /** Fields to record when splitting a row: one past the last column read (all by default). */
    int wanted = Integer.MAX_VALUE;
    private final Map<String, Integer> index = new HashMap<>();

    /**
     * Whether a row may carry one empty field more than the header names (a trailing {@code $}):
     * when the header ends with {@code $} itself, and in legacy AERS files, whose rows end with
     * {@code $} while their headers may not. Elsewhere (FAERS files) the count must be exact, so
     * that a row with one stray {@code $} in free text and an empty last field is caught.
     */
    final boolean trailingEmptyField;

    private Layout(Table table, String file, List<String> names, boolean headerTrailing) {
        this.table = table;
        this.file = file;
        for (int i = 0; i < names.size(); i++) {
            index.putIfAbsent(names.get(i), i);
        }
        this.columns = names.size();
        Integer p = index.get("primaryid");
        Integer isr = index.get("isr");
        if (p != null) {
            legacy = false;
            key = p;
            keyName = "primaryid";
        } else if (isr != null) {
            legacy = true;
            key = isr;
            keyName = "isr";
        } else {
            throw new UnreadableInputException(file + ": the header names no primaryid or isr column");
        }
        trailingEmptyField = headerTrailing || legacy;
    }

    /**
     * Reads the header, the first line of the source.
     *
     * @throws UnreadableInputException when the source is empty or its first line is not a header
     */
    static Layout read(Table table, LineSource src) {
        if (!src.next()) {
            if (src.truncated()) {
                throw new UnreadableInputException(src.name() + ": ends before its header line ("
                        + src.failure() + ")");
            }
            throw new UnreadableInputException(src.name() + ": empty file, no header line");
        }
        int s = src.start;
        int e = src.end;
        byte[] b = src.buf;
        if (e - s >= 3 && (b[s] & 0xff) == 0xEF && (b[s + 1] & 0xff) == 0xBB && (b[s + 2] & 0xff) == 0xBF) {
            s += 3;
        }
        String header = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
        List<String> names = new ArrayList<>();
        for (String part : header.split("\\$", -1)) {
            names.add(part.strip().toLowerCase(Locale.ROOT));
        }
        boolean trailing = names.size() > 1 && names.get(names.size() - 1).isEmpty();
        if (trailing) {
            names.remove(names.size() - 1);
        }
        String first = names.get(0);
        if (!first.isEmpty() && Character.isDigit(first.charAt(0))) {
            throw new UnreadableInputException(src.name() + ": line 1 is data, not the header line");
        }
        return new Layout(table, src.name(), names, trailing);
    }

    /** Records only the fields up to the highest of these column indexes (-1 for absent ones). */
    void readColumns(int... cols) {
        int max = key;
        for (int c : cols) {
            max = Math.max(max, c);
        }
        wanted = max + 1;
    }

    /** Index of the first of the named columns present, or -1. */
    int col(String... names) {
        for (String n : names) {
            Integer i = index.get(n);
            if (i != null) {
                return i;
            }
        }
        return -1;
    }

    /**
     * True when a row has as many fields as the header has names, or (where
     * {@link #trailingEmptyField}) one more that is empty.
     */
    boolean columnsOk(Fields f) {
        return f.count == columns || (trailingEmptyField && f.count == columns + 1 && f.lastBlank());
    }
}
