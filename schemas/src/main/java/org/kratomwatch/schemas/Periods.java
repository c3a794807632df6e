package org.kratomwatch.schemas;

import java.util.regex.Pattern;

/**
 * The two date granularities the records carry: months {@code YYYY-MM} (dates are coarsened to
 * months, never days) and data periods, calendar quarters {@code YYYYQn}.
 */
public final class Periods {

    private static final Pattern MONTH = Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");
    private static final Pattern PERIOD = Pattern.compile("[0-9]{4}Q[1-4]");

    private Periods() {
    }

    /** True for a month such as {@code 2024-11}. */
    public static boolean isMonth(String s) {
        return s != null && MONTH.matcher(s).matches();
    }

    /** True for a period such as {@code 2024Q4}. */
    public static boolean isPeriod(String s) {
        return s != null && PERIOD.matcher(s).matches();
    }

    /**
     * The quarter of a month: {@code 2024-11} gives {@code 2024Q4}.
     *
     * @throws IllegalArgumentException when {@code month} is not {@code YYYY-MM}
     */
    public static String periodOfMonth(String month) {
        if (!isMonth(month)) {
            throw new IllegalArgumentException("not a month YYYY-MM: " + month);
        }
        int m = Integer.parseInt(month.substring(5));
        return month.substring(0, 4) + "Q" + ((m - 1) / 3 + 1);
    }
}
