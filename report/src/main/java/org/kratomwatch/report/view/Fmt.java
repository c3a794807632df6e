package org.kratomwatch.report.view;

import java.util.Locale;

/**
 * Numbers as a reader sees them in the HTML report: two decimals (thousands grouped from 1,000
 * on), {@code –} for an undefined value and {@code ∞} for an unbounded one. The CSV files keep
 * the unrounded values instead ({@link org.kratomwatch.stats.score.Numbers}). Locale-independent,
 * so the same input always prints the same text.
 */
public final class Fmt {

    /** Shown for an undefined (NaN) value. */
    public static final String UNDEFINED = "–";

    private Fmt() {
    }

    public static String num(double x) {
        if (Double.isNaN(x)) {
            return UNDEFINED;
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "−∞";
        }
        if (Math.abs(x) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", x);
        }
        String s = String.format(Locale.ROOT, "%.2f", x);
        return s.equals("-0.00") ? "0.00" : s.replace('-', '−');
    }

    /** An interval {@code lo–hi}; {@code –} when both limits are undefined. */
    public static String interval(double lo, double hi) {
        if (Double.isNaN(lo) && Double.isNaN(hi)) {
            return UNDEFINED;
        }
        return num(lo) + " – " + num(hi);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A share of a total as a whole percentage ({@code 0%} for an empty total). */
    public static String percent(long part, long total) {
        return total == 0 ? "0%" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / total);
    }
}
