package org.kratomwatch.streams.score;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
import org.kratomwatch.streams.engine.EngineProgress;
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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignalScorer.class);

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
    private final EngineProgress progress;
    private String task;
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
    private long lastSeenVersion = -1;
    private long lastPassStart = System.nanoTime();
    private java.util.Deque<String> pass;
    private long passVersion;
    private boolean passInconsistent;
    private boolean inconsistent;
    private final java.util.Set<String> dirty = new java.util.LinkedHashSet<>();

    /** Rounds between full rounds while counts keep changing. */
    static final int FULL_ROUND_EVERY = 10;
    /** ... and at least this long, so that short intervals do not turn into back-to-back full passes. */
    static final long FULL_ROUND_MIN_NANOS = 10_000_000_000L;
    /** Changed pairs remembered between rounds (beyond, the next full round covers them). */
    static final int MAX_DIRTY = 100_000;

    public SignalScorer(EngineConfig config, EngineProgress progress) {
        this.config = config;
        this.progress = progress;
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
        task = context.taskId().toString();
        progress.scored(task, -1);
        context.schedule(config.scoreInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void close() {
        progress.closed(task);
    }

    @Override
    public void process(Record<String, Long> record) {
        // A count of a watched pair or triple of this task changed (keyed by coarse key): it is
        // rescored at the next round.
        if (dirty.size() < MAX_DIRTY) {
            dirty.add(record.key());
        }
    }

    /**
     * A scoring round, bounded in time ({@link #budget}) so that scoring never takes more than about
     * a quarter of a stream thread from counting while counts change, and a punctuation never
     * outlives the exactly-once transaction. Pairs whose own counts changed go first. A full pass over every
     * watched pair (whose values also move with the margins) starts when the replica has stopped
     * changing, or while it changes every {@value #FULL_ROUND_EVERY} intervals (at least 10 s), and continues over
     * as many rounds as it needs; a pass without inconsistent reads marks the replica version it
     * started at as scored, which is how {@code awaitIdle} knows the records are final.
     */
    void tick(long now) {
        long version = progress.replicaVersion().get();
        boolean quiet = version == lastSeenVersion;
        lastSeenVersion = version;
        long started = System.nanoTime();
        long deadline = started + budget(started, quiet);
        if (pass == null && version != scoredVersion
                && (quiet || started - lastPassStart >= Math.max(FULL_ROUND_MIN_NANOS,
                        FULL_ROUND_EVERY * config.scoreInterval().toNanos()))) {
            pass = new ArrayDeque<>();
            try (KeyValueIterator<String, Long> it = watched.all()) {
                while (it.hasNext()) {
                    pass.add(it.next().key);
                }
            }
            passVersion = version;
            passInconsistent = false;
            lastPassStart = started;
            dirty.clear();
        }
        if (dirty.isEmpty() && pass == null) {
            return;
        }
        Round round = round();
        if (round == null) {
            return;
        }
        try {
            score(round, deadline, now);
        } finally {
            THREAD_BUDGET.get().used += System.nanoTime() - started;
        }
    }

    /**
     * The time this round may take. The tasks of one stream thread share a quarter of each score
     * interval while counts change (a task's own quarter would let three tasks take three quarters
     * of the thread from counting), and the whole interval when the replica is quiet, since nothing
     * then waits for the thread.
     */
    private long budget(long started, boolean quiet) {
        long interval = config.scoreInterval().toNanos();
        if (quiet) {
            return interval;
        }
        ThreadBudget b = THREAD_BUDGET.get();
        if (started - b.windowStart >= interval) {
            b.windowStart = started;
            b.used = 0;
        }
        return Math.max(0, interval / 4 - b.used);
    }

    /** Scoring time used by the tasks of one stream thread in the current interval. */
    private static final class ThreadBudget {
        long windowStart = System.nanoTime();
        long used;
    }

    private static final ThreadLocal<ThreadBudget> THREAD_BUDGET = ThreadLocal.withInitial(ThreadBudget::new);

    /** Scores changed keys, then the pass, until the deadline (at least one key, so that rounds progress). */
    private void score(Round round, long deadline, long now) {
        boolean first = true;
        java.util.Iterator<String> d = dirty.iterator();
        while (d.hasNext() && (first || System.nanoTime() < deadline)) {
            first = false;
            String key = d.next();
            d.remove();
            scoreKey(round, key, now);
        }
        while (pass != null && !pass.isEmpty() && (first || System.nanoTime() < deadline)) {
            first = false;
            inconsistent = false;
            scoreKey(round, pass.poll(), now);
            passInconsistent |= inconsistent;
        }
        if (pass != null && pass.isEmpty()) {
            pass = null;
            if (!passInconsistent) {
                scoredVersion = passVersion;
            }
            progress.scored(task, scoredVersion);
        }
    }

    /** What one round reads: the replica and its periods. */
    private record Round(CountSource counts, String current, List<String> quarters) {
    }

    private Round round() {
        // Prefix scans cost in proportion to the keys a round reaches before its deadline; a scan
        // of the whole replica would cost its full size every round.
        CountSource counts = CountSource.of(replica).memoized();
        List<String> periods = SignalComputer.periods(counts);
        if (periods.isEmpty()) {
            return null;
        }
        String current = periods.get(periods.size() - 1);
        return new Round(counts, current, Quarters.range(periods.get(0), current));
    }

    private void scoreKey(Round round, String coarse, long now) {
        try {
            PairKey pair = PairKey.parse(coarse);
            if (pair != null) {
                scorePair(round.counts(), pair, round.current(), round.quarters(), now);
                return;
            }
            TripleKey triple = TripleKey.parse(coarse);
            if (triple != null) {
                scoreTriple(round.counts(), triple, round.current(), now);
            }
        } catch (RuntimeException e) {
            // One pair's failure must not stop the others' scoring; it is retried next pass.
            inconsistent = true;
            LOG.warn("cannot score {}: {}", coarse, e.toString());
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
        List<String> increased;
        try {
            increased = gone ? List.of() : lifecycle.increasedReporting(counts, pair, quarters);
        } catch (IllegalArgumentException notYetConsistent) {
            inconsistent = true; // the replica is mid-update (a pair count above its substance's): next round
            return;
        }
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
                } else {
                    inconsistent = true;
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
            inconsistent = true;
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
