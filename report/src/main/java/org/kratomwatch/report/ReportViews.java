package org.kratomwatch.report;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameters;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.report.cases.CaseSeries;
import org.kratomwatch.report.chart.BarChart;
import org.kratomwatch.report.chart.ForestPlot;
import org.kratomwatch.report.chart.TrendPanel;
import org.kratomwatch.report.table.PairRow;
import org.kratomwatch.report.view.CaseSeriesView;
import org.kratomwatch.report.view.Fact;
import org.kratomwatch.report.view.Fmt;
import org.kratomwatch.report.view.HyperparameterView;
import org.kratomwatch.report.view.InteractionRowView;
import org.kratomwatch.report.view.PeriodCountView;
import org.kratomwatch.report.view.ReportView;
import org.kratomwatch.report.view.SignalRowView;
import org.kratomwatch.report.view.StateCountView;
import org.kratomwatch.report.view.TrendView;
import org.kratomwatch.stats.signal.IncreasedReporting;
import org.kratomwatch.stats.signal.SignalCriteria;
import org.kratomwatch.stats.signal.SignalRule;

/** Builds the formatted {@link ReportView} of a report's content. */
final class ReportViews {

    /** States reported in the summary, with what each means for a reader. */
    private static final Map<SignalState, String> STATES = new LinkedHashMap<>();

    static {
        STATES.put(SignalState.NEW, "a rule fires now and none fired in the previous period");
        STATES.put(SignalState.STRENGTHENED, "more rules fire, or every compared lower limit rose by at least 10%");
        STATES.put(SignalState.ONGOING, "rules fire now and in the previous period, no material change");
        STATES.put(SignalState.WEAKENED, "fewer rules fire, or every compared lower limit fell by at least 10%");
        STATES.put(SignalState.CLOSED, "no rule fires any more although one fired before");
    }

    private ReportViews() {
    }

    static ReportView of(ReportContent c) {
        String headline = c.model.headlineSubstance();
        return new ReportView("KratomWatch periodic signal report " + c.period, c.period, lockPoint(c.period), headline,
                c.model.provenance().source(), c.model.provenance().inputs(), c.model.provenance().software(),
                summary(c), c.comparators, states(c), rows(c), c.rows.size() - c.shown.size(), forest(c), trends(c),
                bars(c), periodCounts(c), interactions(c), Math.max(0, c.interactions.size() - interactions(c).size()),
                interactionNote(c), omegaForest(c), caseSeries(c), caseSeriesNote(c), hyperparameters(c), rules(),
                stratified(c), PeriodicReport.csvFiles(c.period));
    }

    /** The last day of a quarter {@code YYYYQn}. */
    static String lockPoint(String period) {
        int year = Integer.parseInt(period.substring(0, 4));
        int quarter = period.charAt(5) - '0';
        return YearMonth.of(year, quarter * 3).atEndOfMonth().toString();
    }

    private static List<Fact> summary(ReportContent c) {
        List<Fact> f = new ArrayList<>();
        ReportContent.PeriodCount now = c.current();
        long[] cumulative = c.cumulativeCounts();
        f.add(new Fact("Reports received in " + c.period, known(now.all())));
        f.add(new Fact("Reports up to " + c.period + " (cumulative)", known(cumulative[0])));
        f.add(new Fact(c.model.headlineSubstance() + " reports in " + c.period, known(now.headline())));
        f.add(new Fact(c.model.headlineSubstance() + " reports up to " + c.period, known(cumulative[1])));
        f.add(new Fact("Substance × event pairs scored", Fmt.count(c.rows.size())));
        long firing = c.rows.stream().filter(r -> !r.primary().getSignalsFired().isEmpty()).count();
        f.add(new Fact("Pairs with a rule firing (" + c.primaryComparator() + ")", Fmt.count(firing)));
        f.add(new Fact("Comparators", String.join(", ", c.comparators)));
        return f;
    }

