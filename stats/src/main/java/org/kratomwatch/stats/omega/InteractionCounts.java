package org.kratomwatch.stats.omega;

/**
 * Report counts for a (drug D1, drug D2, event E) triple, over distinct reports.
 *
 * @param neither              n00: reports with neither D1 nor D2
 * @param eventNeither         n001: of those, reports with E
 * @param firstOnly            n10: reports with D1 and not D2
 * @param eventFirstOnly       n101: of those, reports with E
 * @param secondOnly           n01: reports with D2 and not D1
 * @param eventSecondOnly      n011: of those, reports with E
 * @param bothDrugs            n11: reports with both D1 and D2
 * @param bothDrugsWithEvent   n111: of those, reports with E
 */
public record InteractionCounts(long neither, long eventNeither, long firstOnly, long eventFirstOnly,
        long secondOnly, long eventSecondOnly, long bothDrugs, long bothDrugsWithEvent) {

    public InteractionCounts {
        check(neither, eventNeither, "neither");
        check(firstOnly, eventFirstOnly, "first only");
        check(secondOnly, eventSecondOnly, "second only");
        check(bothDrugs, bothDrugsWithEvent, "both drugs");
    }

    private static void check(long reports, long withEvent, String group) {
        if (reports < 0 || withEvent < 0 || withEvent > reports) {
            throw new IllegalArgumentException("invalid counts for reports with " + group + ": "
                    + withEvent + " with the event of " + reports);
        }
    }
}
