package org.kratomwatch.streams.replica;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kratomwatch.streams.count.CountProcessor;

/**
 * The read-only replica of every count that each instance keeps as a global store. A pair's own
 * count is owned by one task, but its margins (the event's and the total) are owned by others, and
 * the MGPS prior and Ω need every pair: reading them all from one replica keeps a score's inputs
 * from one consistent source.
 *
 * <p>The replica's source is the changelog of the owners' {@value CountProcessor#CELL_COUNTS_STORE}
 * store (fine count key to count, a tombstone at zero; see {@link #topic(String)}). That store is
 * cached, so its changelog carries one record per changed key and commit rather than one per
 * delta, written in the same exactly-once transaction as the store; reading it costs the owners
 * nothing. The replica trails the owners by one commit; records computed from it converge to the
 * exact values once input stops (see the equivalence tests).
 */
public final class CountsReplica {

    /** The global store. */
    public static final String STORE = "counts-replica";

    private CountsReplica() {
    }

    /**
     * The counts topic of an application: the changelog Kafka Streams keeps for the
     * {@value CountProcessor#CELL_COUNTS_STORE} store ({@code <application.id>-<store>-changelog}),
     * compacted, one partition per counting task.
     */
    public static String topic(String applicationId) {
        return applicationId + "-" + CountProcessor.CELL_COUNTS_STORE + "-changelog";
    }

    /**
     * Applies counts to the store and ticks a version that tells scorers something changed.
     *
     * @param <V> the value type
     */
    public static final class Updater<V> implements Processor<String, V, Void, Void> {
        private final String storeName;
        private final AtomicLong[] versions;
        private KeyValueStore<String, V> store;

        public Updater(String storeName, AtomicLong... versions) {
            this.storeName = storeName;
            this.versions = versions;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, V> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
            for (AtomicLong v : versions) {
                v.incrementAndGet();
            }
        }
    }
}
