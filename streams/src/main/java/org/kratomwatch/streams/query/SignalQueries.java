package org.kratomwatch.streams.query;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;

/**
 * What the query API reads, implemented over the engine's state stores. "Local" means held by this
 * instance's tasks; the API gathers lists from every instance ({@link #instances()}) and forwards a
 * single pair's query to the instance that owns it ({@link #ownerOf}).
 */
public interface SignalQueries {

    /** Current signal records held by this instance (every comparator and scope). */
    List<DisproportionalitySignal> localSignals();

    /**
     * Current records of one substance and event (or term group), every comparator and scope, when
     * this instance owns them; empty when there are none.
     */
    List<DisproportionalitySignal> localSignals(String substance, String event);

    /**
     * The pair's results per data period, oldest first (for each period: CUMULATIVE up to it and
     * PERIOD for it alone, every comparator), computed from the counts replica every instance
     * holds; empty when the pair was never counted.
     */
    List<DisproportionalitySignal> history(String substance, String event);

    /** Current interaction (Omega) records held by this instance. */
    List<InteractionSignal> localInteractions();

    /** The instance that owns a pair's records, or empty when it is this one (or unknown). */
    Optional<HostInfo> ownerOf(String substance, String event);

    /** Every instance of the application (this one included), for gathering lists. */
    List<HostInfo> instances();

    /** This instance's advertised address (application.server), or null when not configured. */
    HostInfo self();

    /** True when the engine is running (or rebalancing) and its stores can be queried. */
    boolean healthy();

    /** A one-word engine state for /health, e.g. RUNNING, REBALANCING, ERROR. */
    String state();

    /**
     * What this instance works on now, for /health: its active and standby tasks and the input
     * partitions of its active tasks; empty lists when unknown (e.g. before the first assignment).
     */
    default Assignment assignment() {
        return Assignment.NONE;
    }

    /**
     * An instance's share of the work.
     *
     * @param activeTasks  task ids (e.g. {@code 0_3}) this instance processes
     * @param standbyTasks task ids it keeps a standby copy of
     * @param partitions   input partitions of its active tasks, {@code topic-partition}, sorted
     */
    record Assignment(List<String> activeTasks, List<String> standbyTasks, List<String> partitions) {

        /** Nothing assigned, or not known. */
        public static final Assignment NONE = new Assignment(List.of(), List.of(), List.of());

        public Assignment {
            activeTasks = List.copyOf(activeTasks);
            standbyTasks = List.copyOf(standbyTasks);
            partitions = List.copyOf(partitions);
        }
    }
}
