package org.kratomwatch.stats.mgps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the CSV fixtures that {@code stats/src/test/python/mgps_reference.py} writes under
 * {@code src/test/resources/mgps/}: lines starting with {@code #} are comments, the first other
 * line is the header.
 */
final class Fixtures {

    private Fixtures() {
    }

    /** One row: column name → text. */
    record Row(Map<String, String> values) {
        String text(String column) {
            String v = values.get(column);
            if (v == null) {
                throw new IllegalArgumentException("no column " + column + " in " + values.keySet());
            }
            return v;
        }

        double num(String column) {
            return Double.parseDouble(text(column));
        }

        long integer(String column) {
            return Long.parseLong(text(column));
        }

        MgpsHyperparameters hyperparameters() {
            return new MgpsHyperparameters(num("alpha1"), num("beta1"), num("alpha2"), num("beta2"), num("p"));
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }

    static List<Row> read(String name) {
        String resource = "/mgps/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource
                        + " (regenerate with stats/src/test/python/mgps_reference.py)");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> header = null;
            List<Row> rows = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                List<String> fields = CaersData.split(line);
                if (header == null) {
                    header = fields;
                    continue;
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    m.put(header.get(i), fields.get(i));
                }
                rows.add(new Row(m));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
