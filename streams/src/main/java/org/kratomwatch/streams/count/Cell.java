package org.kratomwatch.streams.count;

import java.util.List;
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

    /** The cell as the three key parts {@code period|stratum|flags}. */
    public String encode() {
        return Keys.join(period, stratum, Integer.toString(flags));
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
