package org.kratomwatch.stats.mgps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kratomwatch.stats.ContingencyTable;

/**
 * Test-only reader of openEBGM's CAERS example ({@code ../shared/data/caers/caers.csv}: columns id,
 * var1, var2, strat1; RFC 4180, fields quoted only when they contain a comma), counted as openEBGM's
 * {@code processRaw(stratify = FALSE, zeroes = FALSE)} does: every count is of distinct report ids,
 * E = n_D · n_E / N.
 */
final class CaersData {

    /** One (product, event) pair. */
    record Pair(String product, String event, long n, long drugReports, long eventReports, long reports) {
        double expected() {
            return ContingencyTable.fromMargins(n, drugReports, eventReports, reports).expected();
        }
    }

    final List<Pair> pairs;
    final int reports;
    final int products;
    final int events;
    final int rows;

    private CaersData(List<Pair> pairs, int reports, int products, int events, int rows) {
        this.pairs = pairs;
        this.reports = reports;
        this.products = products;
        this.events = events;
        this.rows = rows;
    }

    long[] counts() {
        return pairs.stream().mapToLong(Pair::n).toArray();
    }

    double[] expected() {
        return pairs.stream().mapToDouble(Pair::expected).toArray();
    }

    Pair pair(String product, String event) {
        for (Pair p : pairs) {
            if (p.product.equals(product) && p.event.equals(event)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no pair " + product + " / " + event);
    }

    static CaersData read(Path csv) {
        Set<String> ids = new HashSet<>();
        Map<List<String>, Set<String>> pair = new LinkedHashMap<>();
        Map<String, Set<String>> byProduct = new HashMap<>();
        Map<String, Set<String>> byEvent = new HashMap<>();
        int rows = 0;
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<String> header = split(r.readLine());
            if (!header.equals(List.of("id", "var1", "var2", "strat1"))) {
                throw new IllegalStateException("unexpected header " + header);
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty()) {
                    continue;
                }
                List<String> f = split(line);
                if (f.size() != 4) {
                    throw new IllegalStateException("expected 4 fields in line " + (rows + 2) + ": " + line);
                }
                rows++;
                String id = f.get(0);
                ids.add(id);
                pair.computeIfAbsent(List.of(f.get(1), f.get(2)), k -> new HashSet<>()).add(id);
                byProduct.computeIfAbsent(f.get(1), k -> new HashSet<>()).add(id);
                byEvent.computeIfAbsent(f.get(2), k -> new HashSet<>()).add(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Pair> pairs = new ArrayList<>();
        for (Map.Entry<List<String>, Set<String>> e : pair.entrySet()) {
            String product = e.getKey().get(0);
            String event = e.getKey().get(1);
            pairs.add(new Pair(product, event, e.getValue().size(), byProduct.get(product).size(),
                    byEvent.get(event).size(), ids.size()));
        }
        return new CaersData(pairs, ids.size(), byProduct.size(), byEvent.size(), rows);
    }

    /** Splits one RFC 4180 line: commas outside double quotes separate fields; "" inside quotes is a quote. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
