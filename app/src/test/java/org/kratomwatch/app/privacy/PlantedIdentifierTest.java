package org.kratomwatch.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.SharedBroker;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;
import org.kratomwatch.ingest.synthetic.GroundTruth;
import org.kratomwatch.ingest.synthetic.GroundTruth.PlantedIdentifier;
import org.kratomwatch.schemas.topic.Topics;

/**
 * Fake names, e-mails, phone numbers, dates of birth, initials and record numbers are planted
 * into every free-text field of generated FAERS files (drug names, dose text, lot numbers,
 * literature references, manufacturer fields), together with malformed rows that carry them into
 * quarantine; after ingestion into a real broker, none of them appears in any byte of any key,
 * value or header on either topic.
 */
@ExtendWith(SharedBroker.class)
class PlantedIdentifierTest {

    @TempDir
    Path dir;

    @Test
    void noPlantedIdentifierReachesKafka() throws IOException {
        Path data = dir.resolve("faers");
        GroundTruth truth = FaersGenerator.generate(GeneratorOptions.builder(data).reports(4000).quarters("2023Q1..2023Q4")
                .seed(7).identifierCases(300).malformedRate(0.01).build());
        List<PlantedIdentifier> planted = truth.plantedIdentifiers();
        assertThat(planted).hasSizeGreaterThan(1000);

        // topics of their own, so that other tests' records do not mix in
        CliRun run = CliRun.of("ingest", "faers", data.toString(), "--bootstrap-server", SharedBroker.bootstrapServers(),
                "--create-key-file", dir.resolve("k").toString());
        assertThat(run.status()).as(run.err()).isZero();

        List<byte[]> bytes = new ArrayList<>();
        for (String topic : List.of(Topics.REPORTS.name(), Topics.QUARANTINE.name())) {
            for (ConsumerRecord<byte[], byte[]> r : consumeAll(topic)) {
                bytes.add(r.key());
                bytes.add(r.value());
                for (Header h : r.headers()) {
                    bytes.add(h.key().getBytes(StandardCharsets.UTF_8));
                    bytes.add(h.value());
                }
            }
        }
        StringBuilder all = new StringBuilder();
        for (byte[] b : bytes) {
            if (b != null) {
                // ISO-8859-1 maps every byte to one char, so any UTF-8 text appears as itself
                all.append(new String(b, StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        String haystack = all.toString().toUpperCase(Locale.ROOT);
        assertThat(haystack.length()).isGreaterThan(100_000);
        List<String> leaked = new ArrayList<>();
        for (PlantedIdentifier p : planted) {
            if (haystack.contains(p.value().toUpperCase(Locale.ROOT))) {
                leaked.add(p.kind() + " " + p.table() + "." + p.column() + ": " + p.value());
            }
        }
        assertThat(leaked).as("planted identifiers found in Kafka").isEmpty();
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic) {
        Map<String, Object> c = Map.of("bootstrap.servers", SharedBroker.bootstrapServers(), "group.id",
                "privacy-" + System.nanoTime(), "auto.offset.reset", "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int idle = 0;
            while (System.nanoTime() < deadline && idle < 5) {
                var polled = consumer.poll(Duration.ofMillis(300));
                polled.forEach(out::add);
                idle = out.isEmpty() || !polled.isEmpty() ? 0 : idle + 1;
            }
        }
        return out;
    }
}
