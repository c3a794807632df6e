package org.kratomwatch.streams.count;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.stats.count.PairCount;
import org.kratomwatch.stats.count.ReportPairCounter;
import org.kratomwatch.streams.engine.EngineConfig;

/**
 * The reference the streaming counts are checked against: a recount, from scratch, of a set of
 * live reports (the latest version of each case), written independently of
 * {@link ReportContribution}: pair counts per cell come from the batch scorer's own counter
 * ({@link ReportPairCounter}), the other counts from plain loops over the reports.
 */
public final class BatchRecount {

    private BatchRecount() {
    }

    /** Fine count key to count, zero counts omitted. */
    public static Map<String, Long> of(Collection<AdverseEventReport> live, EngineConfig config) {
        Map<String, ReportPairCounter> pairsByCell = new HashMap<>();
        Map<String, Long> out = new HashMap<>();
        for (AdverseEventReport r : live) {
            Cell cell = cellOf(r, config);
            String c = cell.encode();
            List<String[]> exposures = new ArrayList<>();
            Set<String> exposureNames = new LinkedHashSet<>();
            Map<String, Set<String>> drugLine = new HashMap<>();
            for (Drug d : r.getDrugs()) {
                List<String> line = new ArrayList<>();
                if (d.getSubstance() != null) {
                    line.add(Keys.join(CountKeys.SUBSTANCE, d.getSubstance()));
                }
                for (String g : d.getSubstanceGroups()) {
                    line.add(Keys.join(CountKeys.GROUP, g));
                }
                for (String x : line) {
                    drugLine.computeIfAbsent(x, k -> new LinkedHashSet<>()).addAll(line);
                    if (exposureNames.add(x)) {
                        exposures.add(Keys.split(x).toArray(String[]::new));
                    }
                }
            }
            Set<String> events = new LinkedHashSet<>();
            for (String e : r.getReactions()) {
                events.add(Keys.join(CountKeys.TERM, e));
            }
            for (String g : config.termGroups().groupsOf(r.getReactions())) {
                events.add(Keys.join(CountKeys.GROUP, g));
            }
            out.merge(CountKeys.fine(CountKeys.TOTAL, cell), 1L, Long::sum);
            for (String[] x : exposures) {
                out.merge(CountKeys.fine(CountKeys.exposure(x[0], x[1]), cell), 1L, Long::sum);
            }
            for (String e : events) {
                List<String> ek = Keys.split(e);
                out.merge(CountKeys.fine(CountKeys.event(ek.get(0), ek.get(1)), cell), 1L, Long::sum);
                for (String x : exposureNames) {
                    pairsByCell.computeIfAbsent(c, k -> new ReportPairCounter()).add(r.getCaseKey(), x, e);
                }
            }
            for (String[] x : exposures) {
                boolean watched = x[0].equals(CountKeys.SUBSTANCE)
                        ? r.getDrugs().stream().anyMatch(d -> x[1].equals(d.getSubstance())
                                && config.interactionWatch().substance(x[1], d.getSubstanceGroups()))
                        : config.interactionWatch().group(x[1]);
                if (!watched) {
                    continue;
                }
                for (String[] y : exposures) {
                    String yn = Keys.join(y[0], y[1]);
                    if (drugLine.get(Keys.join(x[0], x[1])).contains(yn)) {
                        continue;
                    }
                    out.merge(CountKeys.fine(CountKeys.coExposure(x[0], x[1], y[0], y[1]), cell), 1L, Long::sum);
                    for (String e : events) {
                        List<String> ek = Keys.split(e);
                        out.merge(CountKeys.fine(CountKeys.triple(x[0], x[1], y[0], y[1], ek.get(0), ek.get(1)), cell),
                                1L, Long::sum);
                    }
                }
            }
        }
        for (Map.Entry<String, ReportPairCounter> byCell : pairsByCell.entrySet()) {
            for (PairCount p : byCell.getValue().counts()) {
                List<String> x = Keys.split(p.drug());
                List<String> e = Keys.split(p.event());
                out.put(CountKeys.pair(x.get(0), x.get(1), e.get(0), e.get(1)) + Keys.SEPARATOR + byCell.getKey(),
                        p.table().a());
            }
        }
        return out;
    }

    private static Cell cellOf(AdverseEventReport r, EngineConfig config) {
        int flags = 0;
        for (int i = 1; i < config.comparators().size(); i++) {
            String cls = config.comparators().get(i).excludedClass();
            for (Drug d : r.getDrugs()) {
                if (ReportContribution.SUSPECT_ROLES.contains(d.getRole()) && d.getSubstanceGroups().contains(cls)) {
                    flags |= 1 << (i - 1);
                }
            }
        }
        String stratum = !config.stratify() ? Cell.UNSTRATIFIED
                : r.getStratum() != null ? "=" + r.getStratum() : r.getAgeBand() + "/" + r.getSex();
        return new Cell(config.periodBasis().periodOf(r), stratum, flags);
    }
}
