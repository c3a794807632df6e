package org.kratomwatch.app.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
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
 * Records on {@code ae.reports.v1} that cannot be deserialized (random bytes, a truncated body, an
 * unknown schema fingerprint) go to {@code ae.dlq.v1} on a real broker, byte for byte with their
 * origin and error in headers, and the engine counts the valid reports around them as if they were
 * not there. (TopologyTestDriver does not deliver the deserialization handler's dead letters, so
 * this needs a broker; the engine runs in this JVM against a broker of its own.)
 */
class DeadLetterOnBrokerTest {

    @TempDir
    Path dir;

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheValidReportsAreCountedExactly() throws Exception {
        List<AdverseEventReport> valid = reports();
        assertThat(valid).hasSizeGreaterThan(50);
        AvroSerde<AdverseEventReport> serde = AvroSerdes.adverseEventReport();
        byte[] real = serde.serialize(Topics.REPORTS.name(), valid.get(0));

        Map<String, byte[]> poison = new LinkedHashMap<>();
        Map<String, String> problem = Map.of("poison-random", "wrong marker", "poison-truncated", "truncated body",
                "poison-fingerprint", "unknown schema fingerprint");
        byte[] random = new byte[48];
        new Random(7).nextBytes(random);
        random[0] = 0x00; // not the single-object marker
        poison.put("poison-random", random);
        poison.put("poison-truncated", Arrays.copyOf(real, AvroSerde.HEADER_LENGTH + (real.length - AvroSerde.HEADER_LENGTH) / 2));
        byte[] unknown = real.clone();
        for (int i = 2; i < AvroSerde.HEADER_LENGTH; i++) {
            unknown[i] = (byte) ~unknown[i];
        }
        poison.put("poison-fingerprint", unknown);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            // The input topic is ingestion's to create (the engine waits for it); this test produces by hand.
            TopicSetup.ensure(client, List.of(Topics.REPORTS), 3, (short) 1);
            SignalEngine.Settings settings = SignalEngine.Settings.local(client, dir.resolve("state")).withQuery(null, 0, null);
            Map<String, RecordMetadata> sent = new HashMap<>();
            try (SignalEngine engine = SignalEngine.start(settings, EngineConfig.defaults())) {
                engine.awaitRunning(Duration.ofMinutes(2));
                Map<String, Object> p = new HashMap<>(client);
                p.put(ProducerConfig.ACKS_CONFIG, "all");
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    int half = valid.size() / 2;
                    for (AdverseEventReport r : valid.subList(0, half)) {
                        send(producer, r.getCaseKey(), serde.serialize(Topics.REPORTS.name(), r));
                    }
                    for (Map.Entry<String, byte[]> e : poison.entrySet()) {
                        sent.put(e.getKey(), send(producer, e.getKey(), e.getValue()));
                    }
                    for (AdverseEventReport r : valid.subList(half, valid.size())) {
                        send(producer, r.getCaseKey(), serde.serialize(Topics.REPORTS.name(), r));
                    }
                }
                engine.awaitIdle(Duration.ofMinutes(2));
                assertThat(engine.streams().state().isRunningOrRebalancing()).isTrue();
            }

            try (EngineTopics topics = new EngineTopics(broker.bootstrapServers())) {
                List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(Topics.DLQ.name(), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer(), true);
                assertThat(dead).hasSize(poison.size());
                for (ConsumerRecord<byte[], byte[]> d : dead) {
                    String key = new String(d.key(), StandardCharsets.UTF_8);
                    assertThat(poison).containsKey(key);
                    assertThat(d.value()).as(key).isEqualTo(poison.get(key));
                    Map<String, String> h = headers(d);
                    System.out.printf("DeadLetterOnBrokerTest: %s -> %s: %s%n", key, h.get("__streams.errors.exception"),
                            h.get("__streams.errors.message"));
                    assertThat(h.get("__streams.errors.topic")).as(key).isEqualTo(Topics.REPORTS.name());
                    assertThat(h.get("__streams.errors.partition")).as(key)
                            .isEqualTo(Integer.toString(sent.get(key).partition()));
                    assertThat(h.get("__streams.errors.offset")).as(key).isEqualTo(Long.toString(sent.get(key).offset()));
                    assertThat(h.get("__streams.errors.exception")).as(key)
                            .isEqualTo(org.apache.kafka.common.errors.SerializationException.class.getName());
                    assertThat(h.get("__streams.errors.message")).as(key).contains(problem.get(key));
                }
                assertThat(topics.counts()).isEqualTo(BatchRecount.of(valid, EngineConfig.defaults()));
            }
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
