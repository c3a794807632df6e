package org.kratomwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kratomwatch.schemas.AvroValues.assertSameData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.Source;
import org.kratomwatch.schemas.serde.AvroSerde;
import org.kratomwatch.schemas.serde.AvroSerdes;

class SchemaHistoryTest {

    private static final Pattern HISTORY_FILE = Pattern.compile("([A-Za-z]+)\\.v([1-9][0-9]*)\\.avsc");

    // ---- the released history of this module -------------------------------------------------

    @Test
    void everyCurrentSchemaEqualsItsNewestReleaseAndReadsEveryRelease() {
        assertThat(HistoryCheck.problems(SchemaHistory.get(), SchemaHistory.CURRENT_SCHEMAS)).isEmpty();
        for (Schema current : SchemaHistory.CURRENT_SCHEMAS) {
            List<SchemaHistory.Release> releases = SchemaHistory.get().releases(current.getFullName());
            assertThat(releases).isNotEmpty();
            assertThat(releases.get(releases.size() - 1).fingerprint()).isEqualTo(SchemaHistory.fingerprint(current));
        }
    }

    @Test
    void historyDirectoryHoldsOnlyContiguousReleasesOfKnownRecords() throws IOException {
        Map<String, TreeSet<Integer>> versions = new TreeMap<>();
        try (Stream<Path> files = Files.list(ReleaseSchemas.SOURCE_HISTORY)) {
            for (Path f : files.toList()) {
                Matcher m = HISTORY_FILE.matcher(f.getFileName().toString());
                assertThat(m.matches()).as("unexpected file in the history directory: %s", f).isTrue();
                versions.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(Integer.parseInt(m.group(2)));
            }
        }
        assertThat(versions.keySet()).containsExactlyInAnyOrderElementsOf(
                SchemaHistory.CURRENT_SCHEMAS.stream().map(Schema::getName).toList());
        versions.forEach((name, v) -> assertThat(v).as(name).hasSize(v.last()).startsWith(1));
    }

    @Test
    void classPathHistoryIsTheSourceTreeHistory() throws IOException {
        SchemaHistory source = ReleaseSchemas.loadFromSource(ReleaseSchemas.SOURCE_HISTORY);
        for (Schema current : SchemaHistory.CURRENT_SCHEMAS) {
            assertThat(SchemaHistory.get().releases(current.getFullName()))
                    .extracting(SchemaHistory.Release::fingerprint)
                    .containsExactlyElementsOf(source.releases(current.getFullName()).stream()
                            .map(SchemaHistory.Release::fingerprint).toList());
        }
    }