    private static String known(long n) {
        return n < 0 ? "not available" : Fmt.count(n);
    }

    private static List<StateCountView> states(ReportContent c) {
        List<StateCountView> out = new ArrayList<>();
        for (Map.Entry<SignalState, String> e : STATES.entrySet()) {
            List<String> counts = new ArrayList<>();
            for (String comparator : c.comparators) {
                counts.add(Fmt.count(c.rows.stream().filter(r -> r.get(comparator) != null
                        && r.get(comparator).getState() == e.getKey()).count()));
            }
            List<String> pairs = c.rows.stream().filter(r -> r.primary().getState() == e.getKey())
                    .map(r -> r.key().toString()).toList();
            out.add(new StateCountView(e.getKey().name(), e.getValue(), counts,
                    e.getKey() == SignalState.ONGOING && pairs.size() > 8 ? pairs.size() + " pairs, see the table"
                            : String.join("; ", pairs)));
        }
        return out;
    }

    private static List<SignalRowView> rows(ReportContent c) {
        List<SignalRowView> out = new ArrayList<>();
        int rank = 0;
        for (PairRow r : c.shown) {
            DisproportionalitySignal s = r.primary();
            List<SignalRowView.ComparatorCell> others = new ArrayList<>();
            for (String comparator : c.otherComparators()) {
                DisproportionalitySignal o = r.get(comparator);
                others.add(o == null ? new SignalRowView.ComparatorCell(comparator, false, "", "", "", "", "", "", "")
                        : new SignalRowView.ComparatorCell(comparator, true, Fmt.count(o.getA()), Fmt.num(o.getRor()),
                                Fmt.interval(o.getRorLower95(), o.getRorUpper95()), Fmt.num(o.getIc025()),
                                Fmt.num(o.getEb05()), String.join(" ", PairRow.fired(o)), state(o.getState())));
            }
            String first = PairRow.firstSignalled(s);
            out.add(new SignalRowView(++rank, s.getSubstance(), s.getEvent(), r.key().group(), s.getComparator(),
                    Fmt.count(s.getA()), Fmt.num(s.getExpected()), Fmt.num(s.getPrr()), Fmt.num(s.getRor()),
                    Fmt.interval(s.getRorLower95(), s.getRorUpper95()), Fmt.num(s.getIc()), Fmt.num(s.getIc025()),
                    Fmt.num(s.getEbgm()), Fmt.interval(s.getEb05(), s.getEb95()), String.join(" ", PairRow.fired(s)),
                    first == null ? "" : first, state(s.getState()), !s.getSignalsFired().isEmpty(), others));
        }
        return out;
    }

    private static String state(SignalState s) {
        return s == SignalState.NONE ? "" : s.name();
    }

    private static ForestPlot forest(ReportContent c) {
        List<ForestPlot.Line> lines = new ArrayList<>();
        for (PairRow r : c.shown) {
            if (lines.size() == ReportContent.FOREST) {
                break;
            }
            List<ForestPlot.Estimate> estimates = new ArrayList<>();
            for (String comparator : c.comparators) {
                DisproportionalitySignal s = r.get(comparator);
                if (s != null) {
                    estimates.add(new ForestPlot.Estimate(comparator, s.getRor(), s.getRorLower95(), s.getRorUpper95()));
                }
            }
            lines.add(new ForestPlot.Line(r.key().toString(), estimates));
        }
        if (lines.isEmpty()) {
            return null;
        }
        return ForestPlot.ratio("ROR with 95% confidence interval, strongest signals (log scale)",
                "reporting odds ratio (log scale); 1 = no disproportionality", c.comparators, lines);
    }

