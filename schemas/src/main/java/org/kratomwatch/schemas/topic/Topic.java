package org.kratomwatch.schemas.topic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its key and value serdes and the recommended topic configuration. The constants
 * are in {@link Topics}; create topics from {@link #config()}.
 *
 * @param name        topic name, e.g. {@code ae.reports.v1}
 * @param keySerde    serde of the record keys
 * @param valueSerde  serde of the record values ({@code null} values are tombstones)
 * @param compacted   true for {@code cleanup.policy=compact} (a table: the latest value per key,
 *                    tombstones delete), false for {@code cleanup.policy=delete} (a log)
 * @param retentionMs for a log topic: how long records are kept, {@code -1} for ever; ignored
 *                    (must be {@code -1}) for a compacted topic
 * @param keyFormat   what the key is, for documentation and tools
 * @param description what the topic carries
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted, long retentionMs,
        String keyFormat, String description) {

    /** How long a tombstone stays readable on a compacted topic ({@code delete.retention.ms}). */
    public static final Duration TOMBSTONE_RETENTION = Duration.ofDays(7);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*\\.v[0-9]+");

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        Objects.requireNonNull(keyFormat, "keyFormat");
        Objects.requireNonNull(description, "description");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("topic name must be lower-case dotted words ending in .v<N>: " + name);
        }
        if (retentionMs != -1 && (retentionMs <= 0 || compacted)) {
            throw new IllegalArgumentException("retentionMs must be -1 (for ever) or, for a log topic, positive: "
                    + retentionMs);
        }
    }

    /** A compacted topic (a table keyed by its key). */
    public static <K, V> Topic<K, V> compacted(String name, Serde<K> keySerde, Serde<V> valueSerde, String keyFormat,
            String description) {
        return new Topic<>(name, keySerde, valueSerde, true, -1, keyFormat, description);
    }

    /** A log topic keeping records for the given time ({@code null} for ever). */
    public static <K, V> Topic<K, V> log(String name, Serde<K> keySerde, Serde<V> valueSerde, Duration retention,
            String keyFormat, String description) {
        return new Topic<>(name, keySerde, valueSerde, false, retention == null ? -1 : retention.toMillis(),
                keyFormat, description);
    }

    /** How long records are kept; empty for ever (always empty for a compacted topic). */
    public Optional<Duration> retention() {
        return retentionMs == -1 ? Optional.empty() : Optional.of(Duration.ofMillis(retentionMs));
    }

    /**
     * The recommended topic-level configuration: {@code cleanup.policy}, and {@code retention.ms}
     * for a log topic or {@code delete.retention.ms} (tombstone visibility) for a compacted one.
     * Partition count and replication factor are deployment choices and not included.
     */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("cleanup.policy", compacted ? "compact" : "delete");
        if (compacted) {
            config.put("delete.retention.ms", Long.toString(TOMBSTONE_RETENTION.toMillis()));
        } else {
            config.put("retention.ms", Long.toString(retentionMs));
        }
        return config;
    }

    @Override
    public String toString() {
        return name;
    }
}
