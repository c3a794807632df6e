package org.kratomwatch.report.model;

import java.util.List;
import java.util.Objects;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.report.cases.CaseSeries;
import org.kratomwatch.schemas.Periods;

/**
 * Everything a periodic report shows, as the engine computed it. The report formats, sorts and
 * draws these records; it never recomputes a measure, so its numbers are the engine's.
 *
 * @param period            the reporting period {@code YYYYQn}; its end is the data lock point
 * @param provenance        what the records were read from
 * @param headlineSubstance the exposure whose reports are counted per period in the summary and
 *                          the bar chart (normally the watch group, {@code kratom-related})
 * @param signals           the signal records as of {@code period} (records of other periods are
 *                          ignored): CUMULATIVE and PERIOD scope, every comparator, with
 *                          {@code state} and {@code firstFired} as of {@code period}
 * @param history           per-period records of the same pairs (any periods and scopes; the
 *                          report uses those up to {@code period}), for the time trends and the
 *                          counts per period; may be empty
 * @param interactions      Ω records; the report shows those of {@code period}
 * @param caseSeries        anonymized case aggregates per signal, or null when the reports were
 *                          not read (the report then says so)
 */
public record ReportModel(String period, Provenance provenance, String headlineSubstance,
        List<DisproportionalitySignal> signals, List<DisproportionalitySignal> history,
        List<InteractionSignal> interactions, List<CaseSeries> caseSeries) {

    /** The exposure KratomWatch watches by default, and the default headline substance. */
    public static final String KRATOM_RELATED = "kratom-related";

    public ReportModel {
        if (!Periods.isPeriod(period)) {
            throw new IllegalArgumentException("not a period YYYYQn: " + period);
        }
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(headlineSubstance, "headlineSubstance");
        signals = List.copyOf(signals);
        history = List.copyOf(history);
        interactions = List.copyOf(interactions);
        caseSeries = caseSeries == null ? null : List.copyOf(caseSeries);
    }
}
