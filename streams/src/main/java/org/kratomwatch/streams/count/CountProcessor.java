package org.kratomwatch.streams.count;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sums count deltas (arriving in {@link CellDeltaBatch batches} of one report and partition) per fine key ({@link CountKeys#fine}) in the {@value #CELL_COUNTS_STORE}
 * store, whose changelog is the counts replica's source. Keys of watched exposures are remembered
 * in {@value #WATCHED_KEYS_STORE}, and each change of one is forwarded (keyed by coarse key, the
 * value the cell's new count) to the scorer of this task.
 *
 * <p>The store is cached: a key changed by many deltas between two commits costs one RocksDB write
 * and one changelog record. The watched set is also held in memory (it is small: the pairs and
 * triples of the watch list), so that a delta costs no store read for it.
 */
public final class CountProcessor implements Processor<String, CellDeltaBatch, String, Long> {

    /** Exact counts by fine key. */
    public static final String CELL_COUNTS_STORE = "cell-counts";
    /** Coarse keys of watched pairs and triples owned by this task (value: unused marker). */
    public static final String WATCHED_KEYS_STORE = "watched-keys";

    private ProcessorContext<String, Long> context;
    private KeyValueStore<String, Long> counts;
    private KeyValueStore<String, Long> watched;
    private final Set<String> watchedKeys = new HashSet<>();

    @Override
    public void init(ProcessorContext<String, Long> context) {
        this.context = context;
        this.counts = context.getStateStore(CELL_COUNTS_STORE);
        this.watched = context.getStateStore(WATCHED_KEYS_STORE);
        watchedKeys.clear();
        try (KeyValueIterator<String, Long> it = watched.all()) {
            it.forEachRemaining(kv -> watchedKeys.add(kv.key));
        }
    }

    @Override
    public void process(Record<String, CellDeltaBatch> record) {
        if (record.value() == null) {
            return;
        }
        for (CellDeltaBatch.Keyed k : record.value().deltas()) {
            add(record, k.coarse(), k.delta());
        }
    }

    private void add(Record<String, CellDeltaBatch> record, String coarse, CellDelta d) {
        String fine = CountKeys.fine(coarse, d.cell());
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
        // The scorer retires a key from the store once all its cells are empty, so a cell that
        // starts from zero may belong to a retired key: only then is the store read.
        if (d.watched() && d.delta() > 0 && (watchedKeys.add(coarse) || old == null && watched.get(coarse) == null)) {
            watched.put(coarse, 1L);
        }
        if (watchedKeys.contains(coarse)) {
            context.forward(new Record<>(coarse, now, record.timestamp()));
        }
    }
}
