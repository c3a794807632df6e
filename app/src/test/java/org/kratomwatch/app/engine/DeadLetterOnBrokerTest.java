package org.kratomwatch.app.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.app.reliability.ReliabilityReport;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.ReportPublisher;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.schemas.serde.AvroSerde;
import org.kratomwatch.schemas.serde.AvroSerdes;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.app.SignalEngine;
import org.kratomwatch.streams.count.BatchRecount;
import org.kratomwatch.streams.engine.EngineConfig;

/**
 * Records on {@code ae.reports.v1} that cannot be deserialized go to {@code ae.dlq.v1} on a real
 * broker, byte for byte with their origin and error in headers, and the engine counts the valid
 * reports around them as if they were not there. {@value #PER_KIND} poison records of each kind
 * are sent at random positions among the valid reports: random bytes of random length (1-256
 * bytes, never the single-object marker), valid reports truncated at a random length inside the
 * body, and valid reports whose schema fingerprint is replaced by random bytes. (TopologyTestDriver
 * does not deliver the deserialization handler's dead letters, so this needs a broker; the engine
 * runs in this JVM against a broker of its own.) Figures to {@code target/reliability/dead-letters.md}.
 */
@Tag(ReliabilityReport.TAG)
class DeadLetterOnBrokerTest {

    private static final int PER_KIND = 10;
    private static final long SEED = 7;

