package org.kratomwatch.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a reference table (simple CSV without quoted fields) from the test classpath: one row per
 * case, values as written by the Python reference generators ({@code NA} undefined, {@code Inf}).
 */
public final class ReferenceTable {

    private ReferenceTable() {
    }

    /** One row: column name to raw text. */
    public record Row(int line, Map<String, String> values) {
        public double num(String column) {
            String v = values.get(column);
            if (v == null) {
                throw new IllegalArgumentException("no column " + column);
            }
            return switch (v) {
                case "NA" -> Double.NaN;
                case "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(v);
            };
        }

        public long count(String column) {
            return Long.parseLong(values.get(column));
        }

        @Override
        public String toString() {
            return "line " + line + " " + values;
        }
    }

    public static List<Row> load(String resource) {
        InputStream in = ReferenceTable.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("missing test resource " + resource);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String[] header = r.readLine().split(",", -1);
            List<Row> rows = new ArrayList<>();
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                String[] f = line.split(",", -1);
                Map<String, String> m = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    m.put(header[i], f[i]);
                }
                rows.add(new Row(n, m));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts |actual − expected| ≤ tol · max(1, |expected|) (relative for large values, absolute
     * near zero), with NaN matching NaN and infinities matching exactly.
     */
    public static boolean close(double expected, double actual, double tol) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            return Double.compare(expected, actual) == 0;
        }
        return Math.abs(actual - expected) <= tol * Math.max(1.0, Math.abs(expected));
    }
}
