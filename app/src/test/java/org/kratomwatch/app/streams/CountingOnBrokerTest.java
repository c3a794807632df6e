package org.kratomwatch.app.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.SharedBroker;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.stats.SharedData;
import org.kratomwatch.streams.app.StreamsSettings;
import org.kratomwatch.streams.count.BatchRecount;
import org.kratomwatch.streams.count.CountKeys;
import org.kratomwatch.streams.count.TermGroups;
import org.kratomwatch.streams.count.CountingTopology;

/**
 * The real CAERS data through ingestion and the counting topology on a real broker with
 * exactly-once: every streamed count (N, substance, event and pair counts) equals a batch recount,
 * by the stats module's counter, of the latest live version of every case on the reports topic.
 */
@ExtendWith(SharedBroker.class)
class CountingOnBrokerTest {

    @TempDir
    Path dir;

    @Test
    void caersPairCountsEqualTheBatchCounts() throws Exception {
        Path caers = SharedData.require("caers/caers.csv");
        CliRun ingest = CliRun.of("ingest", "caers", caers.toString(), "--period", "2012Q4", "--bootstrap-server",
                SharedBroker.bootstrapServers(), "--create-key-file", dir.resolve("key").toString());
        assertThat(ingest.status()).as(ingest.err()).isZero();

        Properties props = StreamsSettings.of(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()), dir.resolve("state"), 1);
        props.put("application.id", "counting-it-" + System.nanoTime());
        try (KafkaStreams streams = new KafkaStreams(CountingTopology.build(props), props)) {
            streams.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            Map<String, Long> counts = Map.of();
            while (System.nanoTime() < deadline) {
                Thread.sleep(500);
                if (streams.state() != KafkaStreams.State.RUNNING) {
                    continue;
                }
                counts = read(streams);
                if (counts.getOrDefault(CountKeys.TOTAL, 0L) >= 3356L) {
                    break;
                }
            }
            Map<String, Long> expected = recountTopic();
            while (!counts.equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                counts = read(streams);
            }
            assertThat(expected.get(CountKeys.TOTAL)).isGreaterThanOrEqualTo(3356L);
            assertThat(counts).isEqualTo(expected);
        }
    }

    /**
     * Reads the whole reports topic and recounts it with the batch counter: latest version per
     * case, tombstones remove the case for good, late older versions lose (the topology's rules).
     */
    private static Map<String, Long> recountTopic() {
        Map<String, AdverseEventReport> live = new HashMap<>();
        java.util.Set<String> retracted = new java.util.HashSet<>();
        Map<String, Object> c = Map.of("bootstrap.servers", SharedBroker.bootstrapServers(), "group.id",
                "recount-" + System.nanoTime(), "auto.offset.reset", "earliest", "isolation.level", "read_committed");
        try (KafkaConsumer<String, AdverseEventReport> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                Topics.REPORTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.REPORTS.name()));
            int idle = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (idle < 6 && System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(300));
                idle = records.isEmpty() ? idle + 1 : 0;
                for (var r : records) {
                    if (retracted.contains(r.key())) {
                        continue;
                    }
                    if (r.value() == null) {
                        retracted.add(r.key());
                        live.remove(r.key());
                    } else if (!live.containsKey(r.key()) || r.value().getCaseVersion() > live.get(r.key()).getCaseVersion()) {
                        live.put(r.key(), r.value());
                    }
                }
            }
        }
        return BatchRecount.of(live.values(), TermGroups.defaults());
    }

    private static Map<String, Long> read(KafkaStreams streams) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Map.of();
        }
        ReadOnlyKeyValueStore<String, Long> store = streams.store(
                StoreQueryParameters.fromNameAndType(CountingTopology.COUNTS_STORE, QueryableStoreTypes.keyValueStore()));
        Map<String, Long> out = new HashMap<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != 0) {
                    out.put(kv.key, kv.value);
                }
            });
        }
        return out;
    }
}
