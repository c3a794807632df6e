package org.kratomwatch.ingest.faers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar quarter of FDA's quarterly extracts, e.g. 2022Q4, ordered in time. Parsed from the
 * {@code yyQq} or {@code yyyyQq} that FDA puts in every file and archive name ({@code DEMO22Q4.txt},
 * {@code DEMO04Q1.TXT}, {@code faers_ascii_2022Q4.zip}, {@code aers_ascii_2004q1.zip},
 * {@code DEMO18Q1_new.txt}); two-digit years are 20yy (FDA's extracts start in 2004).
 *
 * @param year    the calendar year, 1900-2999
 * @param quarter 1-4
 */
public record FaersQuarter(int year, int quarter) implements Comparable<FaersQuarter> {

    /** The first FAERS quarter; earlier quarters are legacy AERS (keyed by ISR). */
    public static final FaersQuarter FIRST_FAERS = new FaersQuarter(2012, 4);

    private static final Pattern IN_NAME =
            Pattern.compile("(?<![0-9])((?:19|20)[0-9]{2}|[0-9]{2})[qQ]([1-4])(?![0-9])");
    private static final Pattern EXACT = Pattern.compile("((?:19|20)[0-9]{2}|[0-9]{2})[qQ]([1-4])");

    public FaersQuarter {
        if (year < 1900 || year > 2999) {
            throw new IllegalArgumentException("year out of range: " + year);
        }
        if (quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("quarter out of range: " + quarter);
        }
    }

    /**
     * Parses {@code 2022Q4}, {@code 2022q4} or {@code 22Q4}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static FaersQuarter parse(String text) {
        Matcher m = EXACT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quarter yyyyQq or yyQq: " + text);
        }
        return of(m);
    }

    /**
     * The quarter named in a file or folder name, e.g. {@code DEMO22Q4.txt} or
     * {@code faers_ascii_2022q4.zip}; empty when the name names none, or names two different
     * quarters (as {@code faers_2004q1_2017q2} does).
     */
    public static Optional<FaersQuarter> find(String name) {
        Matcher m = IN_NAME.matcher(name);
        FaersQuarter found = null;
        while (m.find()) {
            FaersQuarter q = of(m);
            if (found != null && !found.equals(q)) {
                return Optional.empty();
            }
            found = q;
        }
        return Optional.ofNullable(found);
    }

    private static FaersQuarter of(Matcher m) {
        String y = m.group(1);
        int year = Integer.parseInt(y);
        if (y.length() == 2) {
            year += 2000;
        }
        return new FaersQuarter(year, m.group(2).charAt(0) - '0');
    }

    /** True for quarters before 2012Q4, published as legacy AERS. */
    public boolean legacyEra() {
        return compareTo(FIRST_FAERS) < 0;
    }

    /** The following quarter. */
    public FaersQuarter next() {
        return quarter == 4 ? new FaersQuarter(year + 1, 1) : new FaersQuarter(year, quarter + 1);
    }

    /** {@code year * 10 + quarter}, e.g. 20224: increasing with time. */
    public int ordinal() {
        return year * 10 + quarter;
    }

    @Override
    public int compareTo(FaersQuarter o) {
        return Integer.compare(ordinal(), o.ordinal());
    }

    /** The data period form, e.g. {@code 2022Q4}. */
    @Override
    public String toString() {
        return year + "Q" + quarter;
    }
}
