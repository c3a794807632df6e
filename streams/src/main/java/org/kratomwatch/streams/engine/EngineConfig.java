package org.kratomwatch.streams.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.kratomwatch.stats.ratio.ReportingOddsRatio.ZeroCellCorrection;
import org.kratomwatch.stats.signal.SignalCriteria;
import org.kratomwatch.streams.count.TermGroups;

/**
 * What the signal engine counts and scores.
 *
 * @param termGroups      named lists of preferred terms counted as one event each
 * @param watch           exposures that get signal records
 * @param interactionWatch exposures that get Ω records with every co-reported exposure (kept to
 *                        the kratom list even with {@code --watch all}: Ω over every pair of drugs
 *                        is a different, much larger analysis)
 * @param comparators     backgrounds, {@link Comparator#ALL} first
 * @param stratify        expected counts stratified by age band × sex × report year
 * @param periodBasis     the quarter a case is counted in
 * @param scoreInterval   how often each task rescores its watched pairs (wall clock)
 * @param refitInterval   how often MGPS hyperparameters are refitted (also at the end of each period)
 * @param criteria        the signal rules
 * @param rorCorrection   zero-cell correction of the ROR, as {@code score --ror-correction}
 * @param increasedReportingWindow periods in the increased-reporting window (4 quarters = 12 months)
 */
public record EngineConfig(TermGroups termGroups, WatchList watch, WatchList interactionWatch, List<Comparator> comparators, boolean stratify,
        PeriodBasis periodBasis, Duration scoreInterval, Duration refitInterval, SignalCriteria criteria,
        ZeroCellCorrection rorCorrection, int increasedReportingWindow) {

    /** At most this many comparators besides {@code all} (one flag bit each). */
    public static final int MAX_COMPARATORS = 16;

    public EngineConfig {
        Objects.requireNonNull(termGroups, "termGroups");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(interactionWatch, "interactionWatch");
        comparators = List.copyOf(comparators);
        if (comparators.isEmpty() || !comparators.get(0).isAll()) {
            throw new IllegalArgumentException("the first comparator must be 'all'");
        }
        if (comparators.size() > MAX_COMPARATORS + 1) {
            throw new IllegalArgumentException("at most " + MAX_COMPARATORS + " class comparators");
        }
        Objects.requireNonNull(periodBasis, "periodBasis");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(rorCorrection, "rorCorrection");
    }

    /** The defaults: kratom watch list, all and excl-opioid, crude, data periods, 1 s scoring, 30 s refits. */
    public static EngineConfig defaults() {
        return new EngineConfig(TermGroups.defaults(), WatchList.kratom(), WatchList.kratom(),
                List.of(Comparator.ALL, Comparator.excluding("opioid")), false, PeriodBasis.DATA_PERIOD,
                Duration.ofSeconds(1), Duration.ofSeconds(30), SignalCriteria.defaults(), ZeroCellCorrection.NONE, 4);
    }

    public EngineConfig withWatch(WatchList value) {
        return new EngineConfig(termGroups, value, interactionWatch, comparators, stratify, periodBasis, scoreInterval, refitInterval,
                criteria, rorCorrection, increasedReportingWindow);
    }

    public EngineConfig withInteractionWatch(WatchList value) {
        return new EngineConfig(termGroups, watch, value, comparators, stratify, periodBasis, scoreInterval, refitInterval,
                criteria, rorCorrection, increasedReportingWindow);
    }

    public EngineConfig withStratify(boolean value) {
        return new EngineConfig(termGroups, watch, interactionWatch, comparators, value, periodBasis, scoreInterval, refitInterval,
                criteria, rorCorrection, increasedReportingWindow);
    }

    public EngineConfig withComparators(List<Comparator> value) {
        return new EngineConfig(termGroups, watch, interactionWatch, value, stratify, periodBasis, scoreInterval, refitInterval,
                criteria, rorCorrection, increasedReportingWindow);
    }

    public EngineConfig withTermGroups(TermGroups value) {
        return new EngineConfig(value, watch, interactionWatch, comparators, stratify, periodBasis, scoreInterval, refitInterval,
                criteria, rorCorrection, increasedReportingWindow);
    }

    public EngineConfig withPeriodBasis(PeriodBasis value) {
        return new EngineConfig(termGroups, watch, interactionWatch, comparators, stratify, value, scoreInterval, refitInterval,
                criteria, rorCorrection, increasedReportingWindow);
    }

    public EngineConfig withIntervals(Duration score, Duration refit) {
        return new EngineConfig(termGroups, watch, interactionWatch, comparators, stratify, periodBasis, score, refit,
                criteria, rorCorrection, increasedReportingWindow);
    }

    public EngineConfig withCriteria(SignalCriteria value) {
        return new EngineConfig(termGroups, watch, interactionWatch, comparators, stratify, periodBasis, scoreInterval, refitInterval,
                value, rorCorrection, increasedReportingWindow);
    }

    public EngineConfig withRorCorrection(ZeroCellCorrection value) {
        return new EngineConfig(termGroups, watch, interactionWatch, comparators, stratify, periodBasis, scoreInterval, refitInterval,
                criteria, value, increasedReportingWindow);
    }
}
