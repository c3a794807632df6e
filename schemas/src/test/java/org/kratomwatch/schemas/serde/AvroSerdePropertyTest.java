package org.kratomwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kratomwatch.schemas.AvroValues.assertSameData;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.LongStream;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.schemas.RandomAvro;

/**
 * Property-style round trips: for seeded random values of every record type (special doubles,
 * empty and non-ASCII strings, nulls, empty collections, extreme longs), what any Avro writer
 * produces for the current schema decodes to the same data, re-encodes to a value that decodes
 * to the same data again, and every strict prefix of a valid value is rejected with a
 * SerializationException rather than decoded or crashing otherwise.
 */
class AvroSerdePropertyTest {

    static LongStream seeds() {
        return LongStream.range(0, 200).map(i -> 0x5eed_0000L + i * 7919);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @SuppressWarnings("unchecked")
    void randomValuesRoundTrip(long seed) {
        RandomAvro random = new RandomAvro(seed);
        for (AvroSerde<?> s : AvroSerdes.all()) {
            AvroSerde<SpecificRecord> serde = (AvroSerde<SpecificRecord>) s;
            GenericRecord generic = (GenericRecord) random.datum(serde.schema());
            byte[] bytes = encode(serde, generic);

            SpecificRecord specific = serde.deserialize("ae.test.v1", bytes);
            assertSameData(specific, generic);

            byte[] again = serde.serialize("ae.test.v1", specific);
            assertThat(Arrays.copyOf(again, AvroSerde.HEADER_LENGTH))
                    .containsExactly(Arrays.copyOf(bytes, AvroSerde.HEADER_LENGTH));
            assertThat(again).hasSameSizeAs(bytes);
            assertSameData(serde.deserialize("ae.test.v1", again), generic);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @SuppressWarnings("unchecked")
    void everyTruncationIsASerializationException(long seed) {
        if (seed % 5 != 0) {
            return; // a fifth of the seeds is plenty: each checks every prefix of six values
        }
        RandomAvro random = new RandomAvro(seed);
        for (AvroSerde<?> s : AvroSerdes.all()) {
            AvroSerde<SpecificRecord> serde = (AvroSerde<SpecificRecord>) s;
            GenericRecord generic = (GenericRecord) random.datum(serde.schema());
            byte[] bytes = encode(serde, generic);
            for (int cut = 0; cut < bytes.length; cut++) {
                byte[] prefix = Arrays.copyOf(bytes, cut);
                assertThatThrownBy(() -> serde.deserialize("ae.test.v1", prefix))
                        .as("%s cut at %d of %d", serde.schema().getName(), cut, bytes.length)
                        .isInstanceOf(SerializationException.class)
                        .hasMessageContaining("ae.test.v1");
            }
        }
    }

    private static byte[] encode(AvroSerde<SpecificRecord> serde, GenericRecord generic) {
        try {
            ByteBuffer b = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), serde.schema()).encode(generic);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
