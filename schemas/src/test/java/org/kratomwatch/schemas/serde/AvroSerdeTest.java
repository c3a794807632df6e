package org.kratomwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kratomwatch.schemas.AvroValues.assertSameData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.schemas.Fixtures;
import org.kratomwatch.schemas.SchemaHistory;

class AvroSerdeTest {

    private static final String TOPIC = "ae.reports.v1";

    static Stream<Arguments> fixtures() {
        return Fixtures.all().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> AvroSerde<T> serdeOf(T value) {
        return (AvroSerde<T>) AvroSerdes.all().stream()
                .filter(s -> s.schema().getFullName().equals(value.getSchema().getFullName()))
                .findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyRecordTypeRoundTripsWithAllFieldsThroughItsSerde(String label, SpecificRecord value) {
        AvroSerde<SpecificRecord> serde = serdeOf(value);
        byte[] bytes = serde.serializer().serialize("t", value);
        SpecificRecord back = serde.deserializer().deserialize("t", bytes);

        assertThat(back).isNotSameAs(value).isInstanceOf(value.getClass());
        assertSameData(back, value);
        // the Kafka 4 consumer path hands over a ByteBuffer (here a slice in a larger array)
        byte[] padded = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        ByteBuffer slice = ByteBuffer.wrap(padded, 3, bytes.length);
        assertSameData(serde.deserializer().deserialize("t", new RecordHeaders(), slice), value);
        assertThat(slice.position()).isEqualTo(3);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        assertSameData(serde.deserialize("t", direct), value);
    }

    @Test
    void specialDoublesSurviveBitForBit() {
        DisproportionalitySignal s = Fixtures.signal();
        DisproportionalitySignal back = roundTrip(AvroSerdes.disproportionalitySignal(), s);
        assertThat(back.getPrr()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(back.getIc()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(back.getPrrLower95()).isNaN();
        assertThat(back.getEbgm()).isNaN();
        assertThat(Double.doubleToRawLongBits(back.getChiSquareYates())).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(back.getIc025()).isEqualTo(Double.MIN_VALUE);
        assertThat(back.getUpdatedAt()).isEqualTo(Fixtures.AT);
        assertThat(back.getFirstFired()).containsExactlyInAnyOrderEntriesOf(s.getFirstFired());

        InteractionSignal i = roundTrip(AvroSerdes.interactionSignal(), Fixtures.interaction());
        assertThat(i.getOmega()).isNaN();
        assertThat(i.getOmega025()).isEqualTo(Double.NEGATIVE_INFINITY);

        SignalEvent e = roundTrip(AvroSerdes.signalEvent(), Fixtures.signalEvent());
        assertThat(e.getRor()).isNaN();
    }

    @Test
    void optionalFieldsRoundTripAsNull() {
        AdverseEventReport back = roundTrip(AvroSerdes.adverseEventReport(), Fixtures.sparseReport());
        assertThat(back.getReceivedMonth()).isNull();
        assertThat(back.getReporterCountry()).isNull();
        assertThat(back.getIngestionRunId()).isNull();
        assertThat(back.getDrugs()).isEmpty();
        assertThat(roundTrip(AvroSerdes.disproportionalitySignal(), Fixtures.signalWithoutPrior()).getHyperparameters())
                .isNull();
        assertThat(roundTrip(AvroSerdes.quarantinedRecord(), Fixtures.quarantinedWithoutExcerpt())
                .getRedactedExcerpt()).isNull();
        AdverseEventReport report = roundTrip(AvroSerdes.adverseEventReport(), Fixtures.report());
        assertThat(report.getDrugs().get(3).getSubstance()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void valuesAreSingleObjectEncodedWithTheSchemaFingerprint(String label, SpecificRecord value) throws IOException {
        AvroSerde<SpecificRecord> serde = serdeOf(value);
        byte[] bytes = serde.serialize("t", value);

        long fingerprint = SchemaHistory.fingerprint(value.getSchema());
        byte[] expectedHeader = new byte[10];
        expectedHeader[0] = (byte) 0xC3;
        expectedHeader[1] = (byte) 0x01;
        for (int i = 0; i < 8; i++) {
            expectedHeader[2 + i] = (byte) (fingerprint >>> (8 * i)); // little endian
        }
        assertThat(Arrays.copyOf(bytes, 10)).containsExactly(expectedHeader);
        assertThat(serde.fingerprint()).isEqualTo(fingerprint);

        // the body is the plain Avro binary encoding of the datum
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new SpecificDatumWriter<SpecificRecord>(value.getSchema(), SpecificData.getForSchema(value.getSchema()))
                .write(value, encoder);
        encoder.flush();
        assertThat(Arrays.copyOfRange(bytes, 10, bytes.length)).containsExactly(body.toByteArray());
    }

    @Test
    void serdeMatchesTheGeneratedEncoderAndDecoder() throws IOException {
        AdverseEventReport report = Fixtures.report();
        ByteBuffer generated = AdverseEventReport.getEncoder().encode(report);
        byte[] ours = AvroSerdes.adverseEventReport().serialize(TOPIC, report);
        assertThat(ours).containsExactly(toArray(generated));
        assertThat(AdverseEventReport.fromByteBuffer(ByteBuffer.wrap(ours))).isEqualTo(report);
        assertThat(report.toByteBuffer()).isEqualTo(ByteBuffer.wrap(ours));
    }

    @Test
    void nullIsATombstoneBothWays() {
        for (AvroSerde<?> serde : AvroSerdes.all()) {
            assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
            assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
            assertThat(serde.deserialize(TOPIC, (ByteBuffer) null)).isNull();
        }
    }

    @Test
    void emptyValueIsRejectedWithAHintAboutTombstones() {
        assertThatThrownBy(() -> AvroSerdes.adverseEventReport().deserialize(TOPIC, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("AdverseEventReport")
                .hasMessageContaining("topic ae.reports.v1")
                .hasMessageContaining("empty value")
                .hasMessageContaining("tombstone must be null");
    }

    @Test
    void shortHeaderIsRejected() {
        byte[] bytes = Arrays.copyOf(AvroSerdes.adverseEventReport().serialize(TOPIC, Fixtures.report()), 6);
        assertThatThrownBy(() -> AvroSerdes.adverseEventReport().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic ae.reports.v1")
                .hasMessageContaining("truncated header: 6 bytes");
    }

    @Test
    void wrongMarkerIsRejected() {
        byte[] bytes = AvroSerdes.adverseEventReport().serialize(TOPIC, Fixtures.report());
        bytes[1] = 0x02;
        assertThatThrownBy(() -> AvroSerdes.adverseEventReport().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic ae.reports.v1")
                .hasMessageContaining("wrong marker 0xC3 0x02, expected 0xC3 0x01");

        byte[] json = "{\"caseKey\":\"abc\",\"caseVersion\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AvroSerdes.adverseEventReport().deserialize("ae.reports.v1", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("wrong marker 0x7B 0x22")
                .hasMessageContaining("looks like text");
    }

    @Test
    void unknownFingerprintIsRejectedNamingTheKnownVersions() {
        byte[] bytes = AvroSerdes.adverseEventReport().serialize(TOPIC, Fixtures.report());
        bytes[5] ^= 0x5a;
        assertThatThrownBy(() -> AvroSerdes.adverseEventReport().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic ae.reports.v1")
                .hasMessageContaining("unknown schema fingerprint 0x")
                .hasMessageContaining("not a released version of org.kratomwatch.avro.AdverseEventReport")
                .hasMessageContaining("v2 " + SchemaHistory.hex(AvroSerdes.adverseEventReport().fingerprint()))
                .hasMessageContaining("newer release");
    }

    @Test
    void anotherRecordTypeOnTheTopicIsReportedAsWrongTopicOrSerde() {
        byte[] bytes = AvroSerdes.signalEvent().serialize("ae.signal-events.v1", Fixtures.signalEvent());
        assertThatThrownBy(() -> AvroSerdes.adverseEventReport().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema fingerprint")
                .hasMessageContaining("it is SignalEvent v1")
                .hasMessageContaining("wrong topic or wrong serde");
    }

    @Test
    void truncatedBodyIsRejected() {
        byte[] bytes = AvroSerdes.adverseEventReport().serialize(TOPIC, Fixtures.report());
        for (int cut : new int[] {10, 11, bytes.length / 2, bytes.length - 1}) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> AvroSerdes.adverseEventReport().deserialize(TOPIC, truncated))
                    .as("cut at %d of %d", cut, bytes.length)
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic ae.reports.v1")
                    .hasMessageContaining("truncated body")
                    .hasMessageContaining("AdverseEventReport v2");
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] bytes = AvroSerdes.quarantinedRecord().serialize("ae.quarantine.v1", Fixtures.quarantined());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> AvroSerdes.quarantinedRecord().deserialize("ae.quarantine.v1", longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic ae.quarantine.v1")
                .hasMessageContaining("3 unexpected bytes after the datum");
    }

    @Test
    void corruptBodyIsRejected() {
        byte[] bytes = AvroSerdes.adverseEventReport().serialize(TOPIC, Fixtures.report());
        // the source enum index follows caseKey (1 + 64 bytes) and caseVersion (1 byte): make it out of range
        int sourceIndex = 10 + 2 + 64 + 1; // header, length varint of 64, 64 characters, zigzag varint of 3
        bytes[sourceIndex] = 0x7e;
        assertThatThrownBy(() -> AvroSerdes.adverseEventReport().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic ae.reports.v1")
                .hasMessageContaining("corrupt body for writer schema AdverseEventReport v2");
    }

    @Test
    void generatedEqualsTreatsNaNAsUnequalSoCompareDataInstead() {
        // Documents an Avro behaviour that matters to change detection downstream: SpecificRecordBase.equals
        // compares doubles with ==, so a value holding NaN never equals an identical copy.
        DisproportionalitySignal s = Fixtures.signal();
        DisproportionalitySignal copy = DisproportionalitySignal.newBuilder(s).build();
        assertThat(copy).isNotEqualTo(s);
        assertSameData(copy, s);
    }

    @Test
    void serializingAnInvalidRecordNamesTheTopicAndTheField() {
        AdverseEventReport invalid = Fixtures.report();
        invalid.setCaseKey(null); // bypasses the builder's checks
        assertThatThrownBy(() -> AvroSerdes.adverseEventReport().serialize(TOPIC, invalid))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot serialize AdverseEventReport for topic ae.reports.v1")
                .hasMessageContaining("caseKey");
        // the thread's buffer is still usable afterwards
        assertThat(roundTrip(AvroSerdes.adverseEventReport(), Fixtures.report())).isEqualTo(Fixtures.report());
    }

    @Test
    void serdesAreSharedStatelessAndOnePerRecordType() {
        assertThat(AvroSerdes.adverseEventReport()).isSameAs(AvroSerdes.adverseEventReport());
        assertThat(AvroSerdes.all()).extracting(s -> s.schema().getFullName())
                .containsExactlyElementsOf(SchemaHistory.CURRENT_SCHEMAS.stream().map(s -> s.getFullName()).toList());
        AvroSerdes.adverseEventReport().configure(Map.of(), false);
        AvroSerdes.adverseEventReport().close();
        assertThat(roundTrip(AvroSerdes.adverseEventReport(), Fixtures.report())).isEqualTo(Fixtures.report());
    }

    @Test
    void largeValuesGrowTheBuffer() {
        AdverseEventReport big = Fixtures.report();
        big.setReactions(java.util.Collections.nCopies(100_000, "drug withdrawal syndrome"));
        assertThat(roundTrip(AvroSerdes.adverseEventReport(), big)).isEqualTo(big);
        assertThat(roundTrip(AvroSerdes.adverseEventReport(), Fixtures.report())).isEqualTo(Fixtures.report());
    }

    static <T extends SpecificRecord> T roundTrip(AvroSerde<T> serde, T value) {
        return serde.deserialize("t", serde.serialize("t", value));
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
