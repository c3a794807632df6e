package org.kratomwatch.streams.count;

import org.kratomwatch.schemas.topic.Keys;

/**
 * The count keys, as {@link Keys#join joined} strings. An exposure is a substance ({@code S}) or a
 * group or class ({@code G}, e.g. {@code kratom-related}, {@code opioid}); an event is a preferred
 * term ({@code T}) or a term group ({@code G}). Each is counted over distinct reports:
 *
 * <table>
 *   <caption>Count keys</caption>
 *   <tr><th>key</th><th>counts reports with</th><th>in the 2×2 table</th></tr>
 *   <tr><td>{@code N}</td><td>anything</td><td>N</td></tr>
 *   <tr><td>{@code D|xk|x}</td><td>exposure x</td><td>a+b</td></tr>
 *   <tr><td>{@code E|ek|e}</td><td>event e</td><td>a+c</td></tr>
 *   <tr><td>{@code P|xk|x|ek|e}</td><td>x and e</td><td>a</td></tr>
 *   <tr><td>{@code C|xk|x|yk|y}</td><td>watched x and another exposure y</td><td>Ω n11</td></tr>
 *   <tr><td>{@code T|xk|x|yk|y|ek|e}</td><td>watched x, y and e</td><td>Ω n111</td></tr>
 * </table>
 *
 * A key so far is a <em>coarse</em> key; the stores hold <em>fine</em> keys, a coarse key followed
 * by a {@link Cell} ({@code |period|stratum|flags}), and a coarse key's cells are found by a prefix
 * scan of {@code coarse + "|"} (parts are escaped, so no other key has that prefix).
 */
public final class CountKeys {

    public static final String TOTAL = "N";
    public static final String SUBSTANCE = "S";
    public static final String GROUP = "G";
    public static final String TERM = "T";

    private CountKeys() {
    }

    public static String exposure(String kind, String name) {
        return Keys.join("D", kind, name);
    }

    public static String event(String kind, String name) {
        return Keys.join("E", kind, name);
    }

    public static String pair(String exposureKind, String exposure, String eventKind, String event) {
        return Keys.join("P", exposureKind, exposure, eventKind, event);
    }

    public static String coExposure(String kind, String watched, String otherKind, String other) {
        return Keys.join("C", kind, watched, otherKind, other);
    }

    public static String triple(String kind, String watched, String otherKind, String other, String eventKind,
            String event) {
        return Keys.join("T", kind, watched, otherKind, other, eventKind, event);
    }

    /** A fine key: the coarse key in one cell. */
    public static String fine(String coarse, Cell cell) {
        return coarse + Keys.SEPARATOR + cell.encode();
    }

    /** The prefix of every fine key of a coarse key. */
    public static String cellsOf(String coarse) {
        return coarse + Keys.SEPARATOR;
    }

    /** A fine key split into its coarse key and cell. */
    public record Fine(String coarse, Cell cell) {
    }

    /**
     * Parses a fine key. The cell is its last three parts and no part holds an unescaped
     * separator, so the split is found from the end without unescaping the coarse key.
     */
    public static Fine parseFine(String fine) {
        int start = cellStart(fine);
        return new Fine(fine.substring(0, start - 1), Cell.parse(fine.substring(start)));
    }

    /** The cell of a fine key whose coarse key is known (as from a prefix scan). */
    public static Cell cellOf(String fine) {
        return Cell.parse(fine.substring(cellStart(fine)));
    }

    private static int cellStart(String fine) {
        int i = fine.length();
        for (int k = 0; k < 3; k++) {
            i = fine.lastIndexOf(Keys.SEPARATOR, i - 1);
            if (i <= 0) {
                throw new IllegalArgumentException("not a fine count key: " + fine);
            }
        }
        return i + 1;
    }
}
