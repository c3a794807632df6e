package org.kratomwatch.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.report.cases.CaseSeries;
import org.kratomwatch.report.table.PairKey;
import org.kratomwatch.report.table.PairRow;
import org.kratomwatch.report.view.Fact;
import org.kratomwatch.report.view.HyperparameterView;
import org.kratomwatch.report.view.ReportView;
import org.kratomwatch.report.view.StateCountView;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.score.Measures;
import org.kratomwatch.stats.score.Numbers;
import org.kratomwatch.stats.score.PairScore;
import org.kratomwatch.stats.score.ScoreCsv;
import org.kratomwatch.stats.signal.Verdict;

/**
 * Every table of the report as CSV (RFC 4180, LF line ends, UTF-8): numbers unrounded in the
 * shortest form that reads back as the same double, {@code NA} undefined, {@code Inf} unbounded,
 * as {@code kratomwatch score} writes them ({@link ScoreCsv}), so that a report's table can be
 * compared cell by cell with a batch run.
 */
final class CsvTables {

    static final String SUMMARY = "summary.csv";
    static final String SIGNALS = "signals.csv";
    static final String TRENDS = "trends.csv";
    static final String REPORTS_PER_PERIOD = "reports-per-period.csv";
    static final String INTERACTIONS = "interactions.csv";
    static final String CASE_SERIES = "case-series.csv";

    /** The table files, in the order the report names them. */
    static final List<String> FILES = List.of(SUMMARY, SIGNALS, TRENDS, REPORTS_PER_PERIOD, INTERACTIONS, CASE_SERIES);

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private CsvTables() {
    }

    /** Writes every table; returns the files written. */
    static List<Path> write(ReportContent c, ReportView view, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(write(dir, c.period, SUMMARY, p -> summary(p, view)));
        written.add(write(dir, c.period, SIGNALS, p -> signals(p, c)));
        written.add(write(dir, c.period, TRENDS, p -> trends(p, c)));
        written.add(write(dir, c.period, REPORTS_PER_PERIOD, p -> reportsPerPeriod(p, c)));
        written.add(write(dir, c.period, INTERACTIONS, p -> interactions(p, c)));
        written.add(write(dir, c.period, CASE_SERIES, p -> caseSeries(p, c)));
        return written;
    }

    private interface Table {
        void print(CSVPrinter p) throws IOException;
    }

