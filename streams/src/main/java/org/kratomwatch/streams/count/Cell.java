package org.kratomwatch.streams.count;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kratomwatch.schemas.topic.Keys;

/**
 * The finest unit counts are kept in: a data period, a stratum and the comparator flags of a
 * report. Every aggregate the engine reports is a sum over cells: cumulative counts over periods up
 * to one, a comparator's background over cells without its flag, stratified expected counts per
 * stratum.
 *
 * @param period  data period, {@code YYYYQn}
 * @param stratum {@code AGE_BAND/SEX} (or {@code =value} when the input gave one) when stratification is on, else {@code -}
 * @param flags   bit i set when the report has a suspect or interacting drug of comparator i's
 *                class (comparator 0, {@code all}, excludes nothing and has no bit)
 */
public record Cell(String period, String stratum, int flags) {

    /** The stratum when stratification is off. */
    public static final String UNSTRATIFIED = "-";

    /**
     * Cells are few (periods × strata × flag combinations) but encoded and parsed once per count
     * delta and per scanned count, so both directions are remembered, up to a bound.
     */
    private static final int MEMO_LIMIT = 100_000;
    private static final Map<Cell, String> ENCODED = new ConcurrentHashMap<>();
    private static final Map<String, Cell> PARSED = new ConcurrentHashMap<>();

    /** The cell as the three key parts {@code period|stratum|flags}. */
    public String encode() {
        String e = ENCODED.get(this);
        if (e == null) {
            e = Keys.join(period, stratum, Integer.toString(flags));
            if (ENCODED.size() < MEMO_LIMIT) {
                ENCODED.put(this, e);
            }
        }
        return e;
    }

    /** Parses {@link #encode()}'s form. */
    public static Cell parse(String encoded) {
        Cell c = PARSED.get(encoded);
        if (c == null) {
            List<String> parts = Keys.split(encoded);
            if (parts.size() != 3) {
                throw new IllegalArgumentException("not a cell: " + encoded);
            }
            c = ofParts(parts, 0);
            if (PARSED.size() < MEMO_LIMIT) {
                PARSED.put(encoded, c);
            }
        }
        return c;
    }

    /** Parses the last three parts of a fine count key. */
    public static Cell ofParts(List<String> parts, int from) {
        return new Cell(parts.get(from), parts.get(from + 1), Integer.parseInt(parts.get(from + 2)));
    }

    /** True when a report in this cell is in comparator i's background. */
    public boolean inBackground(int comparator) {
        return comparator == 0 || (flags & (1 << (comparator - 1))) == 0;
    }

    /** The stratum including the report year (the period's year), for stratified expected counts. */
    public String stratumWithYear() {
        return stratum + "/" + period.substring(0, 4);
    }
}
