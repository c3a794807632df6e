package org.kratomwatch.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Plain-Java views of Avro data, generic or specific, for comparing a generic value written with
 * one schema against the specific value read back: records become ordered maps, strings
 * (Utf8 or String) and enum symbols become strings, timestamps become epoch milliseconds, maps
 * become sorted maps.
 */
public final class AvroValues {

    private AvroValues() {
    }

    /**
     * Asserts that two Avro values hold the same data, comparing doubles with {@link Double#equals}
     * (NaN equals NaN, -0.0 differs from 0.0). The generated classes' own {@code equals} cannot be
     * used for this: Avro compares doubles with {@code ==}, so a record holding NaN never equals
     * its copy.
     */
    public static void assertSameData(Object actual, Object expected) {
        org.assertj.core.api.Assertions.assertThat(normalize(actual)).isEqualTo(normalize(expected));
    }

    public static Object normalize(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof IndexedRecord) {
            IndexedRecord record = (IndexedRecord) value;
            Map<String, Object> out = new LinkedHashMap<>();
            for (Schema.Field f : record.getSchema().getFields()) {
                out.put(f.name(), normalize(record.get(f.pos())));
            }
            return out;
        }
        if (value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        if (value instanceof GenericEnumSymbol) {
            return value.toString();
        }
        if (value instanceof Instant) {
            return ((Instant) value).toEpochMilli();
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer b = ((ByteBuffer) value).duplicate();
            List<Byte> bytes = new ArrayList<>();
            while (b.hasRemaining()) {
                bytes.add(b.get());
            }
            return bytes;
        }
        if (value instanceof Collection) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Collection<?>) value) {
                out.add(normalize(o));
            }
            return out;
        }
        if (value instanceof Map) {
            Map<String, Object> out = new TreeMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                out.put(e.getKey().toString(), normalize(e.getValue()));
            }
            return out;
        }
        return value; // Boolean, Integer, Long, Float, Double (Double.equals treats NaN as equal to NaN)
    }
}
