package org.kratomwatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.SignalEvent;

/**
 * The JSON form of the query API's records, derived from their Avro schemas so that the two cannot
 * drift apart: one JSON object per record with exactly the Avro field names (camelCase), in schema
 * order.
 *
 * <ul>
 *   <li>strings and booleans as themselves; {@code long} counts as JSON integers;</li>
 *   <li>{@code double}: a finite value as a JSON number; NaN (undefined, e.g. a zero denominator)
 *       as {@code null}; +/-Infinity (unbounded) as the strings {@code "Infinity"} and
 *       {@code "-Infinity"}, since JSON has no literal for either;</li>
 *   <li>enums as their symbol name, e.g. {@code "PREFERRED_TERM"}, {@code "CUMULATIVE"};</li>
 *   <li>{@code timestamp-millis} fields ({@code updatedAt}, {@code occurredAt}) as UTC milliseconds
 *       since the epoch, as in Avro;</li>
 *   <li>arrays ({@code signalsFired}) as arrays, maps ({@code firstFired}) as objects, nested
 *       records ({@code hyperparameters}) as objects, an absent optional value as {@code null}.</li>
 * </ul>
 *
 * <p>{@link #number(JsonNode)} reads a double back with these conventions (for sorting).
 */
public final class SignalJson {

    /** The mapper used for every body of the API (no pretty printing: SSE data must be one line). */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SignalJson() {
    }

    /** A disproportionality result as JSON. */
    public static ObjectNode toJson(DisproportionalitySignal signal) {
        return record(signal);
    }

    /** An interaction result as JSON. */
    public static ObjectNode toJson(InteractionSignal signal) {
        return record(signal);
    }

    /** A signal state change as JSON. */
    public static ObjectNode toJson(SignalEvent event) {
        return record(event);
    }

    /** Disproportionality results as a JSON array, in the given order. */
    public static ArrayNode signals(Collection<DisproportionalitySignal> signals) {
        ArrayNode array = NODES.arrayNode(signals.size());
        signals.forEach(s -> array.add(toJson(s)));
        return array;
    }

    /**
     * A double written by this class read back: a number as itself, {@code "Infinity"} and
     * {@code "-Infinity"} as the infinities, and {@code null}, a missing field or anything else as
     * NaN.
     */
    public static double number(JsonNode node) {
        if (node == null) {
            return Double.NaN;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            switch (node.textValue()) {
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** Puts a double with the conventions of this class. */
    static void putDouble(ObjectNode node, String field, double value) {
        node.set(field, doubleNode(value));
    }

    private static JsonNode doubleNode(double value) {
        if (Double.isNaN(value)) {
            return NODES.nullNode();
        }
        if (Double.isInfinite(value)) {
            return NODES.textNode(value > 0 ? "Infinity" : "-Infinity");
        }
        return NODES.numberNode(value);
    }

    private static ObjectNode record(IndexedRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), value(field.schema(), record.get(field.pos())));
        }
        return node;
    }

    private static JsonNode value(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case UNION:
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return value(branch, value);
                    }
                }
                return NODES.nullNode();
            case RECORD:
                return record((IndexedRecord) value);
            case ENUM:
                return NODES.textNode(value instanceof Enum<?> e ? e.name() : value.toString());
            case STRING:
                return NODES.textNode(value.toString());
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case INT:
                return NODES.numberNode(((Number) value).intValue());
            case LONG:
                if (value instanceof Instant instant) {
                    return NODES.numberNode(instant.toEpochMilli());
                }
                return NODES.numberNode(((Number) value).longValue());
            case FLOAT:
            case DOUBLE:
                return doubleNode(((Number) value).doubleValue());
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Collection<?>) value) {
                    array.add(value(schema.getElementType(), item));
                }
                return array;
            }
            case MAP: {
                ObjectNode map = NODES.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    map.set(e.getKey().toString(), value(schema.getValueType(), e.getValue()));
                }
                return map;
            }
            default:
                throw new IllegalArgumentException("no JSON mapping for Avro type " + schema.getType());
        }
    }
}
