package org.kratomwatch.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measure of one signal over the data periods, with the rule's threshold as a dashed line:
 * a point per period where the measure is defined, joined by a line. Geometry only;
 * {@code trend.jte} draws it.
 *
 * @param measure        e.g. {@code IC025}
 * @param threshold      the threshold's label, e.g. {@code IC025 > 0}
 * @param width          SVG width
 * @param height         SVG height
 * @param plotLeft       x of the plot area's left edge
 * @param plotRight      x of the right edge
 * @param plotTop        y of the top
 * @param plotBottom     y of the bottom
 * @param thresholdY     y of the threshold line
 * @param yTicks         value ticks (position is a y)
 * @param xTicks         period labels (position is an x)
 * @param line           the polyline's points attribute
 * @param points         the marks
 */
public record TrendPanel(String measure, String threshold, int width, int height, String plotLeft, String plotRight,
        String plotTop, String plotBottom, String thresholdY, List<Tick> yTicks, List<Tick> xTicks, String line,
        List<Point> points) {

    /** y of the period labels. */
    public String xLabelY() {
        return Svg.n(Double.parseDouble(plotBottom) + 16);
    }

    /** x of the value labels (right-aligned left of the plot). */
    public String yLabelX() {
        return Svg.n(Double.parseDouble(plotLeft) - 6);
    }

    /** y of the threshold's label, just above its line. */
    public String thresholdLabelY() {
        return Svg.n(Double.parseDouble(thresholdY) - 4);
    }

    private static final int WIDTH = 360;
    private static final int HEIGHT = 170;
    private static final double LEFT = 46;
    private static final double RIGHT = WIDTH - 12;
    private static final double TOP = 12;
    private static final double BOTTOM = HEIGHT - 34;
    private static final int MAX_PERIOD_LABELS = 6;

    /** One drawn value; {@code title} is the exact value shown on hover. */
    public record Point(String x, String y, String title, boolean above) {
    }

    /**
     * @param measure        the measure's name
     * @param thresholdValue the rule's threshold on the measure's scale
     * @param thresholdLabel e.g. {@code EB05 ≥ 2}
     * @param periods        the periods on the x axis, oldest first
     * @param values         the measure per period (same length; NaN where undefined, not drawn)
     */
    public static TrendPanel of(String measure, double thresholdValue, String thresholdLabel, List<String> periods,
            double[] values) {
        if (values.length != periods.size()) {
            throw new IllegalArgumentException("one value per period needed");
        }
        double lo = thresholdValue;
        double hi = thresholdValue;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        Axis y = Axis.linear(lo, hi);
        int n = periods.size();
        List<Point> points = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                continue;
            }
            String px = Svg.n(x(i, n));
            String py = Svg.n(y(y, v));
            points.add(new Point(px, py, String.format(Locale.ROOT, "%s %s: %.3f", periods.get(i), measure, v),
                    v > thresholdValue || (measure.startsWith("EB") && v >= thresholdValue)));
            line.append(line.length() == 0 ? "" : " ").append(px).append(',').append(py);
        }
        List<Tick> yTicks = new ArrayList<>();
        for (double t : y.ticks()) {
            yTicks.add(new Tick(Svg.n(y(y, t)), Axis.label(t)));
        }
        List<Tick> xTicks = new ArrayList<>();
        int every = Math.max(1, (int) Math.ceil(n / (double) MAX_PERIOD_LABELS));
        for (int i = 0; i < n; i++) {
            if (i % every == 0 || i == n - 1) {
                xTicks.add(new Tick(Svg.n(x(i, n)), periods.get(i)));
            }
        }
        return new TrendPanel(measure, thresholdLabel, WIDTH, HEIGHT, Svg.n(LEFT), Svg.n(RIGHT), Svg.n(TOP),
                Svg.n(BOTTOM), Svg.n(y(y, thresholdValue)), yTicks, xTicks, line.toString(), points);
    }

    private static double x(int i, int n) {
        return n <= 1 ? (LEFT + RIGHT) / 2 : LEFT + 10 + i * (RIGHT - LEFT - 20) / (n - 1);
    }

    private static double y(Axis axis, double v) {
        return BOTTOM - axis.position(v) * (BOTTOM - TOP);
    }
}
