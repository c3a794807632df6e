package org.kratomwatch.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.kratomwatch.schemas.AvroTrust;
import org.kratomwatch.schemas.SchemaHistory;

/**
 * Kafka serde for one generated Avro record type in Avro single-object encoding, without a schema
 * registry: each value is {@code C3 01}, the writer schema's 8-byte little-endian CRC-64-AVRO
 * fingerprint, then the Avro binary body. Serialization goes through the generated class's
 * static {@code getEncoder()}; deserialization through its {@code createDecoder(SchemaStore)}
 * backed by {@link SchemaHistory}, so values written with any released version of the schema are
 * read into the current class.
 *
 * <p>{@code null} serializes to {@code null} and back (Kafka tombstones). Every failure is a
 * {@link SerializationException} whose message names the topic, the record type and the problem:
 * an empty or short value, a wrong marker, an unknown fingerprint (with the record it belongs to,
 * when it is another of ours), a truncated body, bytes after the datum, or a corrupt body.
 *
 * <p>Thread-safe and stateless: one instance serves every producer, consumer and stream thread;
 * {@link #configure} and {@link #close} do nothing. An encode allocates only its result array
 * (the encoder and a growable buffer are reused per thread).
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    /** First byte of the single-object encoding marker. */
    public static final byte MARKER_0 = (byte) 0xC3;
    /** Second byte of the single-object encoding marker (format version 1). */
    public static final byte MARKER_1 = (byte) 0x01;
    /** Marker plus fingerprint: the bytes before the Avro body. */
    public static final int HEADER_LENGTH = 10;

    private static final ThreadLocal<ByteSink> SINK = ThreadLocal.withInitial(ByteSink::new);

    private final Schema schema;
    private final long fingerprint;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final SchemaHistory history;
    private final Serializer<T> serializer = new Serializer<>() {
        @Override
        public byte[] serialize(String topic, T value) {
            return AvroSerde.this.serialize(topic, value);
        }
    };
    private final Deserializer<T> deserializer = new Deserializer<>() {
        @Override
        public T deserialize(String topic, byte[] data) {
            return AvroSerde.this.deserialize(topic, data);
        }

        @Override
        public T deserialize(String topic, org.apache.kafka.common.header.Headers headers, ByteBuffer data) {
            return AvroSerde.this.deserialize(topic, data);
        }
    };

    private AvroSerde(Schema schema, BinaryMessageEncoder<T> encoder, BinaryMessageDecoder<T> decoder,
            SchemaHistory history) {
        this.schema = schema;
        this.fingerprint = SchemaHistory.fingerprint(schema);
        this.encoder = encoder;
        this.decoder = decoder;
        this.history = history;
    }

    /**
     * A serde for a generated class, e.g.
     * {@code AvroSerde.of(AdverseEventReport.getClassSchema(), AdverseEventReport.getEncoder(),
     * AdverseEventReport::createDecoder, SchemaHistory.get())}.
     *
     * @param schema         the generated class's schema ({@code getClassSchema()}), the reader schema
     * @param encoder        the generated class's {@code getEncoder()}
     * @param decoderFactory the generated class's {@code createDecoder(SchemaStore)}
     * @param history        where released writer schemas are found
     */
    public static <T extends SpecificRecord> AvroSerde<T> of(Schema schema, BinaryMessageEncoder<T> encoder,
            Function<SchemaStore, BinaryMessageDecoder<T>> decoderFactory, SchemaHistory history) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(encoder, "encoder");
        AvroTrust.install();
        return new AvroSerde<>(schema, encoder, decoderFactory.apply(history.storeFor(schema)), history);
    }

    /** The current (writer and reader) schema. */
    public Schema schema() {
        return schema;
    }

    /** The fingerprint this serde writes after the marker. */
    public long fingerprint() {
        return fingerprint;
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    /**
     * Encodes a value in single-object encoding; {@code null} for {@code null}.
     *
     * @param topic the topic, for error messages only (may be null)
     * @throws SerializationException when the value cannot be encoded (e.g. a required field is null)
     */
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        ByteSink sink = SINK.get();
        sink.reset();
        try {
            encoder.encode(value, sink);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + schema.getName() + " for topic " + topic + ": "
                    + e, e);
        }
        return sink.toByteArray();
    }

    /**
     * Decodes a single-object encoded value into the current class; {@code null} for {@code null}.
     *
     * @param topic the topic, for error messages only (may be null)
     * @throws SerializationException when the bytes are not a value of this record type
     */
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : decode(topic, data, 0, data.length);
    }

    /**
     * As {@link #deserialize(String, byte[])}, reading the buffer's remaining bytes without
     * changing its position.
     */
    public T deserialize(String topic, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return decode(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return decode(topic, copy, 0, copy.length);
    }

    private T decode(String topic, byte[] bytes, int offset, int length) {
        if (length < HEADER_LENGTH) {
            throw failure(topic, length, length == 0
                    ? "empty value (0 bytes); a tombstone must be null, a value starts with the 10-byte"
                            + " single-object header C3 01 + schema fingerprint"
                    : "truncated header: " + length + " bytes, shorter than the 10-byte single-object header"
                            + " C3 01 + schema fingerprint");
        }
        if (bytes[offset] != MARKER_0 || bytes[offset + 1] != MARKER_1) {
            throw failure(topic, length, String.format("wrong marker 0x%02X 0x%02X, expected 0xC3 0x01"
                    + " (Avro single-object encoding)%s", bytes[offset], bytes[offset + 1],
                    looksLikeText(bytes, offset, length) ? "; the value looks like text (JSON or CSV?)" : ""));
        }
        long writerFingerprint = littleEndianLong(bytes, offset + 2);
        if (!history.knows(schema, writerFingerprint)) {
            throw failure(topic, length, unknownFingerprint(writerFingerprint));
        }
        ByteSource in = new ByteSource(bytes, offset, length);
        T value;
        try {
            value = decoder.decode(in, null);
        } catch (MissingSchemaException e) {
            throw failure(topic, length, unknownFingerprint(writerFingerprint), e);
        } catch (SecurityException e) {
            throw failure(topic, length, "Avro's global ClassSecurityValidator does not trust the generated classes"
                    + " (was it replaced after AvroTrust.install()? compose it with AvroTrust.GENERATED): " + e, e);
        } catch (IOException | RuntimeException e) {
            String writer = history.describe(writerFingerprint);
            if (hasCause(e, EOFException.class)) {
                throw failure(topic, length, "truncated body: the value ends inside the datum (" + (length
                        - HEADER_LENGTH) + " body bytes, writer schema " + writer + ")", e);
            }
            throw failure(topic, length, "corrupt body for writer schema " + writer + ": " + rootMessage(e), e);
        }
        if (in.available() > 0) {
            throw failure(topic, length, in.available() + " unexpected bytes after the datum (writer schema "
                    + history.describe(writerFingerprint) + "): corrupt or not a single value");
        }
        return value;
    }

    private String unknownFingerprint(long writerFingerprint) {
        StringBuilder s = new StringBuilder("unknown schema fingerprint ")
                .append(SchemaHistory.hex(writerFingerprint)).append(": not a released version of ")
                .append(schema.getFullName()).append(" (known: ");
        history.releases(schema.getFullName())
                .forEach(r -> s.append('v').append(r.version()).append(' ').append(SchemaHistory.hex(r.fingerprint()))
                        .append(", "));
        s.append("current ").append(SchemaHistory.hex(fingerprint)).append(')');
        Schema other = history.findByFingerprint(writerFingerprint);
        if (other != null) {
            s.append("; it is ").append(history.describe(writerFingerprint))
                    .append(": wrong topic or wrong serde?");
        } else {
            s.append("; written by a newer release of kratomwatch-schemas, or not by KratomWatch at all");
        }
        return s.toString();
    }

    private SerializationException failure(String topic, int length, String problem) {
        return failure(topic, length, problem, null);
    }

    private SerializationException failure(String topic, int length, String problem, Throwable cause) {
        return new SerializationException("Cannot deserialize " + schema.getName() + " from topic " + topic + " ("
                + length + " bytes): " + problem, cause);
    }

    static long littleEndianLong(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xffL);
        }
        return v;
    }

    private static boolean looksLikeText(byte[] b, int offset, int length) {
        int n = Math.min(length, 16);
        for (int i = offset; i < offset + n; i++) {
            int c = b[i] & 0xff;
            if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e + " (caused by " + root + ")";
    }

    @Override
    public String toString() {
        return "AvroSerde[" + schema.getFullName() + " " + SchemaHistory.hex(fingerprint) + "]";
    }
}
