package org.kratomwatch.app.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.schemas.Periods;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.app.StreamsSettings;
import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.replica.CountsReplica;

/**
 * What the engine's tests read back from a broker, as an outside observer would (no access to the
 * engine's process): the counts topic, the live reports, and whether the consumer group has
 * processed everything. Written independently of the engine's own code so that it can check it.
 */
final class EngineTopics implements AutoCloseable {

    /** The engine's consumer group (the default application id). */
    static final String GROUP = StreamsSettings.APPLICATION_ID;
    /** The counts topic the replica reads (the counting store's changelog). */
    static final String COUNTS = CountsReplica.topic(GROUP);
    /** The repartition topic between the latest-version and counting stages. */
    static final String REPARTITION = GROUP + "-count-deltas-repartition";

    private final Map<String, Object> client;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> probe;

    EngineTopics(String bootstrapServers) {
        this.client = Map.of("bootstrap.servers", bootstrapServers);
        this.admin = Admin.create(client);
        this.probe = new KafkaConsumer<>(consumerConfig(true), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> consumerConfig(boolean readCommitted) {
        Map<String, Object> c = new HashMap<>(client);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return c;
    }

    /** Sum over partitions of the last stable offset (read_committed end offset); 0 when the topic is missing. */
    long committedEnd(String topic) throws InterruptedException {
        return ends(List.of(topic)).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> ends(Collection<String> topics) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> present = topics.stream().filter(existing::contains).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var d : admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> out = new LinkedHashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read end offsets of " + topics + ": " + e, e);
        }
    }

    /**
     * Whether the engine's group has processed every committed record of the input and then of the
     * repartition topic (in that order: the deltas of the last input records are committed with
     * the input offsets, so they are on the repartition topic by the time it is checked). A
     * committed offset may stop short of the end by transaction markers and aborted records, so
     * the gap is read rather than compared.
     */
    boolean consumed() throws InterruptedException {
        return consumed(Topics.REPORTS.name()) && consumed(REPARTITION);
    }

    /** Committed records of {@code topic} that the group has not processed yet. */
    long unprocessed(String topic) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
        long n = 0;
        for (Map.Entry<TopicPartition, Long> e : ends(List.of(topic)).entrySet()) {
            OffsetAndMetadata done = committed.get(e.getKey());
            n += Math.max(0, e.getValue() - (done == null ? 0 : done.offset()));
        }
        return n;
    }

    private boolean consumed(String topic) throws InterruptedException {
        Map<TopicPartition, Long> ends = ends(List.of(topic));
        if (ends.isEmpty()) {
            return false;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(e.getKey());
            long from = done == null ? 0 : done.offset();
            if (from < e.getValue() && hasRecordBetween(e.getKey(), from, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws InterruptedException {
        try {
            return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of group " + GROUP + ": " + e, e);
        }
    }

    private boolean hasRecordBetween(TopicPartition tp, long from, long to) {
        probe.assign(List.of(tp));
        probe.seek(tp, from);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            for (ConsumerRecord<byte[], byte[]> r : probe.poll(Duration.ofMillis(100))) {
                if (r.offset() < to) {
                    return true;
                }
            }
            if (probe.position(tp) >= to) {
                return false;
            }
        }
        throw new IllegalStateException("cannot read " + tp + " from " + from + " to " + to);
    }

    /** Every committed record of a topic, from the beginning to its current end, in partition order. */
    <K, V> List<ConsumerRecord<K, V>> readAll(String topic, Deserializer<K> keys, Deserializer<V> values,
            boolean readCommitted) throws InterruptedException {
        Map<TopicPartition, Long> ends = ends(List.of(topic));
        if (!readCommitted) {
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                ends.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                        .get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot read end offsets of " + topic + ": " + e, e);
            }
        }
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        try (KafkaConsumer<K, V> c = new KafkaConsumer<>(consumerConfig(readCommitted), keys, values)) {
            c.assign(ends.keySet());
            c.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Set<TopicPartition> open = new HashSet<>(ends.keySet());
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end " + ends);
                }
                for (ConsumerRecord<K, V> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                }
                open.removeIf(tp -> c.position(tp) >= ends.get(tp));
            }
        }
        return out;
    }

    /** The counts topic as a table: the latest value per fine key, tombstones removing. */
    Map<String, Long> counts() throws InterruptedException {
        Map<String, Long> out = new HashMap<>();
        for (ConsumerRecord<String, Long> r : readAll(EngineTopics.COUNTS, new StringDeserializer(), new LongDeserializer(), true)) {
            if (r.value() == null) {
                out.remove(r.key());
            } else {
                out.put(r.key(), r.value());
            }
        }
        return out;
    }

    /**
     * The live reports on {@code ae.reports.v1} by the topology's rules: per case, the highest
     * {@code caseVersion} seen wins (older or equal versions arriving later are ignored); a
     * tombstone removes the case for good (versions after it are ignored); reports whose data
     * period is not a quarter are rejected (they go to the dead-letter topic).
     */
    List<AdverseEventReport> liveReports(EngineConfig config) throws InterruptedException {
        Map<String, AdverseEventReport> live = new LinkedHashMap<>();
        Set<String> retracted = new HashSet<>();
        for (ConsumerRecord<String, AdverseEventReport> r : readAll(Topics.REPORTS.name(), new StringDeserializer(),
                Topics.REPORTS.valueSerde().deserializer(), true)) {
            String key = r.key();
            if (key == null || retracted.contains(key)) {
                continue;
            }
            AdverseEventReport now = r.value();
            if (now == null) {
                retracted.add(key);
                live.remove(key);
                continue;
            }
            if (!Periods.isPeriod(config.periodBasis().periodOf(now))) {
                continue;
            }
            AdverseEventReport old = live.get(key);
            if (old == null || now.getCaseVersion() > old.getCaseVersion()) {
                live.put(key, now);
            }
        }
        return new ArrayList<>(live.values());
    }

    @Override
    public void close() {
        probe.close();
        admin.close();
    }
}
