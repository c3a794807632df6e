package org.kratomwatch.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A forest plot: one line per signal with a point estimate and its interval for each series
 * (comparator), against a reference line (ratio 1, or 0 on the log2 scale of the IC and Ω).
 * Geometry only; {@code forest.jte} draws it. A mark is drawn when its estimate and lower limit
 * are finite; an infinite upper limit is cut at the plot's edge and drawn as an arrow.
 *
 * @param title     caption
 * @param axisLabel what the x axis shows
 * @param width     SVG width
 * @param height    SVG height
 * @param plotLeft  x of the plot area's left edge (labels are left of it)
 * @param plotRight x of the plot area's right edge
 * @param plotTop   y of the plot area's top
 * @param plotBottom y of the plot area's bottom (the axis)
 * @param reference x of the reference line
 * @param ticks     x axis ticks
 * @param rows      the lines, top to bottom
 * @param series    the series names, in legend order
 * @param marks     number of marks drawn
 */
public record ForestPlot(String title, String axisLabel, int width, int height, String plotLeft, String plotRight,
        String plotTop, String plotBottom, String reference, List<Tick> ticks, List<Row> rows, List<String> series,
        int marks) {

    /** y of the tick labels. */
    public String tickLabelY() {
        return Svg.n(Double.parseDouble(plotBottom) + 16);
    }

    /** y of the axis label. */
    public String axisLabelY() {
        return Svg.n(Double.parseDouble(plotBottom) + 36);
    }

    /** x of the axis label (the plot area's middle). */
    public String axisLabelX() {
        return Svg.n((Double.parseDouble(plotLeft) + Double.parseDouble(plotRight)) / 2);
    }

    /** x where row labels end. */
    public String labelRight() {
        return Svg.n(Double.parseDouble(plotLeft) - 8);
    }

    private static final int WIDTH = 780;
    private static final int LABEL_WIDTH = 300;
    private static final int ROW_HEIGHT = 24;
    private static final int TOP = 10;
    private static final int AXIS_HEIGHT = 44;
    private static final int RIGHT = 20;

    /** One input line: its label and an estimate per series. */
    public record Line(String label, List<Estimate> estimates) {
        public Line {
            estimates = List.copyOf(estimates);
        }
    }

    /** An estimate with its interval in one series; NaN or infinite values are allowed. */
    public record Estimate(String series, double value, double lower, double upper) {
    }

    /** A drawn line: the label's y and its marks. */
    public record Row(String label, String y, List<Mark> marks) {
    }

    /**
     * One drawn estimate: the point at ({@code x}, {@code y}), the interval from {@code x1} to
     * {@code x2}; {@code open} when the upper limit is unbounded (drawn as an arrow);
     * {@code title} is the exact text shown on hover and read by screen readers.
     */
    public record Mark(String series, int seriesIndex, String x, String y, String x1, String x2, boolean open,
            String title) {
    }

    /** A plot on a logarithmic axis with the reference line at 1 (ROR, PRR, EBGM). */
    public static ForestPlot ratio(String title, String axisLabel, List<String> series, List<Line> lines) {
        return build(title, axisLabel, series, lines, true);
    }

    /** A plot on a linear axis with the reference line at 0 (IC, Ω: already log2). */
    public static ForestPlot log2(String title, String axisLabel, List<String> series, List<Line> lines) {
        return build(title, axisLabel, series, lines, false);
    }

    private static ForestPlot build(String title, String axisLabel, List<String> series, List<Line> lines, boolean ratio) {
        double reference = ratio ? 1 : 0;
        double lo = reference;
        double hi = reference;
        for (Line l : lines) {
            for (Estimate e : l.estimates()) {
                if (drawable(e, ratio)) {
                    lo = Math.min(lo, e.lower());
                    hi = Math.max(hi, Double.isFinite(e.upper()) ? e.upper() : e.value());
                    hi = Math.max(hi, e.value());
                }
            }
        }
        Axis axis = ratio ? Axis.log(lo, hi) : Axis.linear(lo, hi);
        double left = LABEL_WIDTH;
        double right = WIDTH - RIGHT;
        int perLine = Math.max(1, series.size());
        double rowHeight = ROW_HEIGHT + (perLine - 1) * 8;
        double top = TOP;
        double bottom = top + rowHeight * Math.max(1, lines.size());
        List<Row> rows = new ArrayList<>();
        int marks = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            double yCenter = top + rowHeight * i + rowHeight / 2;
            List<Mark> drawn = new ArrayList<>();
            for (Estimate e : l.estimates()) {
                int s = series.indexOf(e.series());
                if (s < 0 || !drawable(e, ratio)) {
                    continue;
                }
                double y = yCenter + (s - (perLine - 1) / 2.0) * 8;
                boolean open = !Double.isFinite(e.upper());
                double x1 = x(axis, Math.max(e.lower(), axis.min()), left, right);
                double x2 = open ? right : x(axis, Math.min(e.upper(), axis.max()), left, right);
                drawn.add(new Mark(e.series(), s, Svg.n(x(axis, e.value(), left, right)), Svg.n(y), Svg.n(x1),
                        Svg.n(x2), open, String.format(Locale.ROOT, "%s (%s): %s [%s, %s]", l.label(), e.series(),
                                num(e.value()), num(e.lower()), num(e.upper()))));
                marks++;
            }
            rows.add(new Row(l.label(), Svg.n(yCenter + 4), drawn));
        }
        List<Tick> ticks = new ArrayList<>();
        for (double t : axis.ticks()) {
            ticks.add(new Tick(Svg.n(x(axis, t, left, right)), Axis.label(t)));
        }
        int height = (int) Math.ceil(bottom + AXIS_HEIGHT);
        return new ForestPlot(title, axisLabel, WIDTH, height, Svg.n(left), Svg.n(right), Svg.n(top), Svg.n(bottom),
                Svg.n(x(axis, reference, left, right)), ticks, rows, List.copyOf(series), marks);
    }

    private static boolean drawable(Estimate e, boolean ratio) {
        boolean lowerOk = ratio ? Double.isFinite(e.lower()) && e.lower() > 0 : Double.isFinite(e.lower());
        boolean valueOk = ratio ? Double.isFinite(e.value()) && e.value() > 0 : Double.isFinite(e.value());
        return lowerOk && valueOk && !Double.isNaN(e.upper());
    }

    private static double x(Axis axis, double v, double left, double right) {
        return left + axis.position(v) * (right - left);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "undefined";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
