package org.kratomwatch.streams.count;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.stats.count.PairCount;
import org.kratomwatch.stats.count.ReportPairCounter;

/**
 * The reference the streaming counts are checked against: a recount, from scratch, of a set of
 * live reports (the latest version of each case), with the pair counts taken from the batch
 * scorer's own counter ({@link ReportPairCounter}) rather than from {@link CountKeys}, so that the
 * incremental path and the batch path are independent implementations of the same definition.
 */
public final class BatchRecount {

    private BatchRecount() {
    }

    /** Count key to count, zero counts omitted. */
    public static Map<String, Long> of(Collection<AdverseEventReport> live, TermGroups groups) {
        ReportPairCounter pairs = new ReportPairCounter();
        ReportPairCounter groupPairs = new ReportPairCounter();
        Map<String, Long> out = new HashMap<>();
        for (AdverseEventReport r : live) {
            List<String> subs = r.getDrugs().stream().map(Drug::getSubstance).filter(Objects::nonNull).distinct().toList();
            Set<String> reportGroups = new TreeSet<>();
            for (String e : r.getReactions()) {
                reportGroups.addAll(groups.groupsOf(e));
                for (String s : subs) {
                    pairs.add(r.getCaseKey(), s, e);
                }
            }
            for (String g : reportGroups) {
                for (String s : subs) {
                    groupPairs.add(r.getCaseKey(), s, g);
                }
                out.merge(CountKeys.group(g), 1L, Long::sum);
            }
            for (String s : subs) {
                out.merge(CountKeys.substance(s), 1L, Long::sum);
            }
            r.getReactions().stream().distinct().forEach(e -> out.merge(CountKeys.event(e), 1L, Long::sum));
            out.merge(CountKeys.TOTAL, 1L, Long::sum);
        }
        for (PairCount p : pairs.counts()) {
            out.put(CountKeys.pair(p.drug(), p.event()), p.table().a());
        }
        for (PairCount p : groupPairs.counts()) {
            out.put(CountKeys.groupPair(p.drug(), p.event()), p.table().a());
        }
        return out;
    }
}