    private static Path write(Path dir, String period, String name, Table table) throws IOException {
        Path file = dir.resolve(PeriodicReport.baseName(period) + "-" + name);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w, FORMAT)) {
            table.print(p);
        }
        return file;
    }

    private static void summary(CSVPrinter p, ReportView v) throws IOException {
        p.printRecord("section", "item", "comparator", "value");
        p.printRecord("report", "period", "", v.period());
        p.printRecord("report", "data lock point", "", v.lockPoint());
        p.printRecord("report", "built from", "", v.source());
        for (String input : v.inputs()) {
            p.printRecord("report", "input", "", input);
        }
        p.printRecord("report", "software", "", v.software());
        for (Fact f : v.summary()) {
            p.printRecord("summary", f.label(), "", f.value().replace(",", ""));
        }
        for (StateCountView s : v.states()) {
            for (int i = 0; i < v.comparators().size(); i++) {
                p.printRecord("signal states", s.state(), v.comparators().get(i), s.counts().get(i).replace(",", ""));
            }
        }
        for (HyperparameterView h : v.hyperparameters()) {
            p.printRecord("mgps prior", "alpha1", h.comparator(), h.alpha1());
            p.printRecord("mgps prior", "beta1", h.comparator(), h.beta1());
            p.printRecord("mgps prior", "alpha2", h.comparator(), h.alpha2());
            p.printRecord("mgps prior", "beta2", h.comparator(), h.beta2());
            p.printRecord("mgps prior", "p", h.comparator(), h.p());
        }
        for (Fact f : v.rules()) {
            p.printRecord("rules", f.label(), "", f.value());
        }
        p.printRecord("methods", "expected counts", "", v.stratified());
    }

    /** Columns of the signal table after {@link ScoreCsv#HEADER}. */
    static final List<String> SIGNAL_EXTRA = List.of("comparator", "period", "scope", "event_kind", "rank", "shown",
            "state", "first_signalled", "first_fired");

    private static void signals(CSVPrinter p, ReportContent c) throws IOException {
        List<String> header = new ArrayList<>(ScoreCsv.HEADER);
        header.set(0, "substance");
        header.addAll(SIGNAL_EXTRA);
        p.printRecord(header);
        int rank = 0;
        for (PairRow r : c.rows) {
            rank++;
            boolean shown = c.shown.contains(r);
            for (String comparator : c.comparators) {
                DisproportionalitySignal s = r.get(comparator);
                if (s == null) {
                    continue;
                }
                List<String> cells = new ArrayList<>(scoreRow(s));
                cells.add(s.getComparator());
                cells.add(s.getPeriod());
                cells.add(s.getScope().name());
                cells.add(kind(s.getEventKind()));
                cells.add(Integer.toString(rank));
                cells.add(Boolean.toString(shown));
                cells.add(s.getState().name());
                String first = PairRow.firstSignalled(s);
                cells.add(first == null ? "" : first);
                cells.add(s.getFirstFired().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining("|")));
                p.printRecord(cells);
            }
        }
    }

    /** A record as the row {@code score} writes for the same table. */
    static List<String> scoreRow(DisproportionalitySignal s) {
        Measures m = new Measures(new ContingencyTable(s.getA(), s.getB(), s.getC(), s.getD()), s.getExpected(),
                new Estimate(s.getPrr(), s.getPrrLower95(), s.getPrrUpper95()), s.getChiSquare(), s.getChiSquareYates(),
                new Estimate(s.getRor(), s.getRorLower95(), s.getRorUpper95()),
                new Estimate(s.getIc(), s.getIc025(), s.getIc975()),
                new Estimate(s.getEbgm(), s.getEb05(), s.getEb95()));
        return ScoreCsv.row(s.getSubstance(), s.getEvent(), new PairScore(m, new Verdict(s.getSignalsFired())));
    }

    private static void trends(CSVPrinter p, ReportContent c) throws IOException {
        p.printRecord("substance", "event", "event_kind", "comparator", "scope", "period", "a", "ic", "ic025", "ic975",
                "ebgm", "eb05", "eb95", "signals");
        for (Map.Entry<PairKey, Map<String, DisproportionalitySignal>> e : c.cumulativeHistory.entrySet()) {
            for (DisproportionalitySignal s : e.getValue().values()) {
                p.printRecord(s.getSubstance(), s.getEvent(), kind(s.getEventKind()), s.getComparator(),
                        s.getScope().name(), s.getPeriod(), s.getA(), Numbers.format(s.getIc()),
                        Numbers.format(s.getIc025()), Numbers.format(s.getIc975()), Numbers.format(s.getEbgm()),
                        Numbers.format(s.getEb05()), Numbers.format(s.getEb95()), String.join("|", s.getSignalsFired()));
            }
        }
    }

    private static void reportsPerPeriod(CSVPrinter p, ReportContent c) throws IOException {
        p.printRecord("period", "reports", "substance", "substance_reports");
        for (ReportContent.PeriodCount pc : c.periodCounts) {
            p.printRecord(pc.period(), pc.all() < 0 ? "NA" : Long.toString(pc.all()), c.model.headlineSubstance(),
                    pc.headline() < 0 ? "NA" : Long.toString(pc.headline()));
        }
    }

    private static void interactions(CSVPrinter p, ReportContent c) throws IOException {
        p.printRecord("watch_substance", "co_drug", "event", "event_kind", "period", "n111", "n11", "n101", "n10",
                "n011", "n01", "n001", "n00", "g11", "expected", "omega", "omega025", "omega975", "signal");
        for (InteractionSignal s : c.interactions) {
            p.printRecord(s.getWatchSubstance(), s.getCoDrug(), s.getEvent(), kind(s.getEventKind()), s.getPeriod(),
                    s.getN111(), s.getN11(), s.getN101(), s.getN10(), s.getN011(), s.getN01(), s.getN001(), s.getN00(),
                    Numbers.format(s.getG11()), Numbers.format(s.getExpected()), Numbers.format(s.getOmega()),
                    Numbers.format(s.getOmega025()), Numbers.format(s.getOmega975()), s.getSignal());
        }
    }

    private static void caseSeries(CSVPrinter p, ReportContent c) throws IOException {
        p.printRecord("substance", "event", "event_kind", "dimension", "value", "cases");
        List<CaseSeries> all = c.caseSeries();
        if (all == null) {
            return;
        }
        for (CaseSeries s : all) {
            String substance = s.pair().substance();
            String event = s.pair().event();
            String kind = kind(s.pair().eventKind());
            p.printRecord(substance, event, kind, "total", "", s.cases());
            for (Map.Entry<String, Long> e : s.ageBands().entrySet()) {
                p.printRecord(substance, event, kind, "age band", e.getKey(), e.getValue());
            }
            for (Map.Entry<String, Long> e : s.sex().entrySet()) {
                p.printRecord(substance, event, kind, "sex", e.getKey(), e.getValue());
            }
            for (Map.Entry<String, Long> e : s.outcomes().entrySet()) {
                p.printRecord(substance, event, kind, "outcome", e.getKey(), e.getValue());
            }
            for (Map.Entry<String, Long> e : s.coSubstances().entrySet()) {
                p.printRecord(substance, event, kind, "co-reported substance", e.getKey(), e.getValue());
            }
            if (s.moreCoSubstances() > 0) {
                p.printRecord(substance, event, kind, "further co-reported substances", "", s.moreCoSubstances());
            }
            for (Map.Entry<String, Long> e : s.byPeriod().entrySet()) {
                p.printRecord(substance, event, kind, "data period", e.getKey(), e.getValue());
            }
        }
    }

    private static String kind(EventKind k) {
        return k == EventKind.TERM_GROUP ? "TERM_GROUP" : "PREFERRED_TERM";
    }
}
