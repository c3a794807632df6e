package org.kratomwatch.streams.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.streams.count.CountKeys;
import org.kratomwatch.streams.replica.CountsReplica;
import org.kratomwatch.streams.score.CountSource;
import org.kratomwatch.streams.score.PairKey;
import org.kratomwatch.streams.score.SignalComputer;
import org.kratomwatch.streams.score.SignalScorer;

/** {@link SignalQueries} over a running engine's state stores (interactive queries). */
public final class StoreSignalQueries implements org.kratomwatch.streams.query.SignalQueries {

    /** Task ids ({@code subtopology_partition}) in numeric order: 0_2 before 0_10. */
    private static final java.util.Comparator<String> TASK_ORDER = java.util.Comparator
            .comparingInt((String id) -> Integer.parseInt(id.substring(0, id.indexOf('_'))))
            .thenComparingInt(id -> Integer.parseInt(id.substring(id.indexOf('_') + 1)));

    private final KafkaStreams streams;
    private final SignalComputer computer;
    private final HostInfo self;

    public StoreSignalQueries(KafkaStreams streams, SignalComputer computer, HostInfo self) {
        this.streams = streams;
        this.computer = computer;
        this.self = self;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    private static <V> List<V> values(ReadOnlyKeyValueStore<String, V> store) {
        List<V> out = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null) {
                    out.add(kv.value);
                }
            });
        }
        return out;
    }

    @Override
    public List<DisproportionalitySignal> localSignals() {
        return values(store(SignalScorer.SIGNALS_STORE));
    }

    @Override
    public List<DisproportionalitySignal> localSignals(String substance, String event) {
        List<DisproportionalitySignal> out = new ArrayList<>();
        ReadOnlyKeyValueStore<String, DisproportionalitySignal> s = store(SignalScorer.SIGNALS_STORE);
        try (KeyValueIterator<String, DisproportionalitySignal> it = s.prefixScan(Keys.prefix(substance), new StringSerializer())) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.getEvent().equals(event)) {
                    out.add(kv.value);
                }
            });
        }
        return out;
    }

    /** The pair as counted: a group exposure or event when the replica counts it as one. */
    PairKey pairOf(String substance, String event) {
        CountSource counts = CountSource.of(store(CountsReplica.STORE));
        String xk = counts.cells(CountKeys.exposure(CountKeys.SUBSTANCE, substance)).isEmpty()
                && !counts.cells(CountKeys.exposure(CountKeys.GROUP, substance)).isEmpty() ? CountKeys.GROUP : CountKeys.SUBSTANCE;
        String ek = computer.config().termGroups().groups().contains(event) ? CountKeys.GROUP : CountKeys.TERM;
        return new PairKey(xk, substance, ek, event);
    }

    @Override
    public List<DisproportionalitySignal> history(String substance, String event) {
        ReadOnlyKeyValueStore<String, Long> replica = store(CountsReplica.STORE);
        CountSource counts = CountSource.of(replica).memoized();
        PairKey pair = pairOf(substance, event);
        if (counts.cells(pair.coarse()).isEmpty()) {
            return List.of();
        }
        ReadOnlyKeyValueStore<String, MgpsHyperparameterSet> hyper = store(SignalScorer.HYPERPARAMETERS_STORE);
        List<DisproportionalitySignal> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (String period : SignalComputer.periods(counts)) {
            for (int c = 0; c < computer.config().comparators().size(); c++) {
                String comparator = computer.config().comparators().get(c).name();
                for (Scope scope : new Scope[] {Scope.CUMULATIVE, Scope.PERIOD}) {
                    DisproportionalitySignal s = computer.signal(counts, pair, c, scope, period,
                            hyper.get(Keys.hyperparameters(comparator, scope)), List.of(), now);
                    if (s != null) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public List<InteractionSignal> localInteractions() {
        return values(store(SignalScorer.INTERACTIONS_STORE));
    }

    @Override
    public Optional<HostInfo> ownerOf(String substance, String event) {
        if (self == null) {
            return Optional.empty();
        }
        KeyQueryMetadata m = streams.queryMetadataForKey(SignalScorer.SIGNALS_STORE, pairOf(substance, event).coarse(),
                new StringSerializer());
        if (m == null || m.equals(KeyQueryMetadata.NOT_AVAILABLE) || m.activeHost().equals(self)) {
            return Optional.empty();
        }
        return Optional.of(m.activeHost());
    }

    @Override
    public List<HostInfo> instances() {
        List<HostInfo> out = new ArrayList<>();
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            out.add(m.hostInfo());
        }
        if (out.isEmpty() && self != null) {
            out.add(self);
        }
        return out;
    }

    @Override
    public HostInfo self() {
        return self;
    }

    @Override
    public boolean healthy() {
        KafkaStreams.State s = streams.state();
        return s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
    }

    @Override
    public String state() {
        return streams.state().name();
    }

    @Override
    public Assignment assignment() {
        TreeSet<String> active = new TreeSet<>(TASK_ORDER);
        TreeSet<String> standby = new TreeSet<>(TASK_ORDER);
        TreeSet<String> partitions = new TreeSet<>();
        for (ThreadMetadata t : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : t.activeTasks()) {
                active.add(task.taskId().toString());
                task.topicPartitions().forEach(tp -> partitions.add(tp.toString()));
            }
            for (TaskMetadata task : t.standbyTasks()) {
                standby.add(task.taskId().toString());
            }
        }
        return new Assignment(List.copyOf(active), List.copyOf(standby), List.copyOf(partitions));
    }
}
