package org.kratomwatch.ingest.synthetic;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar quarter, the unit of FDA's FAERS quarterly releases ({@code 2024Q4}).
 *
 * @param year    the year, 1900 to 9999
 * @param quarter the quarter, 1 to 4
 */
public record Quarter(int year, int quarter) implements Comparable<Quarter> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})\\s*[Qq]([1-4])");

    public Quarter {
        if (year < 1900 || year > 9999) {
            throw new IllegalArgumentException("year out of range: " + year);
        }
        if (quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("quarter must be 1 to 4: " + quarter);
        }
    }

    /** Parses {@code 2024Q4} (also {@code 2024q4}). */
    public static Quarter parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quarter (expected e.g. 2024Q4): " + text);
        }
        return new Quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Parses a range {@code 2021Q1..2024Q4} (inclusive) or a single quarter, returning {first, last}. */
    public static Quarter[] parseRange(String text) {
        String t = text.trim();
        int dots = t.indexOf("..");
        Quarter first = Quarter.parse(dots < 0 ? t : t.substring(0, dots));
        Quarter last = dots < 0 ? first : Quarter.parse(t.substring(dots + 2));
        if (last.compareTo(first) < 0) {
            throw new IllegalArgumentException("quarter range ends before it starts: " + text);
        }
        return new Quarter[] {first, last};
    }

    /** The quarter containing a date. */
    public static Quarter of(LocalDate date) {
        return new Quarter(date.getYear(), (date.getMonthValue() - 1) / 3 + 1);
    }

    /** All quarters from {@code first} to {@code last}, inclusive. */
    public static List<Quarter> range(Quarter first, Quarter last) {
        List<Quarter> out = new ArrayList<>();
        for (Quarter q = first; q.compareTo(last) <= 0; q = q.plus(1)) {
            out.add(q);
        }
        return out;
    }

    /** The quarter {@code n} quarters later (earlier when negative). */
    public Quarter plus(int n) {
        int idx = ordinal() + n;
        return new Quarter(Math.floorDiv(idx, 4), Math.floorMod(idx, 4) + 1);
    }

    /** Quarters from {@code other} to this one (positive when this one is later). */
    public int minus(Quarter other) {
        return ordinal() - other.ordinal();
    }

    private int ordinal() {
        return year * 4 + quarter - 1;
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
    }

    public LocalDate lastDay() {
        return plus(1).firstDay().minusDays(1);
    }

    /** The FDA file-name suffix, e.g. {@code 24Q4} in {@code DEMO24Q4.txt}. */
    public String shortLabel() {
        return String.format(Locale.ROOT, "%02dQ%d", year % 100, quarter);
    }

    @Override
    public int compareTo(Quarter o) {
        return Integer.compare(ordinal(), o.ordinal());
    }

    @Override
    public String toString() {
        return year + "Q" + quarter;
    }
}
