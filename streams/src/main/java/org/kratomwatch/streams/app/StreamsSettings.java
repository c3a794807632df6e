package org.kratomwatch.streams.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.kratomwatch.schemas.topic.Topics;

/**
 * The Kafka Streams configuration of the signal engine: exactly-once (v2), every internal resource
 * explicitly named, records that cannot be processed sent to {@code ae.dlq.v1}.
 */
public final class StreamsSettings {

    /** Default application id (and so consumer group and internal topic prefix). */
    public static final String APPLICATION_ID = "kratomwatch-signals";

    /** Record caches of all stores of one instance together. */
    public static final long CACHE_BYTES = 64L << 20;

    private StreamsSettings() {
    }

    /**
     * @param clientConfig      bootstrap servers and security settings, passed to every client
     * @param stateDir          where RocksDB state lives
     * @param replicationFactor of internal topics (1 on a single broker)
     */
    public static Properties of(Map<String, Object> clientConfig, Path stateDir, int replicationFactor) {
        Properties p = new Properties();
        p.putAll(clientConfig);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        p.put("ensure.explicit.internal.resource.naming", "true");
        p.put("errors.dead.letter.queue.topic.name", Topics.DLQ.name());
        // With a dead-letter topic set, these handlers write the failed record there (origin and
        // error in headers) and let processing continue.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        p.put("processing.exception.handler.global.enabled", "true");
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        // Store caches coalesce repeated writes of a key between commits (N, margins); bounded, so
        // the heap stays bounded whatever the state's size (the state itself is in RocksDB).
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_BYTES);
        return p;
    }
}
