package org.kratomwatch.report.view;

import java.util.List;
import org.kratomwatch.report.chart.BarChart;
import org.kratomwatch.report.chart.ForestPlot;

/**
 * Everything {@code report.jte} shows, already formatted: the template only lays it out (and
 * escapes it). Built by {@code PeriodicReport} from a report model.
 *
 * @param title            the document title
 * @param period           the report period
 * @param lockPoint        the data lock point, the period's last day
 * @param headline         the headline substance
 * @param source           what the records were read from
 * @param inputs           the inputs and their positions or counts
 * @param software         the software version
 * @param summary          key figures
 * @param comparators      comparator names, primary first
 * @param states           signals per life-cycle state and comparator
 * @param rows             the signal table (shown rows)
 * @param hiddenRows       further scored pairs, only in the CSV
 * @param forest           the ROR forest plot of the strongest signals, or null
 * @param trends           per-signal time trends
 * @param bars             reports per period, or null
 * @param periodCounts     reports per period as a table
 * @param interactions     the Ω table
 * @param hiddenInteractions further Ω results, only in the CSV
 * @param interactionNote  why the Ω table is empty or from another period, or null
 * @param omegaForest      the Ω forest plot, or null
 * @param caseSeries       case series of the strongest signals
 * @param caseSeriesNote   a note on the case series (source, or why there are none)
 * @param hyperparameters  the MGPS priors used
 * @param rules            the signal rules with their thresholds
 * @param stratified       how expected counts were computed
 * @param csvFiles         the CSV files with every table
 */
public record ReportView(String title, String period, String lockPoint, String headline, String source,
        List<String> inputs, String software, List<Fact> summary, List<String> comparators,
        List<StateCountView> states, List<SignalRowView> rows, int hiddenRows, ForestPlot forest,
        List<TrendView> trends, BarChart bars, List<PeriodCountView> periodCounts,
        List<InteractionRowView> interactions, int hiddenInteractions, String interactionNote, ForestPlot omegaForest,
        List<CaseSeriesView> caseSeries, String caseSeriesNote, List<HyperparameterView> hyperparameters,
        List<Fact> rules, String stratified, List<String> csvFiles) {

    /** The comparators beside the primary one. */
    public List<String> otherComparators() {
        return comparators.size() <= 1 ? List.of() : comparators.subList(1, comparators.size());
    }
}
