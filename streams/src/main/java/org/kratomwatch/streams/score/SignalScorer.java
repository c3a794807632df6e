package org.kratomwatch.streams.score;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.streams.count.CountKeys;
import org.kratomwatch.streams.count.CountProcessor;
import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.replica.CountsReplica;
import org.kratomwatch.streams.signal.SignalLifecycle;

/**
 * Scores the watched pairs and triples this task owns, every {@link EngineConfig#scoreInterval()}
 * of wall-clock time when the counts replica or the hyperparameters changed: for each comparator
 * the cumulative result up to the current period (the newest in the data) and the current period's
 * own result. A record is emitted to {@code ae.signals.v1} only when a value changed, and each
 * change of signal state also to {@code ae.signal-events.v1}; Ω records go to
 * {@code ae.interactions.v1}. Output values are the Avro records, keyed as their topics are.
 */
public final class SignalScorer implements Processor<String, Long, String, SpecificRecord> {

    /** Current signal records by signal key. */
    public static final String SIGNALS_STORE = "signals";
    /** Each signal's last result of the period before its current one (the base of its state). */
    public static final String PREVIOUS_STORE = "signals-previous-period";
    /** Current Ω records by interaction key. */
    public static final String INTERACTIONS_STORE = "interactions";
    /** Global store of MGPS hyperparameters by {@code comparator|scope}. */
    public static final String HYPERPARAMETERS_STORE = "hyperparameters";

    private static final Scope[] SCOPES = {Scope.CUMULATIVE, Scope.PERIOD};

    private final EngineConfig config;
    private final AtomicLong replicaVersion;
    private final SignalComputer computer;
    private final SignalLifecycle lifecycle;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Long> watched;
    private KeyValueStore<String, Long> localCounts;
    private KeyValueStore<String, Long> replica;
    private KeyValueStore<String, MgpsHyperparameterSet> hyperparameters;
    private KeyValueStore<String, DisproportionalitySignal> signals;
    private KeyValueStore<String, DisproportionalitySignal> previous;
    private KeyValueStore<String, InteractionSignal> interactions;
    private long scoredVersion = -1;

    public SignalScorer(EngineConfig config, AtomicLong replicaVersion) {
        this.config = config;
        this.replicaVersion = replicaVersion;
        this.computer = new SignalComputer(config);
        this.lifecycle = new SignalLifecycle(config);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        watched = context.getStateStore(CountProcessor.WATCHED_KEYS_STORE);
        localCounts = context.getStateStore(CountProcessor.CELL_COUNTS_STORE);
        replica = context.getStateStore(CountsReplica.STORE);
        hyperparameters = context.getStateStore(HYPERPARAMETERS_STORE);
        signals = context.getStateStore(SIGNALS_STORE);
        previous = context.getStateStore(PREVIOUS_STORE);
        interactions = context.getStateStore(INTERACTIONS_STORE);
        context.schedule(config.scoreInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, Long> record) {
        // Count changes reach the scorer through the replica; scoring happens on the punctuation.
    }

    void tick(long now) {
        long version = replicaVersion.get();
        if (version == scoredVersion) {
            return;
        }
        scoredVersion = version;
        CountSource counts = CountSource.of(replica).memoized();
        List<String> periods = SignalComputer.periods(counts);
        if (periods.isEmpty()) {
            return;
        }
        String current = periods.get(periods.size() - 1);
        List<String> quarters = Quarters.range(periods.get(0), current);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = watched.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        for (String coarse : keys) {
            PairKey pair = PairKey.parse(coarse);
            if (pair != null) {
                scorePair(counts, pair, current, quarters, now);
                continue;
            }
            TripleKey triple = TripleKey.parse(coarse);
            if (triple != null) {
                scoreTriple(counts, triple, current, now);
            }
        }
    }

    private boolean retired(CountSource counts, String coarse) {
        if (!counts.cells(coarse).isEmpty()) {
            return false;
        }
        try (KeyValueIterator<String, Long> it = localCounts.prefixScan(CountKeys.cellsOf(coarse), new StringSerializer())) {
            if (it.hasNext()) {
                return false; // counted here but not replicated yet
            }
        }
        watched.delete(coarse);
        return true;
    }

    private void scorePair(CountSource counts, PairKey pair, String current, List<String> quarters, long now) {
        boolean gone = retired(counts, pair.coarse());
        List<String> increased = gone ? List.of() : lifecycle.increasedReporting(counts, pair, quarters);
        for (int i = 0; i < config.comparators().size(); i++) {
            String comparator = config.comparators().get(i).name();
            for (Scope scope : SCOPES) {
                String key = Keys.signal(pair.exposure(), pair.avroEventKind(), pair.event(), comparator, scope);
                if (gone) {
                    if (signals.get(key) != null) {
                        signals.delete(key);
                        previous.delete(key);
                        context.forward(new Record<>(key, null, now));
                    }
                    continue;
                }
                MgpsHyperparameterSet h = hyperparameters.get(Keys.hyperparameters(comparator, scope));
                DisproportionalitySignal s = computer.signal(counts, pair, i, scope, current, h,
                        scope == Scope.CUMULATIVE ? increased : List.of(), now);
                if (s != null) {
                    update(key, s, now);
                }
            }
        }
    }

    private void update(String key, DisproportionalitySignal now, long time) {
        DisproportionalitySignal old = signals.get(key);
        if (old != null && sameValues(old, now, "state", "firstFired", "updatedAt")) {
            return;
        }
        if (old != null && old.getPeriod().compareTo(now.getPeriod()) < 0) {
            previous.put(key, old);
        }
        DisproportionalitySignal before = previous.get(key);
        lifecycle.apply(old, before, now);
        signals.put(key, now);
        context.forward(new Record<>(key, now, time));
        SignalState oldState = old == null ? SignalState.NONE : old.getState();
        if (now.getState() != oldState) {
            context.forward(new Record<>(key, SignalLifecycle.event(now, oldState, time), time));
        }
    }

    private void scoreTriple(CountSource counts, TripleKey triple, String current, long now) {
        String key = Keys.interaction(triple.watched(), triple.other(), PairKey.avroKind(triple.eventKind()),
                triple.event());
        if (retired(counts, triple.coarse())) {
            if (interactions.get(key) != null) {
                interactions.delete(key);
                context.forward(new Record<>(key, null, now));
            }
            return;
        }
        InteractionSignal s = computer.interaction(counts, triple, current, now);
        if (s == null) {
            return;
        }
        InteractionSignal old = interactions.get(key);
        if (old != null && sameValues(old, s, "updatedAt")) {
            return;
        }
        interactions.put(key, s);
        context.forward(new Record<>(key, s, now));
    }

    /**
     * Field-by-field equality that treats NaN as equal to NaN (Avro's equals does not), ignoring
     * the named fields.
     */
    static boolean sameValues(SpecificRecord a, SpecificRecord b, String... ignored) {
        Schema schema = a.getSchema();
        outer:
        for (Schema.Field f : schema.getFields()) {
            for (String i : ignored) {
                if (i.equals(f.name())) {
                    continue outer;
                }
            }
            Object x = a.get(f.pos());
            Object y = b.get(f.pos());
            if (x instanceof Double dx && y instanceof Double dy) {
                if (Double.compare(dx, dy) != 0) {
                    return false;
                }
            } else if (x == null ? y != null : !x.equals(y)) {
                return false;
            }
        }
        return true;
    }

    /** Tells records of the three outputs apart (tombstones carry no type: see the key's shape). */
    public static boolean isSignalEvent(SpecificRecord r) {
        return r instanceof SignalEvent;
    }
}
