package org.kratomwatch.streams.replica;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kratomwatch.schemas.topic.Topic;

/**
 * The read-only replica of every count that each instance keeps as a global store, fed from the
 * compacted {@value #TOPIC} topic (fine count key to count, a tombstone at zero). A pair's own
 * count is owned by one task, but its margins (the event's and the total) are owned by others, and
 * the MGPS prior and Ω need every pair: reading them all from one replica keeps a score's inputs
 * from one consistent source.
 *
 * <p>The replica trails the owners by the time a committed record takes to reach it; records
 * computed from it converge to the exact values once input stops (see the equivalence tests).
 */
public final class CountsReplica {

    /** The counts topic (fine key to count), compacted; the global store's source and changelog. */
    public static final Topic<String, Long> COUNTS = Topic.compacted("kratomwatch.counts.v1", Serdes.String(),
            Serdes.Long(), "fine count key (see CountKeys)", "Every exact count of the signal engine, for the replica");
    /** Its name. */
    public static final String TOPIC = COUNTS.name();
    /** The global store. */
    public static final String STORE = "counts-replica";

    private CountsReplica() {
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
