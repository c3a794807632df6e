package org.kratomwatch.report.view;

import java.util.List;

/**
 * One formatted line of the signal table: the whole-database (primary) comparator's measures and,
 * side by side, the other comparators' main ones.
 */
public record SignalRowView(int rank, String substance, String event, boolean group, String comparator, String a,
        String expected, String prr, String ror, String rorCi, String ic, String ic025, String ebgm, String ebCi,
        String rules, String firstSignalled, String state, boolean firing, List<ComparatorCell> others) {

    public SignalRowView {
        others = List.copyOf(others);
    }

    /** Another comparator's result for the same pair; {@code present} false when it has none. */
    public record ComparatorCell(String comparator, boolean present, String a, String ror, String rorCi, String ic025,
            String eb05, String rules, String state) {
    }
}
