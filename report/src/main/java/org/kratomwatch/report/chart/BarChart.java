package org.kratomwatch.report.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts per period as bars, the report period highlighted. Geometry only; {@code bars.jte}
 * draws it.
 *
 * @param title      caption
 * @param width      SVG width
 * @param height     SVG height
 * @param plotLeft   x of the plot area's left edge
 * @param plotRight  x of the right edge
 * @param plotTop    y of the top
 * @param baseline   y of the bars' base
 * @param yTicks     count ticks (position is a y)
 * @param bars       one per period
 */
public record BarChart(String title, int width, int height, String plotLeft, String plotRight, String plotTop,
        String baseline, List<Tick> yTicks, List<Bar> bars) {

    /** x of the count labels (right-aligned left of the plot). */
    public String yLabelX() {
        return Svg.n(Double.parseDouble(plotLeft) - 6);
    }

    private static final int HEIGHT = 220;
    private static final double LEFT = 56;
    private static final double TOP = 16;
    private static final double BOTTOM = HEIGHT - 40;

    /** A bar and its labels; {@code current} marks the report period. */
    public record Bar(String period, long value, String x, String y, String w, String h, String labelX,
            String valueY, String periodY, boolean current, boolean periodLabel) {
    }

    /**
     * @param periods the periods, oldest first
     * @param values  the count per period
     * @param current the report period (highlighted)
     */
    public static BarChart of(String title, List<String> periods, long[] values, String current) {
        int n = periods.size();
        int width = (int) Math.max(480, LEFT + 20 + n * 44);
        double right = width - 12;
        long max = 1;
        for (long v : values) {
            max = Math.max(max, v);
        }
        Axis y = Axis.linear(0, Math.max(5, max)); // at least 0..5, so that ticks are whole counts
        double slot = (right - LEFT) / Math.max(1, n);
        double barWidth = Math.min(36, slot * 0.7);
        int every = Math.max(1, (int) Math.ceil(n / 12.0));
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double top = BOTTOM - y.position(values[i]) * (BOTTOM - TOP);
            double cx = LEFT + slot * i + slot / 2;
            bars.add(new Bar(periods.get(i), values[i], Svg.n(cx - barWidth / 2), Svg.n(top), Svg.n(barWidth),
                    Svg.n(BOTTOM - top), Svg.n(cx), Svg.n(top - 4), Svg.n(BOTTOM + 16),
                    periods.get(i).equals(current), i % every == 0 || periods.get(i).equals(current)));
        }
        List<Tick> ticks = new ArrayList<>();
        for (double t : y.ticks()) {
            ticks.add(new Tick(Svg.n(BOTTOM - y.position(t) * (BOTTOM - TOP)), Axis.label(t)));
        }
        return new BarChart(title, width, HEIGHT, Svg.n(LEFT), Svg.n(right), Svg.n(TOP), Svg.n(BOTTOM), ticks, bars);
    }
}
