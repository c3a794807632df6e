package org.kratomwatch.app.pipeline;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.score.Measures;
import org.kratomwatch.stats.score.PairScore;
import org.kratomwatch.stats.score.ScoreCsv;
import org.kratomwatch.stats.signal.Verdict;

/**
 * Signal records as the table {@code score} writes ({@link ScoreCsv}: same columns, same number
 * format), followed by {@code comparator}, {@code period}, {@code scope} and {@code event_kind}
 * (PREFERRED_TERM or TERM_GROUP), sorted by drug, event, comparator and scope.
 */
public final class SignalTable {

    /** The columns after the score columns. */
    public static final List<String> EXTRA = List.of("comparator", "period", "scope", "event_kind");

    private SignalTable() {
    }

    public static List<String> header() {
        List<String> h = new ArrayList<>(ScoreCsv.HEADER);
        h.addAll(EXTRA);
        return h;
    }

    /** The record as the score row plus the extra cells. */
    public static List<String> row(DisproportionalitySignal s) {
        ContingencyTable t = new ContingencyTable(s.getA(), s.getB(), s.getC(), s.getD());
        Measures m = new Measures(t, s.getExpected(), estimate(s.getPrr(), s.getPrrLower95(), s.getPrrUpper95()),
                s.getChiSquare(), s.getChiSquareYates(), estimate(s.getRor(), s.getRorLower95(), s.getRorUpper95()),
                estimate(s.getIc(), s.getIc025(), s.getIc975()), estimate(s.getEbgm(), s.getEb05(), s.getEb95()));
        List<String> cells = new ArrayList<>(ScoreCsv.row(s.getSubstance(), s.getEvent(),
                new PairScore(m, new Verdict(s.getSignalsFired()))));
        cells.add(s.getComparator());
        cells.add(s.getPeriod());
        cells.add(s.getScope().name());
        cells.add(s.getEventKind() == EventKind.TERM_GROUP ? "TERM_GROUP" : "PREFERRED_TERM");
        return cells;
    }

    private static Estimate estimate(double value, double lower, double upper) {
        return new Estimate(value, lower, upper);
    }

    /** Writes the records, sorted. */
    public static void write(Writer out, List<DisproportionalitySignal> signals) throws IOException {
        List<DisproportionalitySignal> sorted = new ArrayList<>(signals);
        sorted.sort(Comparator.comparing(DisproportionalitySignal::getSubstance)
                .thenComparing(DisproportionalitySignal::getEvent)
                .thenComparing(DisproportionalitySignal::getEventKind)
                .thenComparing(DisproportionalitySignal::getComparator)
                .thenComparing(DisproportionalitySignal::getScope));
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
            p.printRecord(header());
            for (DisproportionalitySignal s : sorted) {
                p.printRecord(row(s));
            }
        }
    }
}
