package org.kratomwatch.stats.score;

import java.util.ArrayList;
import java.util.List;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;

/**
 * The columns of KratomWatch's signal tables, shared by {@code kratomwatch score}, the pipeline's
 * export and the periodic report, so that all of them can be compared cell by cell.
 *
 * <p>Columns, in this order: {@value #HEADER_TEXT}. Numbers are unrounded ({@link Numbers});
 * where an estimate is infinite because of a zero cell both limits of its interval are {@code NA};
 * {@code signals} lists the rules that fired, separated by {@code |}.
 */
public final class ScoreCsv {

    static final String HEADER_TEXT = "drug,event,a,b,c,d,expected,prr,prr_lo95,prr_hi95,chi2,chi2_yates,"
            + "ror,ror_lo95,ror_hi95,ic,ic025,ic975,ebgm,eb05,eb95,signals";

    /** The column names. */
    public static final List<String> HEADER = List.of(HEADER_TEXT.split(","));

    private ScoreCsv() {
    }

    /** The cells of one row, in {@link #HEADER} order. */
    public static List<String> row(String drug, String event, PairScore score) {
        Measures m = score.measures();
        ContingencyTable t = m.table();
        List<String> cells = new ArrayList<>(HEADER.size());
        cells.add(drug);
        cells.add(event);
        cells.add(Long.toString(t.a()));
        cells.add(Long.toString(t.b()));
        cells.add(Long.toString(t.c()));
        cells.add(Long.toString(t.d()));
        cells.add(Numbers.format(m.expected()));
        addEstimate(cells, m.prr());
        cells.add(Numbers.format(m.chiSquare()));
        cells.add(Numbers.format(m.chiSquareYates()));
        addEstimate(cells, m.ror());
        addEstimate(cells, m.ic());
        addEstimate(cells, m.ebgm());
        cells.add(score.verdict().joined());
        return cells;
    }

    private static void addEstimate(List<String> cells, Estimate e) {
        cells.add(Numbers.format(e.value()));
        cells.add(Numbers.format(e.lower()));
        cells.add(Numbers.format(e.upper()));
    }
}