    private static List<TrendView> trends(ReportContent c) {
        List<TrendView> out = new ArrayList<>();
        SignalRule.EbLowerLimit eb = new SignalRule.EbLowerLimit();
        SignalRule.IcLowerLimit ic = new SignalRule.IcLowerLimit();
        for (PairRow r : c.trendRows()) {
            double[] ic025 = new double[c.periods.size()];
            double[] eb05 = new double[c.periods.size()];
            for (int i = 0; i < c.periods.size(); i++) {
                DisproportionalitySignal s = c.cumulative(r.key(), c.periods.get(i));
                ic025[i] = s == null ? Double.NaN : s.getIc025();
                eb05[i] = s == null ? Double.NaN : s.getEb05();
            }
            out.add(new TrendView(r.key().toString(), List.of(
                    TrendPanel.of("IC025", ic.lowerAbove(), "IC025 > " + Fmt.num(ic.lowerAbove()), c.periods, ic025),
                    TrendPanel.of("EB05", eb.minEb05(), "EB05 ≥ " + Fmt.num(eb.minEb05()), c.periods, eb05))));
        }
        return out;
    }

    private static BarChart bars(ReportContent c) {
        long[] values = new long[c.periodCounts.size()];
        boolean any = false;
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(0, c.periodCounts.get(i).headline());
            any |= c.periodCounts.get(i).headline() >= 0;
        }
        if (!any) {
            return null;
        }
        return BarChart.of(c.model.headlineSubstance() + " reports per data period", c.periods, values, c.period);
    }

    private static List<PeriodCountView> periodCounts(ReportContent c) {
        return c.periodCounts.stream().map(p -> new PeriodCountView(p.period(), known(p.all()), known(p.headline()),
                p.period().equals(c.period))).toList();
    }

    private static List<InteractionRowView> interactions(ReportContent c) {
        List<InteractionRowView> out = new ArrayList<>();
        for (InteractionSignal s : c.interactions) {
            if (s.getSignal() || out.size() < ReportContent.INTERACTIONS) {
                out.add(new InteractionRowView(s.getWatchSubstance(), s.getCoDrug(), s.getEvent(),
                        s.getEventKind() == EventKind.TERM_GROUP, Fmt.count(s.getN111()), Fmt.count(s.getN11()),
                        Fmt.num(s.getExpected()), Fmt.num(s.getOmega()), Fmt.interval(s.getOmega025(), s.getOmega975()),
                        s.getSignal()));
            }
        }
        return out;
    }

    private static String interactionNote(ReportContent c) {
        if (!c.interactions.isEmpty()) {
            return null;
        }
        if (c.interactionPeriods.isEmpty()) {
            return "No Ω interaction results were available.";
        }
        return "The engine keeps only its current Ω results, which are for "
                + String.join(", ", c.interactionPeriods) + "; none are for " + c.period + ".";
    }

    private static ForestPlot omegaForest(ReportContent c) {
        List<ForestPlot.Line> lines = new ArrayList<>();
        for (InteractionSignal s : c.interactions) {
            if (lines.size() == ReportContent.FOREST) {
                break;
            }
            if (Double.isFinite(s.getOmega()) && Double.isFinite(s.getOmega025())) {
                lines.add(new ForestPlot.Line(s.getWatchSubstance() + " + " + s.getCoDrug() + " × " + s.getEvent(),
                        List.of(new ForestPlot.Estimate("Ω", s.getOmega(), s.getOmega025(), s.getOmega975()))));
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        return ForestPlot.log2("Ω with 95% credibility interval, highest Ω025",
                "Ω (log2 scale); 0 = no excess over additive risk", List.of("Ω"), lines);
    }

    private static List<CaseSeriesView> caseSeries(ReportContent c) {
        List<CaseSeries> all = c.caseSeries();
        List<CaseSeriesView> out = new ArrayList<>();
        if (all == null) {
            return out;
        }
        Map<org.kratomwatch.report.table.PairKey, PairRow> rows = new TreeMap<>();
        c.rows.forEach(r -> rows.put(r.key(), r));
        for (CaseSeries s : all) {
            if (out.size() == ReportContent.CASE_SERIES) {
                break;
            }
            PairRow row = rows.get(s.pair());
            long a = row == null ? -1 : row.primary().getA();
            List<CaseSeriesView.Dimension> dims = new ArrayList<>();
            dims.add(dimension("Age band", s.ageBands(), s.cases()));
            dims.add(dimension("Sex", s.sex(), s.cases()));
            dims.add(dimension("Serious outcome (a case can have several)", s.outcomes(), s.cases()));
            dims.add(dimension("Co-reported substance", s.coSubstances(), s.cases()));
            dims.add(dimension("Data period", s.byPeriod(), s.cases()));
            String note = s.moreCoSubstances() > 0 ? s.moreCoSubstances() + " further co-reported substances not listed"
                    : null;
            out.add(new CaseSeriesView(s.pair().toString(), Fmt.count(s.cases()), a < 0 ? "–" : Fmt.count(a),
                    a == s.cases(), dims, note));
        }
        return out;
    }

    private static CaseSeriesView.Dimension dimension(String name, Map<String, Long> counts, long total) {
        List<CaseSeriesView.Count> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new CaseSeriesView.Count(k, Fmt.count(v), Fmt.percent(v, total))));
        if (out.isEmpty()) {
            out.add(new CaseSeriesView.Count("none", "0", ""));
        }
        return new CaseSeriesView.Dimension(name, out);
    }

    private static String caseSeriesNote(ReportContent c) {
        if (c.model.caseSeries() == null) {
            return "Not available: the anonymized reports (ae.reports.v1) were not read for this report.";
        }
        int total = c.model.caseSeries().size();
        return "Counted from the anonymized reports (ae.reports.v1), latest version of each case, data periods up to "
                + c.period + "; " + Math.min(total, ReportContent.CASE_SERIES) + " of " + total
                + " series shown here, all in the CSV. Aggregates only: no case key, no date finer than a quarter.";
    }

    private static List<HyperparameterView> hyperparameters(ReportContent c) {
        Map<String, MgpsHyperparameters> byComparator = new TreeMap<>();
        for (PairRow r : c.rows) {
            for (DisproportionalitySignal s : r.records().values()) {
                if (s.getHyperparameters() != null) {
                    byComparator.putIfAbsent(s.getComparator(), s.getHyperparameters());
                }
            }
        }
        List<HyperparameterView> out = new ArrayList<>();
        for (String comparator : c.comparators) {
            MgpsHyperparameters h = byComparator.get(comparator);
            if (h != null) {
                out.add(new HyperparameterView(comparator, six(h.getAlpha1()), six(h.getBeta1()), six(h.getAlpha2()),
                        six(h.getBeta2()), six(h.getP())));
            }
        }
        return out;
    }

    private static String six(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    private static List<Fact> rules() {
        List<Fact> out = new ArrayList<>();
        for (SignalRule r : SignalCriteria.defaults().rules()) {
            out.add(new Fact(r.name(), r.describe()));
        }
        IncreasedReporting ir = new IncreasedReporting();
        out.add(new Fact(IncreasedReporting.NAME, "at least " + ir.minRecentReports() + " reports in the last "
                + ir.window() + " periods and a reporting proportion there at least " + Fmt.num(ir.minRatio())
                + " times the earlier one (or at least " + Fmt.num(ir.minYearOverYearRatio())
                + " times in each of the last two years); FDA's increased-frequency screen"));
        return out;
    }

    private static String stratified(ReportContent c) {
        boolean any = c.rows.stream().anyMatch(r -> r.primary().getStratified());
        boolean all = c.rows.stream().allMatch(r -> r.primary().getStratified());
        if (c.rows.isEmpty() || !any) {
            return "crude: E11 = (a+b)(a+c)/N";
        }
        return all ? "stratified by age band × sex × year: E11 = Σ_s n_D,s · n_E,s / N_s (PRR and ROR stay crude)"
                : "mixed: some records stratified, some crude";
    }
}
