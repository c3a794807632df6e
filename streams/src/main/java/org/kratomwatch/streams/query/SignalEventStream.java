package org.kratomwatch.streams.query;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /signal-events}: the state changes on {@code ae.signal-events.v1} as Server-Sent
 * Events, one Kafka consumer per connected client.
 *
 * <p>Each consumer is group-less (it {@code assign}s every partition and commits nothing), so a
 * dashboard never joins or rebalances the engine's groups, and reads {@code read_committed} because
 * the engine writes exactly-once: aborted records are never shown. Each record becomes
 * <pre>
 * id: &lt;partition&gt;-&lt;offset&gt;
 * event: signal-event
 * data: &lt;the SignalEvent as one line of JSON, see SignalJson&gt;
 * </pre>
 * The stream opens with a comment line once the start positions are fixed (a record written after
 * it is sure to be sent, also with {@code from=latest}). A comment line ({@code : heartbeat}) is sent after every quiet heartbeat interval: it keeps
 * proxies from closing the connection and is how a disconnected client is noticed (the write
 * fails), whereupon the consumer is closed. Partitions added to the topic later are picked up
 * from their beginning; a topic that does not exist yet is waited for. A reconnecting client starts
 * again from its {@code from} parameter ({@code Last-Event-ID} is not used: one id cannot carry a
 * position for every partition).
 */
final class SignalEventStream {

    private static final Logger LOG = LoggerFactory.getLogger(SignalEventStream.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final Map<String, Object> clientConfig;
    private final Duration heartbeat;
    private final Semaphore slots;
    private final Set<KafkaConsumer<?, ?>> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active;
    private final Counter sent;
    private volatile boolean closed;

    /**
     * @param clientConfig bootstrap servers and security settings of the consumers
     * @param heartbeat    the longest silence before a heartbeat comment
     * @param maxStreams   the most clients streaming at once (each holds a thread and a consumer)
     */
    SignalEventStream(Map<String, Object> clientConfig, Duration heartbeat, int maxStreams, MeterRegistry registry) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.heartbeat = heartbeat;
        this.slots = new Semaphore(maxStreams);
        this.active = registry.gauge("kratomwatch.query.sse.streams", new AtomicInteger());
        this.sent = Counter.builder("kratomwatch.query.sse.events")
                .description("Signal events sent to Server-Sent Events clients")
                .register(registry);
    }

    /** Ends every stream (their consumers are woken and closed by their own threads). */
    void close() {
        closed = true;
        open.forEach(KafkaConsumer::wakeup);
    }

    /**
     * Streams until the client disconnects or the server closes; the caller has validated the
     * request. Returns the status sent.
     *
     * @throws HttpError 503 when too many clients are streaming
     */
    int serve(HttpExchange exchange, boolean fromEarliest) throws IOException {
        if (!slots.tryAcquire()) {
            throw new HttpError(503, "too many event streams open; try again later");
        }
        active.incrementAndGet();
        try (KafkaConsumer<String, SignalEvent> consumer = new KafkaConsumer<>(consumerConfig(),
                new StringDeserializer(), Topics.SIGNAL_EVENTS.valueSerde().deserializer())) {
            open.add(consumer);
            try {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
                exchange.sendResponseHeaders(200, 0);
                stream(consumer, exchange.getResponseBody(), fromEarliest);
            } catch (IOException e) {
                LOG.debug("event stream client went away: {}", e.toString());
            } catch (WakeupException e) {
                LOG.debug("event stream ended by the server closing");
            } finally {
                open.remove(consumer);
            }
        } finally {
            active.decrementAndGet();
            slots.release();
        }
        return 200;
    }

    private void stream(KafkaConsumer<String, SignalEvent> consumer, OutputStream out, boolean fromEarliest)
            throws IOException {
        Set<TopicPartition> assigned = new HashSet<>();
        List<TopicPartition> initial = assign(consumer, assigned);
        if (!initial.isEmpty()) { // (an empty list would mean every assigned partition)
            if (fromEarliest) {
                consumer.seekToBeginning(initial);
            } else {
                consumer.seekToEnd(initial);
            }
            fixPositions(consumer, initial);
        }
        // The opening comment tells the client that whatever is written from now on will be sent.
        write(out, ": " + Topics.SIGNAL_EVENTS.name() + " from " + (fromEarliest ? "earliest" : "latest") + ", "
                + assigned.size() + " partitions\n\n");
        long lastWrite = System.nanoTime();
        long nextCheck = lastWrite + heartbeat.toNanos();
        while (!closed) {
            if (System.nanoTime() - nextCheck >= 0) {
                List<TopicPartition> added = assign(consumer, assigned);
                if (!added.isEmpty()) { // partitions (or the topic) created later hold only new records
                    consumer.seekToBeginning(added);
                    fixPositions(consumer, added);
                }
                nextCheck = System.nanoTime() + heartbeat.toNanos();
            }
            ConsumerRecords<String, SignalEvent> records = ConsumerRecords.empty();
            try {
                if (assigned.isEmpty()) {
                    Thread.sleep(POLL.toMillis());
                } else {
                    records = consumer.poll(POLL);
                }
            } catch (RecordDeserializationException e) {
                // A record that is not a SignalEvent: skip it, naming only where it is.
                LOG.warn("skipping undecodable record at {} offset {}", e.topicPartition(), e.offset());
                consumer.seek(e.topicPartition(), e.offset() + 1);
                continue;
            } catch (WakeupException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!records.isEmpty()) {
                StringBuilder batch = new StringBuilder(512 * records.count());
                for (ConsumerRecord<String, SignalEvent> r : records) {
                    if (r.value() != null) {
                        batch.append("id: ").append(r.partition()).append('-').append(r.offset()).append('\n')
                                .append("event: signal-event\n")
                                .append("data: ").append(SignalJson.MAPPER.writeValueAsString(SignalJson.toJson(r.value())))
                                .append("\n\n");
                        sent.increment();
                    }
                }
                if (batch.length() > 0) {
                    write(out, batch.toString());
                    lastWrite = System.nanoTime();
                }
            }
            if (System.nanoTime() - lastWrite >= heartbeat.toNanos()) {
                write(out, ": heartbeat\n\n");
                lastWrite = System.nanoTime();
            }
        }
    }

    /** Resolves the positions just sought now, so that what is written after this call is read. */
    private static void fixPositions(KafkaConsumer<String, SignalEvent> consumer, List<TopicPartition> partitions) {
        try {
            partitions.forEach(consumer::position);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("cannot look up the start positions on {}: {}", Topics.SIGNAL_EVENTS.name(), e.toString());
        }
    }

    /** Assigns any partition of the topic not yet assigned; returns those newly added. */
    private static List<TopicPartition> assign(KafkaConsumer<String, SignalEvent> consumer,
            Set<TopicPartition> assigned) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(Topics.SIGNAL_EVENTS.name(), Duration.ofSeconds(5));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("cannot list the partitions of {}: {}", Topics.SIGNAL_EVENTS.name(), e.toString());
            return List.of();
        }
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo p : partitions == null ? List.<PartitionInfo>of() : partitions) {
            TopicPartition tp = new TopicPartition(p.topic(), p.partition());
            if (assigned.add(tp)) {
                added.add(tp);
            }
        }
        if (!added.isEmpty()) {
            consumer.assign(assigned);
        }
        return added;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "kratomwatch-query-sse-" + CLIENT_IDS.incrementAndGet());
        return c;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