    @Test
    void storeAnswersOnlyForTheReadersOwnRecord() {
        SchemaHistory history = SchemaHistory.get();
        long report = SchemaHistory.fingerprint(AdverseEventReport.getClassSchema());
        long quarantine = SchemaHistory.fingerprint(org.kratomwatch.avro.QuarantinedRecord.getClassSchema());
        assertThat(history.findByFingerprint(report)).isEqualTo(AdverseEventReport.getClassSchema());
        assertThat(history.findByFingerprint(quarantine)).isNotNull();
        assertThat(history.findByFingerprint(42L)).isNull();
        assertThat(history.storeFor(AdverseEventReport.getClassSchema()).findByFingerprint(report)).isNotNull();
        assertThat(history.storeFor(AdverseEventReport.getClassSchema()).findByFingerprint(quarantine)).isNull();
        assertThat(history.release(report)).hasValueSatisfying(r -> {
            assertThat(r.version()).isEqualTo(2); // v2 added the optional stratum
            assertThat(r.resource()).isEqualTo("org/kratomwatch/schemas/history/AdverseEventReport.v2.avsc");
            assertThat(r.toString()).startsWith("AdverseEventReport v2 (0x");
        });
        assertThatThrownBy(() -> history.releases("org.kratomwatch.avro.Drug"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> releasesAndSeeds() {
        List<Arguments> out = new ArrayList<>();
        for (Schema current : SchemaHistory.CURRENT_SCHEMAS) {
            for (SchemaHistory.Release r : SchemaHistory.get().releases(current.getFullName())) {
                for (long seed = 1; seed <= 25; seed++) {
                    out.add(Arguments.of(r, seed));
                }
            }
        }
        return out.stream();
    }

    /** Every released version's data, written by a plain Avro writer, decodes through the serde. */
    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("releasesAndSeeds")
    void dataOfEveryReleaseDecodesIntoTheCurrentClass(SchemaHistory.Release release, long seed) throws IOException {
        AvroSerde<?> serde = AvroSerdes.all().stream()
                .filter(s -> s.schema().getFullName().equals(release.fullName())).findFirst().orElseThrow();
        GenericRecord old = (GenericRecord) new RandomAvro(seed).datum(release.schema());
        byte[] bytes = singleObject(release.schema(), old);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);

        Object decoded = serde.deserialize("ae.test.v1", bytes);
        assertThat(decoded).isInstanceOf(SpecificRecord.class);
        assertSameData(decoded, resolve(release.schema(), serde.schema(), bytes));
    }

    // ---- an evolution scenario with an older writer schema -----------------------------------

    @Test
    void valueWrittenWithAnOlderSchemaDecodesIntoTheCurrentClass(@TempDir Path dir) throws IOException {
        Schema old = parse(resource("evolution/AdverseEventReport.v1.avsc"));
        SchemaHistory history = historyOf(dir, Map.of(
                "AdverseEventReport.v1.avsc", SchemaFormatter.format("json/pretty", old),
                "AdverseEventReport.v2.avsc", SchemaFormatter.format("json/pretty", AdverseEventReport.getClassSchema())),
                List.of(AdverseEventReport.getClassSchema()));
        assertThat(HistoryCheck.problems(history, List.of(AdverseEventReport.getClassSchema()))).isEmpty();
        AvroSerde<AdverseEventReport> serde = AvroSerde.of(AdverseEventReport.getClassSchema(),
                AdverseEventReport.getEncoder(), AdverseEventReport::createDecoder, history);

        GenericRecord v1 = oldReport(old, "AERS");
        AdverseEventReport read = serde.deserialize("ae.reports.v1", singleObject(old, v1));
        assertThat(read.getCaseKey()).isEqualTo("ab12");
        assertThat(read.getCaseVersion()).isEqualTo(2L);
        assertThat(read.getSource()).as("a symbol the reader lacks becomes the enum default").isEqualTo(Source.UNKNOWN);
        assertThat(read.getReceivedMonth()).isEqualTo("2011-06");
        assertThat(read.getReporterCountry()).as("field added later, default null").isNull();
        assertThat(read.getIngestionRunId()).isNull();
        assertThat(read.getDrugs()).hasSize(1);
        assertThat(read.getDrugs().get(0).getSubstance()).isEqualTo("kratom");
        assertThat(read.getDrugs().get(0).getSubstanceGroups()).as("field added later, default []").isEmpty();
        assertThat(read.getKratomFlags().getAnyKratom()).isTrue();
        assertThat(read.getKratomFlags().getEvidence()).isEmpty();
        assertThat(read.getReactions()).containsExactly("drug withdrawal syndrome");

        assertThat(serde.deserialize("ae.reports.v1", singleObject(old, oldReport(old, "FAERS"))).getSource())
                .isEqualTo(Source.FAERS);
        // current data still reads, and is written with the current schema
        assertSameData(serde.deserialize("ae.reports.v1", serde.serialize("ae.reports.v1", Fixtures.report())),
                Fixtures.report());

        // the production serde does not know this imagined version: a clear error, not garbage
        assertThatThrownBy(() -> AvroSerdes.adverseEventReport().deserialize("ae.reports.v1", singleObject(old, v1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema fingerprint " + SchemaHistory.hex(SchemaHistory.fingerprint(old)));
    }

    // ---- the guard itself: it fails when a schema changes without a release --------------------

    @Test
    void guardIgnoresDocumentationChanges() {
        Schema current = AdverseEventReport.getClassSchema();
        Schema reworded = parse(current.toString().replace("Pseudonymous case key", "Pseudonymized case key"));
        assertThat(reworded.toString()).isNotEqualTo(current.toString());
        assertThat(HistoryCheck.problems(SchemaHistory.get(), List.of(reworded))).isEmpty();
    }

    @Test
    void guardFailsOnAChangeWithoutANewHistoryFile() {
        Schema current = AdverseEventReport.getClassSchema();
        Schema withField = parse(current.toString().replaceFirst("\"fields\":\\[",
                "\"fields\":[{\"name\":\"extra\",\"type\":[\"null\",\"string\"],\"default\":null},"));
        assertThat(HistoryCheck.problems(SchemaHistory.get(), List.of(withField)))
                .singleElement().asString()
                .contains("AdverseEventReport changed since AdverseEventReport v2")
                .contains("without a new history file")
                .contains("ReleaseSchemas");
    }

    @Test
    void guardFailsOnAChangedDefaultOrEnumSymbolWithoutANewHistoryFile() {
        Schema current = AdverseEventReport.getClassSchema();
        Schema newSymbol = parse(current.toString().replace("\"SYNTHETIC\",", "\"SYNTHETIC\",\"VAERS\","));
        assertThat(HistoryCheck.problems(SchemaHistory.get(), List.of(newSymbol))).singleElement().asString()
                .contains("VAERS");
        Schema otherDefault = parse(current.toString().replaceFirst(Pattern.quote("\"default\":\"UNKNOWN\"}"),
                "\"default\":\"FAERS\"}")); // the Source enum, the first one
        assertThat(HistoryCheck.problems(SchemaHistory.get(), List.of(otherDefault))).singleElement().asString()
                .contains("enum default");
    }

    @Test
    void guardAcceptsACompatibleChangeWithItsHistoryFile(@TempDir Path dir) throws IOException {
        Schema current = AdverseEventReport.getClassSchema();
        Schema v2 = parse(current.toString().replaceFirst("\"fields\":\\[",
                "\"fields\":[{\"name\":\"extra\",\"type\":[\"null\",\"string\"],\"default\":null},"));
        SchemaHistory history = historyOf(dir, Map.of(
                "AdverseEventReport.v1.avsc", current.toString(),
                "AdverseEventReport.v2.avsc", v2.toString()), List.of(v2));
        assertThat(HistoryCheck.problems(history, List.of(v2))).isEmpty();
    }

    @Test
    void guardFailsOnAnIncompatibleChangeEvenWithItsHistoryFile(@TempDir Path dir) throws IOException {
        Schema current = AdverseEventReport.getClassSchema();
        Schema v2 = parse(current.toString().replaceFirst("\"fields\":\\[",
                "\"fields\":[{\"name\":\"extra\",\"type\":\"string\"},"));
        SchemaHistory history = historyOf(dir, Map.of(
                "AdverseEventReport.v1.avsc", current.toString(),
                "AdverseEventReport.v2.avsc", v2.toString()), List.of(v2));
        assertThat(HistoryCheck.problems(history, List.of(v2))).singleElement().asString()
                .contains("cannot read data written with AdverseEventReport v1")
                .contains("extra");
    }

    @Test
    void historyFileOfTheWrongRecordIsRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> historyOf(dir, Map.of("AdverseEventReport.v1.avsc",
                org.kratomwatch.avro.SignalEvent.getClassSchema().toString()),
                List.of(AdverseEventReport.getClassSchema())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("defines org.kratomwatch.avro.SignalEvent");
        assertThatThrownBy(() -> historyOf(dir, Map.of("AdverseEventReport.v1.avsc", "{not json"),
                List.of(AdverseEventReport.getClassSchema())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invalid schema history file");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static GenericRecord oldReport(Schema old, String source) {
        Schema drugSchema = old.getField("drugs").schema().getElementType();
        GenericRecord drug = new GenericData.Record(drugSchema);
        drug.put("rawName", "KRATOM");
        drug.put("substance", "kratom");
        drug.put("role", new GenericData.EnumSymbol(drugSchema.getField("role").schema(), "PRIMARY_SUSPECT"));
        drug.put("recognition", new GenericData.EnumSymbol(drugSchema.getField("recognition").schema(), "EXACT"));
        Schema flagsSchema = old.getField("kratomFlags").schema();
        GenericRecord flags = new GenericData.Record(flagsSchema);
        flags.put("anyKratom", true);
        flags.put("leafKratom", true);
        flags.put("sevenOh", false);
        flags.put("narrativeMention", false);
        GenericRecord r = new GenericData.Record(old);
        r.put("caseKey", "ab12");
        r.put("caseVersion", 2L);
        r.put("source", new GenericData.EnumSymbol(old.getField("source").schema(), source));
        r.put("legacyIsr", "dropped");
        r.put("receivedMonth", "2011-06");
        r.put("dataPeriod", "2011Q2");
        r.put("ageBand", new GenericData.EnumSymbol(old.getField("ageBand").schema(), "AGE_18_44"));
        r.put("sex", new GenericData.EnumSymbol(old.getField("sex").schema(), "MALE"));
        r.put("reporterType", new GenericData.EnumSymbol(old.getField("reporterType").schema(), "PHYSICIAN"));
        r.put("serious", true);
        r.put("outcomes", List.of(new GenericData.EnumSymbol(old.getField("outcomes").schema().getElementType(),
                "HOSPITALIZATION")));
        r.put("drugs", List.of(drug));
        r.put("reactions", List.of("drug withdrawal syndrome"));
        r.put("kratomFlags", flags);
        return r;
    }

    static byte[] singleObject(Schema writer, GenericRecord value) {
        try {
            ByteBuffer b = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(value);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What Avro's schema resolution makes of the body, read generically. */
    private static Object resolve(Schema writer, Schema reader, byte[] singleObject) throws IOException {
        return new GenericDatumReader<Object>(writer, reader).read(null,
                DecoderFactory.get().binaryDecoder(singleObject, 10, singleObject.length - 10, null));
    }

    private static SchemaHistory historyOf(Path dir, Map<String, String> files, List<Schema> current)
            throws IOException {
        Path history = dir.resolve(SchemaHistory.HISTORY_DIRECTORY);
        Files.createDirectories(history);
        try (Stream<Path> old = Files.list(history)) {
            for (Path p : old.collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(history.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            return SchemaHistory.load(loader, SchemaHistory.HISTORY_DIRECTORY, current);
        }
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SchemaHistoryTest.class.getClassLoader().getResourceAsStream(name)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
