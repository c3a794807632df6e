package org.kratomwatch.schemas;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Seeded random generic Avro data for any schema, biased towards edge cases: empty and
 * non-ASCII strings containing the key separator, NaN, infinities, -0.0, extreme longs, empty
 * arrays and maps, null branches of unions.
 */
public final class RandomAvro {

    private static final double[] SPECIAL_DOUBLES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 1.0};
    private static final long[] SPECIAL_LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE + 1L};
    private static final String[] PIECES = {"a", "Z", "kratom", "|", "%", "%7C", " ", "é", "漢", "\uD83D\uDE00",
        "\u0000", "-", "7-OH", "\t"};

    private final Random random;

    public RandomAvro(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public Object datum(Schema schema) {
        switch (schema.getType()) {
            case RECORD: {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field f : schema.getFields()) {
                    record.put(f.pos(), datum(f.schema()));
                }
                return record;
            }
            case ENUM: {
                List<String> symbols = schema.getEnumSymbols();
                return new GenericData.EnumSymbol(schema, symbols.get(random.nextInt(symbols.size())));
            }
            case ARRAY: {
                int n = random.nextInt(5);
                GenericData.Array<Object> array = new GenericData.Array<>(n, schema);
                for (int i = 0; i < n; i++) {
                    array.add(datum(schema.getElementType()));
                }
                return array;
            }
            case MAP: {
                int n = random.nextInt(4);
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(string(), datum(schema.getValueType()));
                }
                return map;
            }
            case UNION: {
                List<Schema> types = schema.getTypes();
                boolean hasNull = types.stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
                if (hasNull && random.nextInt(3) == 0) {
                    return null;
                }
                Schema branch;
                do {
                    branch = types.get(random.nextInt(types.size()));
                } while (branch.getType() == Schema.Type.NULL);
                return datum(branch);
            }
            case STRING:
                return string();
            case BYTES: {
                byte[] b = new byte[random.nextInt(8)];
                random.nextBytes(b);
                return ByteBuffer.wrap(b);
            }
            case FIXED: {
                byte[] b = new byte[schema.getFixedSize()];
                random.nextBytes(b);
                return new GenericData.Fixed(schema, b);
            }
            case INT:
                return random.nextInt(4) == 0 ? Integer.MIN_VALUE : random.nextInt();
            case LONG:
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis && random.nextBoolean()) {
                    return 1_500_000_000_000L + random.nextInt(Integer.MAX_VALUE);
                }
                return random.nextInt(3) == 0 ? SPECIAL_LONGS[random.nextInt(SPECIAL_LONGS.length)] : random.nextLong();
            case FLOAT:
                return random.nextInt(3) == 0 ? Float.NaN : random.nextFloat();
            case DOUBLE:
                return random.nextInt(2) == 0 ? SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)]
                        : random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
            case BOOLEAN:
                return random.nextBoolean();
            case NULL:
                return null;
            default:
                throw new IllegalArgumentException("unsupported schema type " + schema.getType());
        }
    }

    public String string() {
        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(8);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }
}