    @TempDir
    Path dir;

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheValidReportsAreCountedExactly() throws Exception {
        ReliabilityReport report = new ReliabilityReport("dead-letters",
                "Poison records on the input topic: dead-lettered, processing continues, counts unaffected");
        List<AdverseEventReport> valid = reports();
        assertThat(valid).hasSizeGreaterThan(50);
        AvroSerde<AdverseEventReport> serde = AvroSerdes.adverseEventReport();
        Random random = new Random(SEED);

        // key -> poison bytes, and the problem its error message must name
        Map<String, byte[]> poison = new LinkedHashMap<>();
        Map<String, String> problem = new HashMap<>();
        for (int i = 0; i < PER_KIND; i++) {
            byte[] bytes = new byte[1 + random.nextInt(256)];
            random.nextBytes(bytes);
            if (bytes[0] == AvroSerde.MARKER_0) {
                bytes[0] = 0x00; // not the single-object marker
            }
            poison.put("poison-random-" + i, bytes);
            problem.put("poison-random-" + i, bytes.length < AvroSerde.HEADER_LENGTH ? "truncated header" : "wrong marker");

            byte[] real = serde.serialize(Topics.REPORTS.name(), valid.get(random.nextInt(valid.size())));
            int cut = AvroSerde.HEADER_LENGTH + 1 + random.nextInt(real.length - AvroSerde.HEADER_LENGTH - 1);
            poison.put("poison-truncated-" + i, Arrays.copyOf(real, cut));
            problem.put("poison-truncated-" + i, "truncated body");

            byte[] unknown = serde.serialize(Topics.REPORTS.name(), valid.get(random.nextInt(valid.size())));
            byte[] fingerprint = new byte[AvroSerde.HEADER_LENGTH - 2];
            random.nextBytes(fingerprint);
            System.arraycopy(fingerprint, 0, unknown, 2, fingerprint.length);
            poison.put("poison-fingerprint-" + i, unknown);
            problem.put("poison-fingerprint-" + i, "unknown schema fingerprint");
        }
        // the poison at random positions among the valid reports
        List<Map.Entry<String, byte[]>> input = new ArrayList<>();
        for (AdverseEventReport r : valid) {
            input.add(Map.entry(r.getCaseKey(), serde.serialize(Topics.REPORTS.name(), r)));
        }
        for (Map.Entry<String, byte[]> e : poison.entrySet()) {
            input.add(random.nextInt(input.size() + 1), e);
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            // The input topic is ingestion's to create (the engine waits for it); this test produces by hand.
            TopicSetup.ensure(client, List.of(Topics.REPORTS), 3, (short) 1);
            SignalEngine.Settings settings = SignalEngine.Settings.local(client, dir.resolve("state")).withQuery(null, 0, null);
            Map<String, RecordMetadata> sent = new HashMap<>();
            boolean runningAfter;
            try (SignalEngine engine = SignalEngine.start(settings, EngineConfig.defaults())) {
                engine.awaitRunning(Duration.ofMinutes(2));
                Map<String, Object> p = new HashMap<>(client);
                p.put(ProducerConfig.ACKS_CONFIG, "all");
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    for (Map.Entry<String, byte[]> e : input) {
                        RecordMetadata m = send(producer, e.getKey(), e.getValue());
                        if (poison.containsKey(e.getKey())) {
                            sent.put(e.getKey(), m);
                        }
                    }
                }
                engine.awaitIdle(Duration.ofMinutes(2));
                runningAfter = engine.streams().state().isRunningOrRebalancing();
            }

            try (EngineTopics topics = new EngineTopics(broker.bootstrapServers())) {
                List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(Topics.DLQ.name(), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer(), true);
                List<String> wrong = new ArrayList<>();
                Map<String, Long> byKind = new TreeMap<>();
                Set<String> seen = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> d : dead) {
                    String key = d.key() == null ? null : new String(d.key(), StandardCharsets.UTF_8);
                    Map<String, String> h = headers(d);
                    if (key == null || !poison.containsKey(key)) {
                        wrong.add("unexpected dead letter " + key);
                        continue;
                    }
                    if (!seen.add(key)) {
                        wrong.add(key + ": dead-lettered twice");
                    }
                    byKind.merge(key.replaceAll("-\\d+$", ""), 1L, Long::sum);
                    check(wrong, key, "value", Arrays.equals(d.value(), poison.get(key)));
                    check(wrong, key, "topic header", Topics.REPORTS.name().equals(h.get("__streams.errors.topic")));
                    check(wrong, key, "partition header",
                            Integer.toString(sent.get(key).partition()).equals(h.get("__streams.errors.partition")));
                    check(wrong, key, "offset header", Long.toString(sent.get(key).offset()).equals(h.get("__streams.errors.offset")));
                    check(wrong, key, "exception header", org.apache.kafka.common.errors.SerializationException.class.getName()
                            .equals(h.get("__streams.errors.exception")));
                    String message = h.get("__streams.errors.message");
                    check(wrong, key, "message header naming '" + problem.get(key) + "' (got: " + message + ")",
                            message != null && message.contains(problem.get(key)));
                }
                Set<String> missing = new TreeSet<>(poison.keySet());
                missing.removeAll(seen);
                Map<String, Long> expected = BatchRecount.of(valid, EngineConfig.defaults());
                Map<String, Long> counted = topics.counts();
                long countMismatches = expected.keySet().stream().filter(k -> !expected.get(k).equals(counted.get(k))).count()
                        + counted.keySet().stream().filter(k -> !expected.containsKey(k)).count();

                report.figure("runs", 1)
                        .figure("valid reports", valid.size())
                        .figure("poison records injected (at random positions)", String.format(Locale.ROOT,
                                "%d: %d random bytes (1-256 bytes), %d truncated inside the body, %d unknown schema fingerprint",
                                poison.size(), PER_KIND, PER_KIND, PER_KIND))
                        .figure("dead letters found on ae.dlq.v1", String.format(Locale.ROOT, "%d %s", dead.size(), byKind))
                        .figure("dead letters checked (value byte for byte; topic, partition, offset, exception and"
                                + " message headers)", seen.size())
                        .figure("poison records not dead-lettered", missing.size())
                        .figure("wrong or unexpected dead letters", wrong.size())
                        .figure("engine still running after the poison", runningAfter)
                        .figure("count keys compared with a recount of the valid reports", expected.size())
                        .figure("count mismatches", countMismatches);
                wrong.stream().limit(20).forEach(w -> report.note("WRONG: " + w));
                report.write();

                assertThat(missing).as("poison records not dead-lettered").isEmpty();
                assertThat(wrong).isEmpty();
                assertThat(dead).hasSize(poison.size());
                assertThat(byKind).containsOnlyKeys("poison-random", "poison-truncated", "poison-fingerprint");
                assertThat(runningAfter).isTrue();
                assertThat(counted).isEqualTo(expected);
                assertThat(countMismatches).isZero();
            }
        }
    }

    private static void check(List<String> wrong, String key, String what, boolean ok) {
        if (!ok) {
            wrong.add(key + ": " + what);
        }
    }

    private static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.REPORTS.name(), key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> out = new HashMap<>();
        for (Header h : r.headers()) {
            out.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Generated FAERS reports, one version per case, as ingestion would publish them. */
    private List<AdverseEventReport> reports() throws Exception {
        Path faers = dir.resolve("faers");
        CliRun g = CliRun.of("generate", "faers", "--reports", "300", "--quarters", "2024Q1..2024Q2", "--out", faers.toString(),
                "--seed", "5", "--malformed-rate", "0", "--follow-up-rate", "0", "--deletion-rate", "0");
        assertThat(g.status()).as(g.err()).isZero();
        Collected c = new Collected();
        new IngestRun(InputFormat.faers, CaseKeyer.throwAway(), c).run(List.of(faers), (a, b, x) -> { }, 10_000);
        return new ArrayList<>(c.reports.values());
    }

    /** Keeps what an ingest run publishes. */
    private static final class Collected implements ReportPublisher {
        final Map<String, AdverseEventReport> reports = new LinkedHashMap<>();

        @Override
        public void report(AdverseEventReport r) {
            reports.merge(r.getCaseKey(), r, (a, b) -> b.getCaseVersion() > a.getCaseVersion() ? b : a);
        }

        @Override
        public void retract(String caseKey) {
            throw new AssertionError("no deletions were generated");
        }

        @Override
        public void quarantine(QuarantinedRecord record) {
        }

        @Override
        public void flush() {
        }

        @Override
        public long published() {
            return reports.size();
        }

        @Override
        public long bytes() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
