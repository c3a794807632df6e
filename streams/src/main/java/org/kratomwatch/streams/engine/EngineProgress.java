package org.kratomwatch.streams.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress shared by the global store updaters and the scorers of one {@code KafkaStreams}
 * instance: a version that ticks on every change of a global store (counts replica,
 * hyperparameters), and per scoring task the version it last scored. When they agree the
 * instance's signal records reflect everything its replica holds.
 */
public final class EngineProgress {

    private final AtomicLong replicaVersion = new AtomicLong();
    private final AtomicLong countsVersion = new AtomicLong();
    private final Map<String, Long> scored = new ConcurrentHashMap<>();

    public AtomicLong replicaVersion() {
        return replicaVersion;
    }

    /** Ticks on every change of the counts replica only (not of the hyperparameters): what refits follow. */
    public AtomicLong countsVersion() {
        return countsVersion;
    }

    /** Records that a task scored at a replica version. */
    public void scored(String task, long version) {
        scored.put(task, version);
    }

    /** Forgets a task (closed or moved to another instance). */
    public void closed(String task) {
        scored.remove(task);
    }

    /** True when every scoring task of this instance has scored the current replica version. */
    public boolean scoredCurrent() {
        long v = replicaVersion.get();
        return scored.values().stream().allMatch(s -> s == v);
    }

    /** Scoring tasks known to this instance. */
    public int tasks() {
        return scored.size();
    }
}
