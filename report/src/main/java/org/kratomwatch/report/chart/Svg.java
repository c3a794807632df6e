package org.kratomwatch.report.chart;

import java.util.Locale;

/** Coordinates as SVG attribute text: one decimal, always a dot, so that output is byte-stable. */
final class Svg {

    private Svg() {
    }

    static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
