package org.kratomwatch.streams.query;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters behind {@code GET /metrics}: one Prometheus registry with the Kafka Streams client
 * metrics, the JVM's memory, GC, thread and CPU meters, and the query server's own request timer
 * ({@value #REQUESTS}, tagged {@code endpoint}, {@code method} and {@code status}; in Prometheus
 * text {@code kratomwatch_query_requests_seconds_count} and {@code _sum}).
 */
public final class Metrics {

    /** The query server's request timer, one series per endpoint template, method and status. */
    public static final String REQUESTS = "kratomwatch.query.requests";

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private Metrics() {
    }

    /**
     * A registry with the engine's and the JVM's meters bound. Closing it also closes the binders
     * that hold resources (the Kafka metrics refresh thread, the GC notification listener).
     *
     * @param streams the engine, or null for JVM meters only
     */
    public static PrometheusMeterRegistry registry(KafkaStreams streams) {
        ClosingRegistry registry = new ClosingRegistry();
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        registry.binders.add(gc);
        if (streams != null) {
            KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams);
            kafka.bindTo(registry);
            registry.binders.add(kafka);
        }
        return registry;
    }

    /** The request timer of one endpoint template (e.g. {@code /signals/{substance}/{event}}), method and status. */
    static Timer requests(MeterRegistry registry, String endpoint, String method, int status) {
        return Timer.builder(REQUESTS)
                .description("Query API requests by endpoint, method and status")
                .tag("endpoint", endpoint)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .register(registry);
    }

    /** A Prometheus registry that closes its binders with itself. */
    private static final class ClosingRegistry extends PrometheusMeterRegistry {

        private final List<AutoCloseable> binders = new ArrayList<>();

        ClosingRegistry() {
            super(PrometheusConfig.DEFAULT);
        }

        @Override
        public void close() {
            for (AutoCloseable binder : binders) {
                try {
                    binder.close();
                } catch (Exception e) {
                    LOG.warn("cannot close meter binder {}: {}", binder.getClass().getSimpleName(), e.toString());
                }
            }
            binders.clear();
            super.close();
        }
    }
}
