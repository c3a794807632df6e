package org.kratomwatch.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.schemas.AvroTrust;
import org.kratomwatch.streams.query.SignalJson;

/**
 * The query API's JSON records read back into the Avro classes, the inverse of {@link SignalJson}
 * and, like it, driven by the schemas: a double's {@code null} is NaN and {@code "Infinity"} /
 * {@code "-Infinity"} the infinities, timestamps are epoch milliseconds, enums their symbols. So a
 * report built from the API sees exactly the records the engine holds.
 */
final class SignalJsonReader {

    static {
        AvroTrust.install(); // copying and building generated records resolves their classes through Avro
    }

    private SignalJsonReader() {
    }

    static DisproportionalitySignal signal(JsonNode node) {
        return (DisproportionalitySignal) record(node, DisproportionalitySignal.getClassSchema());
    }

    static InteractionSignal interaction(JsonNode node) {
        return (InteractionSignal) record(node, InteractionSignal.getClassSchema());
    }

    private static SpecificRecord record(JsonNode node, Schema schema) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object for " + schema.getName());
        }
        SpecificRecord r = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field f : schema.getFields()) {
            JsonNode v = node.get(f.name());
            if (v == null) {
                throw new IllegalArgumentException(schema.getName() + " without field '" + f.name() + "'");
            }
            r.put(f.pos(), value(v, f.schema(), schema.getName() + "." + f.name()));
        }
        return r;
    }

    private static Object value(JsonNode v, Schema schema, String where) {
        switch (schema.getType()) {
            case UNION: {
                if (v.isNull()) {
                    return null;
                }
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return value(v, branch, where);
                    }
                }
                return null;
            }
            case RECORD:
                return record(v, schema);
            case ENUM:
                return SpecificData.get().createEnum(text(v, where), schema);
            case STRING:
                return text(v, where);
            case BOOLEAN:
                if (!v.isBoolean()) {
                    throw new IllegalArgumentException(where + ": expected true or false");
                }
                return v.booleanValue();
            case INT:
                return v.intValue();
            case LONG:
                if (!v.canConvertToLong()) {
                    throw new IllegalArgumentException(where + ": expected an integer");
                }
                return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        ? Instant.ofEpochMilli(v.longValue()) : (Object) v.longValue();
            case DOUBLE:
                return SignalJson.number(v);
            case FLOAT:
                return (float) SignalJson.number(v);
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonNode item : v) {
                    list.add(value(item, schema.getElementType(), where));
                }
                return list;
            }
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    map.put(e.getKey(), value(e.getValue(), schema.getValueType(), where));
                }
                return map;
            }
            default:
                throw new IllegalArgumentException(where + ": no JSON mapping for Avro type " + schema.getType());
        }
    }

    private static String text(JsonNode v, String where) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + ": expected a string");
        }
        return v.textValue();
    }
}
