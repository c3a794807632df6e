package org.kratomwatch.streams.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kratomwatch.streams.count.Cell;
import org.kratomwatch.streams.count.CountKeys;

/** The cells of coarse count keys, read from a store of fine keys (the counts replica). */
@FunctionalInterface
public interface CountSource {

    /** One cell's count. */
    record CellCount(Cell cell, long count) {
    }

    /** The cells of a coarse key with a non-zero count (empty when the key was never counted). */
    List<CellCount> cells(String coarse);

    /** Reads a store of fine keys by prefix scans. */
    static CountSource of(ReadOnlyKeyValueStore<String, Long> store) {
        StringSerializer keys = new StringSerializer();
        return coarse -> {
            List<CellCount> out = new ArrayList<>();
            try (KeyValueIterator<String, Long> it = store.prefixScan(CountKeys.cellsOf(coarse), keys)) {
                while (it.hasNext()) {
                    KeyValue<String, Long> kv = it.next();
                    if (kv.value != null && kv.value != 0) {
                        out.add(new CellCount(CountKeys.cellOf(kv.key), kv.value));
                    }
                }
            }
            return out;
        };
    }

    /**
     * Every count of the store read in one sequential pass: far cheaper than a prefix scan per key
     * when a scoring round reads most keys.
     */
    static CountSource scanAll(ReadOnlyKeyValueStore<String, Long> store) {
        Map<String, List<CellCount>> all = new HashMap<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                if (kv.value != null && kv.value != 0) {
                    CountKeys.Fine fine = CountKeys.parseFine(kv.key);
                    all.computeIfAbsent(fine.coarse(), k -> new ArrayList<>(4)).add(new CellCount(fine.cell(), kv.value));
                }
            }
        }
        return coarse -> all.getOrDefault(coarse, List.of());
    }

    /** This source with every key read at most once (for one scoring pass over a moving store). */
    default CountSource memoized() {
        Map<String, List<CellCount>> seen = new HashMap<>();
        return coarse -> seen.computeIfAbsent(coarse, this::cells);
    }
}
