package org.kratomwatch.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.report.model.ReportModel;
import org.kratomwatch.report.table.PairKey;
import org.kratomwatch.report.table.PairRow;
import org.kratomwatch.report.table.SignalRows;

/**
 * What the HTML and CSV outputs share, derived once from a {@link ReportModel}: the rows in
 * strength order, the periods up to the report period, reports per period, the per-period
 * history of each pair, and the interactions of the period. Derivation is grouping, filtering and
 * sorting only; every number is a record's.
 */
final class ReportContent {

    /** Signals whose trends are drawn. */
    static final int TRENDS = 6;
    /** Signals in the forest plot. */
    static final int FOREST = 15;
    /** Signals whose case series appear in the HTML (all tracked ones are in the CSV). */
    static final int CASE_SERIES = 10;
    /** Interactions listed in the HTML besides those that signal (all are in the CSV). */
    static final int INTERACTIONS = 25;

    /** Reports of one period: all, and those of the headline substance (-1 when unknown). */
    record PeriodCount(String period, long all, long headline) {
    }

    final ReportModel model;
    final String period;
    final List<String> comparators;
    final List<PairRow> rows;
    final List<PairRow> shown;
    final List<String> periods;
    final Map<PairKey, Map<String, DisproportionalitySignal>> cumulativeHistory;
    final List<PeriodCount> periodCounts;
    final List<InteractionSignal> interactions;
    final List<String> interactionPeriods;

    ReportContent(ReportModel model) {
        this.model = model;
        this.period = model.period();
        List<DisproportionalitySignal> atPeriod = SignalRows.unique(model.signals()).stream()
                .filter(s -> s.getPeriod().equals(period)).toList();
        List<DisproportionalitySignal> history = SignalRows.unique(model.history()).stream()
                .filter(s -> s.getPeriod().compareTo(period) <= 0).toList();
        this.comparators = SignalRows.comparators(atPeriod);
        this.rows = SignalRows.rows(atPeriod, period);
        this.shown = SignalRows.shown(rows);

        TreeSet<String> ps = new TreeSet<>();
        history.forEach(s -> ps.add(s.getPeriod()));
        ps.add(period);
        this.periods = List.copyOf(ps);

        // cumulative history of the primary comparator per pair, period -> record
        Map<PairKey, Map<String, DisproportionalitySignal>> cumulative = new TreeMap<>();
        List<DisproportionalitySignal> all = new ArrayList<>(history);
        all.addAll(atPeriod); // the period's own record wins over a history record of the same period
        for (DisproportionalitySignal s : all) {
            if (s.getScope() == Scope.CUMULATIVE && s.getComparator().equals(primaryComparator())) {
                cumulative.computeIfAbsent(PairKey.of(s), k -> new TreeMap<>()).put(s.getPeriod(), s);
            }
        }
        this.cumulativeHistory = cumulative;

        // reports per period: n and a+b of PERIOD-scope records of the headline substance
        Map<String, long[]> counts = new TreeMap<>();
        for (DisproportionalitySignal s : all) {
            if (s.getScope() == Scope.PERIOD && s.getComparator().equals(primaryComparator())) {
                long[] c = counts.computeIfAbsent(s.getPeriod(), k -> new long[] {-1, -1});
                c[0] = Math.max(c[0], s.getN());
                if (s.getSubstance().equals(model.headlineSubstance())) {
                    c[1] = Math.max(c[1], s.getA() + s.getB());
                }
            }
        }
        List<PeriodCount> pc = new ArrayList<>();
        for (String p : periods) {
            long[] c = counts.getOrDefault(p, new long[] {-1, -1});
            pc.add(new PeriodCount(p, c[0], c[1]));
        }
        this.periodCounts = pc;

        Map<String, InteractionSignal> byKey = new TreeMap<>();
        TreeSet<String> ips = new TreeSet<>();
        for (InteractionSignal s : model.interactions()) {
            ips.add(s.getPeriod());
            if (s.getPeriod().equals(period)) {
                String key = s.getWatchSubstance() + "\u0000" + s.getCoDrug() + "\u0000" + s.getEventKind() + "\u0000"
                        + s.getEvent();
                byKey.merge(key, s, (a, b) -> a.getUpdatedAt().compareTo(b.getUpdatedAt()) >= 0 ? a : b);
            }
        }
        List<InteractionSignal> is = new ArrayList<>(byKey.values());
        is.sort(Comparator.comparing(InteractionSignal::getOmega025, ReportContent::descendingNaNLast)
                .thenComparing(InteractionSignal::getWatchSubstance).thenComparing(InteractionSignal::getCoDrug)
                .thenComparing(InteractionSignal::getEventKind).thenComparing(InteractionSignal::getEvent));
        this.interactions = is;
        this.interactionPeriods = List.copyOf(ips);
    }

    /** {@code all} when present, else the first comparator. */
    String primaryComparator() {
        return comparators.isEmpty() ? SignalRows.ALL : comparators.get(0);
    }

    /** The comparators shown beside the primary one. */
    List<String> otherComparators() {
        return comparators.size() <= 1 ? List.of() : comparators.subList(1, comparators.size());
    }

    /** The record of a pair in a period (primary comparator, cumulative), or null. */
    DisproportionalitySignal cumulative(PairKey pair, String p) {
        Map<String, DisproportionalitySignal> h = cumulativeHistory.get(pair);
        return h == null ? null : h.get(p);
    }

    /** The period's counts: the record of the report period. */
    PeriodCount current() {
        return periodCounts.stream().filter(c -> c.period().equals(period)).findFirst()
                .orElse(new PeriodCount(period, -1, -1));
    }

    /** Cumulative counts up to the report period: n and a+b of the headline substance's cumulative record. */
    long[] cumulativeCounts() {
        long n = -1;
        long h = -1;
        for (PairRow r : rows) {
            DisproportionalitySignal s = r.primary();
            n = Math.max(n, s.getN());
            if (s.getSubstance().equals(model.headlineSubstance())) {
                h = Math.max(h, s.getA() + s.getB());
            }
        }
        return new long[] {n, h};
    }

    /** Rows whose trends are drawn: the strongest shown ones with a history. */
    List<PairRow> trendRows() {
        List<PairRow> out = new ArrayList<>();
        for (PairRow r : shown) {
            if (out.size() < TRENDS && r.primary().getSignalsFired().size() > 0 && cumulativeHistory.containsKey(r.key())) {
                out.add(r);
            }
        }
        return out;
    }

    /** The period's case series, in row (strength) order; null when the reports were not read. */
    List<org.kratomwatch.report.cases.CaseSeries> caseSeries() {
        if (model.caseSeries() == null) {
            return null;
        }
        Map<PairKey, org.kratomwatch.report.cases.CaseSeries> byPair = new LinkedHashMap<>();
        model.caseSeries().forEach(c -> byPair.put(c.pair(), c));
        List<org.kratomwatch.report.cases.CaseSeries> out = new ArrayList<>();
        for (PairRow r : rows) {
            if (byPair.containsKey(r.key())) {
                out.add(byPair.remove(r.key()));
            }
        }
        out.addAll(new TreeMap<>(byPair).values());
        return out;
    }

    static int descendingNaNLast(double x, double y) {
        boolean nx = Double.isNaN(x);
        boolean ny = Double.isNaN(y);
        if (nx || ny) {
            return nx == ny ? 0 : nx ? 1 : -1;
        }
        return Double.compare(y, x);
    }
}
