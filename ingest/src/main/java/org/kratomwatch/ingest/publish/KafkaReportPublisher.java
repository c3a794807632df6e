package org.kratomwatch.ingest.publish;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.schemas.topic.Topics;

/**
 * Publishes to Kafka with one idempotent producer ({@code acks=all}, idempotence on, lz4,
 * batched), keyed by the pseudonymous case key so that every version and the tombstone of a case
 * land in one partition, in order. Re-running the same input produces the same keys and versions:
 * the compacted reports topic and the streaming engine's latest-version table absorb the repeats,
 * so nothing is counted twice.
 *
 * <p>Sends are asynchronous; the first failure is kept and rethrown by the next call or by
 * {@link #flush()}, so an ingestion run never reports success for records the broker did not take.
 * Transient broker outages (a broker restart, a leader moving) are retried by the producer for up
 * to {@code delivery.timeout.ms} (5 min), and idempotence keeps the retries from writing a record
 * twice. {@code max.block.ms}, how long a send may wait for buffer space or metadata, is set to the
 * same value (unless given): while the broker is away the 32 MB buffer fills within a second or two
 * and every send blocks, so with Kafka's default of 60 s an outage longer than a minute would fail
 * the run although the records could still have been delivered.
 */
public final class KafkaReportPublisher implements ReportPublisher {

    /** How long a record may take to be acknowledged, retries included, before the run fails. */
    static final int DELIVERY_TIMEOUT_MS = 300_000;

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback callback = (metadata, exception) -> {
        if (exception != null) {
            failure.compareAndSet(null, exception);
        }
    };
    private long published;
    private long bytes;

    /**
     * @param clientConfig bootstrap servers, security settings and any producer overrides
     *                     (applied after the defaults of this class)
     */
    public KafkaReportPublisher(Map<String, Object> clientConfig) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "kratomwatch-ingest");
        c.putAll(clientConfig);
        if (clientConfig.containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)
                && !clientConfig.containsKey(ProducerConfig.MAX_BLOCK_MS_CONFIG)) {
            c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, clientConfig.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        }
        this.producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void report(AdverseEventReport report) {
        byte[] value = Topics.REPORTS.valueSerde().serializer().serialize(Topics.REPORTS.name(), report);
        send(Topics.REPORTS.name(), Keys.report(report), value);
    }

    @Override
    public void retract(String caseKey) {
        send(Topics.REPORTS.name(), caseKey, null);
    }

    @Override
    public void quarantine(QuarantinedRecord record) {
        byte[] value = Topics.QUARANTINE.valueSerde().serializer().serialize(Topics.QUARANTINE.name(), record);
        send(Topics.QUARANTINE.name(), Keys.quarantine(record), value);
    }

    private void send(String topic, String key, byte[] value) {
        rethrow();
        producer.send(new ProducerRecord<>(topic, key, value), callback);
        published++;
        bytes += value == null ? 0 : value.length;
    }

    private void rethrow() {
        Exception e = failure.get();
        if (e != null) {
            throw new KafkaException("publishing to Kafka failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() {
        producer.flush();
        rethrow();
    }

    @Override
    public long published() {
        return published;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        producer.close();
    }
}
