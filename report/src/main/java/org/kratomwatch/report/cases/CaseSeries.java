package org.kratomwatch.report.cases;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.kratomwatch.report.table.PairKey;

/**
 * The anonymized case-series overview of one signal: how many cases it rests on and how they
 * divide by age band, sex, serious outcome, co-reported substance and data period. Aggregates
 * only: no case key, no date finer than a quarter, no free text.
 *
 * @param pair             the signal's substance and event
 * @param cases            cases with the substance and the event up to the report period (the
 *                         {@code a} of the cumulative whole-database record)
 * @param ageBands         age band label → cases, in band order ({@code 0-1} … {@code 90+}, {@code unknown})
 * @param sex              {@code female}, {@code male}, {@code unknown} → cases
 * @param outcomes         serious outcome → cases (a case can have several), {@code none reported} last
 * @param coSubstances     the most often co-reported other substances → cases, most frequent first
 * @param moreCoSubstances how many further co-reported substances were left out of {@code coSubstances}
 * @param byPeriod         data period → cases, oldest first
 */
public record CaseSeries(PairKey pair, long cases, Map<String, Long> ageBands, Map<String, Long> sex,
        Map<String, Long> outcomes, Map<String, Long> coSubstances, int moreCoSubstances, Map<String, Long> byPeriod) {

    public CaseSeries {
        Objects.requireNonNull(pair, "pair");
        ageBands = ordered(ageBands);
        sex = ordered(sex);
        outcomes = ordered(outcomes);
        coSubstances = ordered(coSubstances);
        byPeriod = ordered(byPeriod);
    }

    private static Map<String, Long> ordered(Map<String, Long> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
