package org.kratomwatch.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A numeric axis mapped onto [0, 1]: linear (IC, Ω, counts) or logarithmic (ratios such as the
 * ROR, where 0.5 and 2 must lie equally far from 1), with round tick values.
 */
public final class Axis {

    private final double min;
    private final double max;
    private final boolean log;

    private Axis(double min, double max, boolean log) {
        this.min = min;
        this.max = max;
        this.log = log;
    }

    /** A linear axis covering [lo, hi] (widened to round values; a single value gets a unit range). */
    public static Axis linear(double lo, double hi) {
        if (!(hi > lo)) {
            lo -= 0.5;
            hi += 0.5;
        }
        double step = step(hi - lo);
        return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, false);
    }

    /** A logarithmic axis covering [lo, hi], both &gt; 0, widened to 1-2-5 values. */
    public static Axis log(double lo, double hi) {
        if (!(lo > 0) || !(hi > lo)) {
            lo = lo > 0 ? lo / 2 : 0.5;
            hi = Math.max(hi, lo) * 2;
        }
        return new Axis(roundDown125(lo), roundUp125(hi), true);
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** Where {@code v} lies, 0 at {@link #min()} and 1 at {@link #max()} (outside for values outside). */
    public double position(double v) {
        if (log) {
            return (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min));
        }
        return (v - min) / (max - min);
    }

    /** Whether {@code v} can be drawn on this axis (finite, and positive on a log axis). */
    public boolean drawable(double v) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    /** Round values within the axis: 1-2-5 steps (or decades when many) on a log axis. */
    public List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        if (log) {
            int first = (int) Math.floor(Math.log10(min));
            int last = (int) Math.ceil(Math.log10(max));
            double[] mantissas = last - first > 3 ? new double[] {1} : new double[] {1, 2, 5};
            for (int e = first; e <= last; e++) {
                for (double m : mantissas) {
                    double v = m * Math.pow(10, e);
                    if (v >= min * 0.999 && v <= max * 1.001) {
                        ticks.add(v);
                    }
                }
            }
            return ticks;
        }
        double step = step(max - min);
        for (double v = min; v <= max + step * 1e-9; v += step) {
            ticks.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        }
        return ticks;
    }

    /** A tick's label: as few digits as the value needs. */
    public static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** A round step giving about five intervals over {@code range}. */
    static double step(double range) {
        double raw = range / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static double roundDown125(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        double r = v / magnitude;
        return (r >= 5 ? 5 : r >= 2 ? 2 : 1) * magnitude;
    }

    private static double roundUp125(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        double r = v / magnitude;
        return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
    }
}
