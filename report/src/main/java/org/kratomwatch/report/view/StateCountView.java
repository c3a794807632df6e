package org.kratomwatch.report.view;

import java.util.List;

/**
 * How many signals are in one life-cycle state at the report period, per comparator, and (for the
 * primary comparator) which.
 */
public record StateCountView(String state, String meaning, List<String> counts, String pairs) {

    public StateCountView {
        counts = List.copyOf(counts);
    }
}
