package org.kratomwatch.app.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.schemas.topic.Topic;

/**
 * Reads a topic from its beginning up to the end offsets taken when reading starts (committed
 * records only: the engine writes exactly-once), without a consumer group, so that a report sees a
 * fixed snapshot and can state it: the end offsets are the report's input position.
 */
final class TopicSnapshot {

    private TopicSnapshot() {
    }

    /** What was read: partitions and the sum of their end offsets. */
    record Position(String topic, int partitions, long endOffsets, long records) {
        String describe() {
            return String.format(java.util.Locale.ROOT, "%s: %d partitions, end offsets sum %,d, %,d records read",
                    topic, partitions, endOffsets, records);
        }
    }

    /**
     * Calls {@code each} with every record's key and value (null for a tombstone) in partition order.
     *
     * @throws UserInputException when Kafka cannot be reached or the topic does not exist
     */
    static <K, V> Position read(Map<String, Object> client, Topic<K, V> topic, Duration timeout, BiConsumer<K, V> each) {
        Map<String, Object> c = new HashMap<>(client);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(c, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new UserInputException("topic " + topic.name() + " does not exist at " + client.get("bootstrap.servers"));
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long endSum = end.values().stream().mapToLong(Long::longValue).sum();
            long records = 0;
            long deadline = System.nanoTime() + timeout.toNanos() * 10;
            while (!done(consumer, partitions, end)) {
                if (System.nanoTime() > deadline) {
                    throw new UserInputException("reading " + topic.name() + " took longer than " + timeout.multipliedBy(10).toSeconds() + " s");
                }
                for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r.key(), r.value());
                        records++;
                    }
                }
            }
            return new Position(topic.name(), partitions.size(), endSum, records);
        } catch (TimeoutException e) {
            throw new UserInputException("cannot reach Kafka at " + client.get("bootstrap.servers") + " (timed out)");
        } catch (KafkaException e) {
            throw new UserInputException("cannot read " + topic.name() + ": " + e.getMessage());
        }
    }

    private static boolean done(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
