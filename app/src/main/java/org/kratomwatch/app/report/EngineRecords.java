package org.kratomwatch.app.report;

import java.util.List;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;

/**
 * What the engine holds, as read for a report, before it is cut to one period.
 *
 * @param current          the current record of every key (the latest period each key reached)
 * @param history          per-period records; from the query API computed from the counts (without
 *                         state, firstFired or increased-reporting), from the topic the versions the
 *                         compacted log still holds (as the engine wrote them)
 * @param historyHasStates true when the history records carry the engine's state and firstFired
 * @param interactions     the current Ω records (and, from the topic, earlier versions)
 * @param source           where they were read, for the report's provenance
 * @param inputs           one line per input read, with its positions or counts
 */
public record EngineRecords(List<DisproportionalitySignal> current, List<DisproportionalitySignal> history,
        boolean historyHasStates, List<InteractionSignal> interactions, String source, List<String> inputs) {

    public EngineRecords {
        current = List.copyOf(current);
        history = List.copyOf(history);
        interactions = List.copyOf(interactions);
        inputs = List.copyOf(inputs);
    }
}
