package org.kratomwatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/**
 * Orders of JSON records (as written by {@link SignalJson}) for merging the lists of several
 * instances. Records are sorted as JSON because remote instances answer in JSON.
 */
final class JsonOrder {

    private JsonOrder() {
    }

    /**
     * By a double field, ascending or descending; NaN ({@code null}) always last, whatever the
     * direction, so undefined measures never crowd the top of a list; +Infinity is the largest.
     */
    static Comparator<JsonNode> number(String field, boolean descending) {
        return (x, y) -> {
            double a = SignalJson.number(x.get(field));
            double b = SignalJson.number(y.get(field));
            boolean nanA = Double.isNaN(a);
            boolean nanB = Double.isNaN(b);
            if (nanA || nanB) {
                return nanA == nanB ? 0 : nanA ? 1 : -1;
            }
            return descending ? Double.compare(b, a) : Double.compare(a, b);
        };
    }

    /** By a string field, ascending or descending; a missing value sorts last. */
    static Comparator<JsonNode> text(String field, boolean descending) {
        return (x, y) -> {
            JsonNode a = x.get(field);
            JsonNode b = y.get(field);
            boolean noA = a == null || !a.isTextual();
            boolean noB = b == null || !b.isTextual();
            if (noA || noB) {
                return noA == noB ? 0 : noA ? 1 : -1;
            }
            int c = a.textValue().compareTo(b.textValue());
            return descending ? -c : c;
        };
    }

    /** Ascending by each string field in turn: the key order, a stable tie-break. */
    static Comparator<JsonNode> key(String... fields) {
        Comparator<JsonNode> order = text(fields[0], false);
        for (int i = 1; i < fields.length; i++) {
            order = order.thenComparing(text(fields[i], false));
        }
        return order;
    }
}
