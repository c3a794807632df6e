package org.kratomwatch.streams.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.stats.signal.IncreasedReporting;
import org.kratomwatch.streams.count.CountKeys;
import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.score.CountSource;
import org.kratomwatch.streams.score.CountSource.CellCount;
import org.kratomwatch.streams.score.PairKey;
import org.kratomwatch.streams.signal.SignalStates.FirstFired;
import org.kratomwatch.streams.signal.SignalStates.Snapshot;

/**
 * What happens to a signal as results arrive: its state ({@link SignalStates}) against the last
 * result of the previous period, the first period each rule fired ({@link FirstFired}), the
 * increased-reporting rule ({@link IncreasedReporting}) over per-quarter counts, and the
 * {@link SignalEvent} of each change of state.
 */
public final class SignalLifecycle {

    private final SignalStates states = new SignalStates();
    private final IncreasedReporting increasedReporting;

    public SignalLifecycle(EngineConfig config) {
        IncreasedReporting d = new IncreasedReporting();
        this.increasedReporting = new IncreasedReporting(d.minRecentReports(), d.minRatio(), d.minYearOverYearRatio(),
                config.increasedReportingWindow());
    }

    /**
     * The increased-reporting rule's name when it fires for the pair at the last of
     * {@code quarters} (consecutive, oldest first), else an empty list. Counts are the pair's and
     * the exposure's reports per quarter over the whole database.
     */
    public List<String> increasedReporting(CountSource counts, PairKey pair, List<String> quarters) {
        long[] a = perQuarter(counts.cells(pair.coarse()), quarters);
        long[] nd = perQuarter(counts.cells(CountKeys.exposure(pair.exposureKind(), pair.exposure())), quarters);
        return increasedReporting.evaluate(a, nd, quarters.size() - 1).fired() ? List.of(IncreasedReporting.NAME)
                : List.of();
    }

    private static long[] perQuarter(List<CellCount> cells, List<String> quarters) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < quarters.size(); i++) {
            index.put(quarters.get(i), i);
        }
        long[] out = new long[quarters.size()];
        for (CellCount c : cells) {
            Integer i = index.get(c.cell().period());
            if (i != null) {
                out[i] += c.count();
            }
        }
        return out;
    }

    /**
     * Sets {@code now}'s state and firstFired.
     *
     * @param old            the signal's current record, or null
     * @param previousPeriod its last result of an earlier period, or null
     * @param now            the new result (modified)
     */
    public void apply(DisproportionalitySignal old, DisproportionalitySignal previousPeriod,
            DisproportionalitySignal now) {
        Map<String, String> first = FirstFired.update(old == null ? Map.of() : old.getFirstFired(),
                now.getSignalsFired(), now.getPeriod());
        Snapshot before = previousPeriod == null ? Snapshot.NOTHING : Snapshot.of(previousPeriod);
        SignalState state = states.next(before, Snapshot.of(now), FirstFired.firedBefore(first, now.getPeriod()));
        now.setFirstFired(new LinkedHashMap<>(first));
        now.setState(state);
    }

    /** The event recording a change of state to {@code now}'s. */
    public static SignalEvent event(DisproportionalitySignal now, SignalState previousState, long time) {
        return SignalEvent.newBuilder()
                .setSubstance(now.getSubstance())
                .setEvent(now.getEvent())
                .setEventKind(now.getEventKind())
                .setComparator(now.getComparator())
                .setScope(now.getScope())
                .setPeriod(now.getPeriod())
                .setPreviousState(previousState)
                .setNewState(now.getState())
                .setSignalsFired(new ArrayList<>(now.getSignalsFired()))
                .setA(now.getA())
                .setExpected(now.getExpected())
                .setPrr(now.getPrr())
                .setChiSquareYates(now.getChiSquareYates())
                .setRor(now.getRor())
                .setRorLower95(now.getRorLower95())
                .setIc(now.getIc())
                .setIc025(now.getIc025())
                .setEbgm(now.getEbgm())
                .setEb05(now.getEb05())
                .setOccurredAt(java.time.Instant.ofEpochMilli(time))
                .build();
    }
}
