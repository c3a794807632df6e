package org.kratomwatch.streams.count;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.schemas.Periods;
import org.kratomwatch.streams.engine.EngineConfig;

/**
 * Keeps the latest version of every case and turns each change of it into count deltas: when a
 * case's latest version changes from {@code old} to {@code new} (either may be absent), it emits
 * −1 for every count key of {@code old} not in {@code new} and +1 for every key of {@code new} not
 * in {@code old} ({@link ReportContribution}; every key when the cell changed), grouped into one
 * {@link CellDeltaBatch} per counting partition, so that all cells of a key meet in the one task
 * that owns it.
 *
 * <p>Why the sums of these deltas are exact: every version contributes +1 to its keys exactly when
 * it becomes the latest and −1 exactly when it stops being the latest (replaced or retracted), so
 * at any moment the sum per key is the number of live cases whose latest version has that key.
 * Out-of-order versions (older than the stored one, or equal) are ignored; a tombstone removes the
 * case and marks it retracted, so that versions arriving later cannot bring it back (FDA's
 * deletions are final). With exactly-once processing the store update and the emitted deltas
 * commit atomically.
 */
public final class LatestVersionProcessor implements Processor<String, AdverseEventReport, String, CellDeltaBatch> {

    /** The store of latest versions (case key to report). */
    public static final String LATEST_STORE = "latest-report-versions";
    /** The store of retracted case keys (case key to the version that was live, or 0). */
    public static final String RETRACTED_STORE = "retracted-cases";

    private final EngineConfig config;
    private final int countPartitions;
    private ProcessorContext<String, CellDeltaBatch> context;
    private KeyValueStore<String, AdverseEventReport> latest;
    private KeyValueStore<String, Long> retracted;

    /** @param countPartitions partitions of the counting stage ({@link CellDeltaBatch#partitionOf}) */
    public LatestVersionProcessor(EngineConfig config, int countPartitions) {
        this.config = config;
        this.countPartitions = countPartitions;
    }

    @Override
    public void init(ProcessorContext<String, CellDeltaBatch> context) {
        this.context = context;
        this.latest = context.getStateStore(LATEST_STORE);
        this.retracted = context.getStateStore(RETRACTED_STORE);
    }

    @Override
    public void process(Record<String, AdverseEventReport> record) {
        String caseKey = record.key();
        if (caseKey == null || retracted.get(caseKey) != null) {
            return;
        }
        AdverseEventReport old = latest.get(caseKey);
        AdverseEventReport now = record.value();
        if (now == null) {
            retracted.put(caseKey, old == null ? 0L : old.getCaseVersion());
            if (old != null) {
                latest.delete(caseKey);
                emit(record, ReportContribution.of(old, config), null);
            }
            return;
        }
        String period = config.periodBasis().periodOf(now);
        if (!Periods.isPeriod(period)) {
            // A business reject: the handler sends the record to the dead-letter topic with this message.
            throw new IllegalArgumentException("case " + caseKey + " version " + now.getCaseVersion()
                    + ": data period '" + period + "' is not YYYYQn");
        }
        if (old != null && now.getCaseVersion() <= old.getCaseVersion()) {
            return; // an older (or the same) version arriving late must not win
        }
        latest.put(caseKey, now);
        emit(record, ReportContribution.of(old, config), ReportContribution.of(now, config));
    }

    private void emit(Record<String, AdverseEventReport> record, ReportContribution before, ReportContribution after) {
        boolean sameCell = before != null && after != null && before.cell().equals(after.cell());
        List<List<CellDeltaBatch.Keyed>> byPartition = new ArrayList<>(countPartitions);
        for (int p = 0; p < countPartitions; p++) {
            byPartition.add(new ArrayList<>());
        }
        if (before != null) {
            for (Map.Entry<String, Boolean> k : before.keys().entrySet()) {
                if (!sameCell || !after.keys().containsKey(k.getKey())) {
                    byPartition.get(CellDeltaBatch.partitionOf(k.getKey(), countPartitions))
                            .add(new CellDeltaBatch.Keyed(k.getKey(), new CellDelta(before.cell(), -1, k.getValue())));
                }
            }
        }
        if (after != null) {
            for (Map.Entry<String, Boolean> k : after.keys().entrySet()) {
                if (!sameCell || !before.keys().containsKey(k.getKey())) {
                    byPartition.get(CellDeltaBatch.partitionOf(k.getKey(), countPartitions))
                            .add(new CellDeltaBatch.Keyed(k.getKey(), new CellDelta(after.cell(), 1, k.getValue())));
                }
            }
        }
        for (int p = 0; p < countPartitions; p++) {
            if (!byPartition.get(p).isEmpty()) {
                context.forward(record.withValue(new CellDeltaBatch(p, byPartition.get(p))));
            }
        }
    }
}
