package org.kratomwatch.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.SharedBroker;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.stats.SharedData;

/**
 * {@code kratomwatch ingest} against a real Kafka broker in this JVM: the real FAERS 2022Q4 sample
 * is published, read back and decoded, every published record is accounted for, and a second run
 * with the same key produces the same keys (so downstream counting cannot double count).
 */
@ExtendWith(SharedBroker.class)
class IngestToKafkaTest {

    @TempDir
    Path dir;

    @Test
    void realFaersQuarterIsPublishedAndReadBack() throws IOException {
        Path zip = SharedData.require("faers-ascii-sample/faersquarterlydata_2022q4/faers_ascii_2022Q4.zip");
        Path key = dir.resolve("pseudonym.key");
        Path summary = dir.resolve("summary.json");
        CliRun first = CliRun.of("ingest", "faers", zip.toString(), "--bootstrap-server", SharedBroker.bootstrapServers(),
                "--create-key-file", key.toString(), "--summary-json", summary.toString());
        assertThat(first.status()).as(first.err()).isZero();
        String json = Files.readString(summary);
        assertThat(json).contains("\"read\" : 4728", "\"accepted\" : 258", "\"retracted\" : 3624", "\"ORPHAN_ROW\" : 846");

        List<ConsumerRecord<String, byte[]>> reports = consume(Topics.REPORTS.name(), 258 + 3624);
        long tombstones = reports.stream().filter(r -> r.value() == null).count();
        assertThat(tombstones).isEqualTo(3624);
        Set<String> keys = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : reports) {
            if (r.value() != null) {
                AdverseEventReport report = Topics.REPORTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                assertThat(report.getCaseKey()).isEqualTo(r.key()).hasSize(64);
                assertThat(report.getDataPeriod()).isEqualTo("2022Q4");
                keys.add(r.key());
            }
        }
        assertThat(keys).hasSize(258);
        List<ConsumerRecord<String, byte[]>> quarantine = consume(Topics.QUARANTINE.name(), 846);
        assertThat(quarantine).hasSize(846);
        QuarantinedRecord q = Topics.QUARANTINE.valueSerde().deserializer().deserialize(Topics.QUARANTINE.name(),
                quarantine.get(0).value());
        assertThat(q.getFileName()).contains("22Q4");
        assertThat(q.getPosition()).isPositive();

        // the same input and key again: the same case keys
        CliRun second = CliRun.of("ingest", "faers", zip.toString(), "--bootstrap-server", SharedBroker.bootstrapServers(),
                "--key-file", key.toString());
        assertThat(second.status()).as(second.err()).isZero();
        Set<String> again = new HashSet<>();
        consume(Topics.REPORTS.name(), 2 * (258 + 3624)).stream().filter(r -> r.value() != null).forEach(r -> again.add(r.key()));
        assertThat(again).isEqualTo(keys);
    }

    @Test
    void publishingWithoutAKeyRefusesToRun() throws IOException {
        Path zip = SharedData.require("faers-ascii-sample/faersquarterlydata_2022q4/faers_ascii_2022Q4.zip");
        CliRun run = CliRun.of("ingest", "faers", zip.toString(), "--bootstrap-server", SharedBroker.bootstrapServers());
        // (the CI environment sets no KRATOMWATCH_PSEUDONYM_KEY)
        if (System.getenv("KRATOMWATCH_PSEUDONYM_KEY") == null && System.getenv("KRATOMWATCH_PSEUDONYM_KEY_FILE") == null) {
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("no pseudonym key");
        }
    }

    private static List<ConsumerRecord<String, byte[]>> consume(String topic, int atLeast) {
        Map<String, Object> c = Map.of("bootstrap.servers", SharedBroker.bootstrapServers(), "group.id",
                "it-" + System.nanoTime(), "auto.offset.reset", "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int idle = 0;
            while (System.nanoTime() < deadline && (out.size() < atLeast || idle < 3)) {
                var polled = consumer.poll(Duration.ofMillis(300));
                polled.forEach(out::add);
                idle = polled.isEmpty() ? idle + 1 : 0;
            }
        }
        return out;
    }
}
