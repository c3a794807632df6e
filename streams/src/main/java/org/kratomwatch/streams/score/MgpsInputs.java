package org.kratomwatch.streams.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.streams.count.CountKeys;
import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.score.CountSource.CellCount;

/**
 * The (n, E) of every substance–preferred-term pair, per comparator and scope, from the counts
 * replica: what the MGPS prior is fitted to. As in batch scoring, only pairs of a substance and a
 * preferred term with n ≥ 1 are used (groups, classes and term groups would count reports twice).
 */
public final class MgpsInputs {

    /** Counts and expected values of the pairs of one comparator and scope. */
    public record Pairs(long[] counts, double[] expected) {
        public int size() {
            return counts.length;
        }
    }

    private MgpsInputs() {
    }

    /** Key of the result map: comparator name and scope. */
    public record Target(String comparator, Scope scope) {
    }

    public static Map<Target, Pairs> collect(ReadOnlyKeyValueStore<String, Long> replica, EngineConfig config,
            String period) {
        StringSerializer keys = new StringSerializer();
        List<CellCount> total = CountSource.of(replica).cells(CountKeys.TOTAL);
        Map<String, List<CellCount>> exposures = grouped(replica, "D|S|", keys);
        Map<String, List<CellCount>> events = grouped(replica, "E|T|", keys);
        int targets = config.comparators().size() * 2;
        List<List<Long>> n = new ArrayList<>();
        List<List<Double>> e = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            n.add(new ArrayList<>());
            e.add(new ArrayList<>());
        }
        String currentCoarse = null;
        List<CellCount> cells = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = replica.prefixScan("P|S|", keys)) {
            while (true) {
                KeyValue<String, Long> kv = it.hasNext() ? it.next() : null;
                CountKeys.Fine fine = kv == null ? null : CountKeys.parseFine(kv.key);
                if (kv == null || !fine.coarse().equals(currentCoarse)) {
                    if (currentCoarse != null) {
                        addPair(currentCoarse, cells, exposures, events, total, config, period, n, e);
                    }
                    if (kv == null) {
                        break;
                    }
                    currentCoarse = fine.coarse();
                    cells = new ArrayList<>();
                }
                if (kv.value != null && kv.value != 0) {
                    cells.add(new CellCount(fine.cell(), kv.value));
                }
            }
        }
        Map<Target, Pairs> out = new HashMap<>();
        for (int c = 0; c < config.comparators().size(); c++) {
            for (Scope scope : new Scope[] {Scope.CUMULATIVE, Scope.PERIOD}) {
                int t = c * 2 + (scope == Scope.CUMULATIVE ? 0 : 1);
                out.put(new Target(config.comparators().get(c).name(), scope),
                        new Pairs(n.get(t).stream().mapToLong(Long::longValue).toArray(),
                                e.get(t).stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        return out;
    }

    private static void addPair(String coarse, List<CellCount> cells, Map<String, List<CellCount>> exposures,
            Map<String, List<CellCount>> events, List<CellCount> total, EngineConfig config, String period,
            List<List<Long>> n, List<List<Double>> e) {
        PairKey pair = PairKey.parse(coarse);
        if (pair == null || !pair.eventKind().equals(CountKeys.TERM) || cells.isEmpty()) {
            return;
        }
        List<CellCount> x = exposures.getOrDefault(CountKeys.exposure(pair.exposureKind(), pair.exposure()), List.of());
        List<CellCount> ev = events.getOrDefault(CountKeys.event(pair.eventKind(), pair.event()), List.of());
        for (int c = 0; c < config.comparators().size(); c++) {
            for (Scope scope : new Scope[] {Scope.CUMULATIVE, Scope.PERIOD}) {
                PairTables.Table t = PairTables.of(cells, x, ev, total, c, SignalComputer.inScope(scope, period),
                        config.stratify());
                if (t != null && t.table().a() > 0) {
                    int target = c * 2 + (scope == Scope.CUMULATIVE ? 0 : 1);
                    n.get(target).add(t.table().a());
                    e.get(target).add(t.expected());
                }
            }
        }
    }

    private static Map<String, List<CellCount>> grouped(ReadOnlyKeyValueStore<String, Long> replica, String prefix,
            StringSerializer keys) {
        Map<String, List<CellCount>> out = new HashMap<>();
        try (KeyValueIterator<String, Long> it = replica.prefixScan(prefix, keys)) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                if (kv.value != null && kv.value != 0) {
                    CountKeys.Fine fine = CountKeys.parseFine(kv.key);
                    out.computeIfAbsent(fine.coarse(), k -> new ArrayList<>()).add(new CellCount(fine.cell(), kv.value));
                }
            }
        }
        return out;
    }
}
