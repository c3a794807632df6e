package org.kratomwatch.streams.score;

import java.util.ArrayList;
import java.util.List;
import org.kratomwatch.schemas.Periods;

/** Calendar quarters {@code YYYYQn}. */
public final class Quarters {

    private Quarters() {
    }

    /** The quarter after {@code q}: 2024Q4 → 2025Q1. */
    public static String next(String q) {
        if (!Periods.isPeriod(q)) {
            throw new IllegalArgumentException("not a quarter YYYYQn: " + q);
        }
        int y = Integer.parseInt(q.substring(0, 4));
        int n = q.charAt(5) - '0';
        return n == 4 ? (y + 1) + "Q1" : y + "Q" + (n + 1);
    }

    /** Every quarter from {@code first} to {@code last}, both included (empty when last &lt; first). */
    public static List<String> range(String first, String last) {
        List<String> out = new ArrayList<>();
        for (String q = first; q.compareTo(last) <= 0; q = next(q)) {
            out.add(q);
        }
        return out;
    }
}
