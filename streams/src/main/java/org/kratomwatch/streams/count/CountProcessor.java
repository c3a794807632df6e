package org.kratomwatch.streams.count;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sums count deltas per fine key ({@link CountKeys#fine}) in the {@value #CELL_COUNTS_STORE}
 * store and forwards every new value (a tombstone when it returns to zero) keyed by fine key, for
 * the counts replica. Keys of watched exposures are remembered in {@value #WATCHED_KEYS_STORE}
 * for the scorer of this task.
 */
public final class CountProcessor implements Processor<String, CellDelta, String, Long> {

    /** Exact counts by fine key. */
    public static final String CELL_COUNTS_STORE = "cell-counts";
    /** Coarse keys of watched pairs and triples owned by this task (value: unused marker). */
    public static final String WATCHED_KEYS_STORE = "watched-keys";

    private ProcessorContext<String, Long> context;
    private KeyValueStore<String, Long> counts;
    private KeyValueStore<String, Long> watched;

    @Override
    public void init(ProcessorContext<String, Long> context) {
        this.context = context;
        this.counts = context.getStateStore(CELL_COUNTS_STORE);
        this.watched = context.getStateStore(WATCHED_KEYS_STORE);
    }

    @Override
    public void process(Record<String, CellDelta> record) {
        CellDelta d = record.value();
        if (record.key() == null || d == null) {
            return;
        }
        String fine = CountKeys.fine(record.key(), d.cell());
        Long old = counts.get(fine);
        long now = (old == null ? 0 : old) + d.delta();
        if (now < 0) {
            // Cannot happen with deltas from LatestVersionProcessor; refuse rather than store nonsense.
            throw new IllegalStateException("count of " + fine + " would become " + now);
        }
        if (now == 0) {
            counts.delete(fine);
        } else {
            counts.put(fine, now);
        }
        if (d.watched() && d.delta() > 0 && watched.get(record.key()) == null) {
            watched.put(record.key(), 1L);
        }
        context.forward(record.withKey(fine).withValue(now == 0 ? null : now));
    }
}
