package org.kratomwatch.report.view;

import java.util.List;

/**
 * One signal's anonymized case series, formatted: each dimension (age band, sex, outcome,
 * co-reported substance, period) as labelled counts with their share of the cases.
 */
public record CaseSeriesView(String title, String cases, String a, boolean matchesA, List<Dimension> dimensions,
        String note) {

    public CaseSeriesView {
        dimensions = List.copyOf(dimensions);
    }

    /** One dimension's counts. */
    public record Dimension(String name, List<Count> counts) {
        public Dimension {
            counts = List.copyOf(counts);
        }
    }

    /** A label, its count and share. */
    public record Count(String label, String count, String share) {
    }
}
