package org.kratomwatch.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

    @TempDir
    Path dir;

    @Test
    void registryBindsKafkaStreamsAndJvmMeters() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in.v1", Consumed.with(Serdes.String(), Serdes.String()).withName("source"))
                .to("out.v1", Produced.with(Serdes.String(), Serdes.String()).withName("sink"));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
            PrometheusMeterRegistry registry = Metrics.registry(streams);
            Metrics.requests(registry, "/health", "GET", 200).record(Duration.ofMillis(3));
            String text = registry.scrape();
            assertThat(text).contains("kafka_stream_", "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                    "kratomwatch_query_requests_seconds_count{endpoint=\"/health\",method=\"GET\",status=\"200\"} 1");
            registry.close();
        }
    }
}
