package org.kratomwatch.stats.score;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Text forms of numbers in KratomWatch's tables: unrounded, in the shortest decimal form that
 * reads back as the same double, {@code Inf}/{@code -Inf} for infinities and {@code NA} for
 * undefined values (the conventions of R, which most pharmacovigilance analysts read tables with).
 *
 * <p>Java 17's {@code Double.toString} always round-trips but sometimes prints a digit more than
 * needed (JDK-4511638, fixed in Java 19); this class removes such digits, so that the same double
 * always prints the same shortest text whatever JDK writes it. Plain notation is used for
 * magnitudes in [1e-5, 1e15), scientific ({@code 1.5E-7}) outside.
 */
public final class Numbers {

    private Numbers() {
    }

    /** The shortest round-trip text of {@code x}; {@code NA}, {@code Inf}, {@code -Inf} for the specials. */
    public static String format(double x) {
        if (Double.isNaN(x)) {
            return "NA";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Inf" : "-Inf";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0" : "0";
        }
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        BigDecimal bd = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        for (int p = bd.precision() - 1; p >= 1; p--) {
            BigDecimal shorter = bd.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (shorter.doubleValue() != x) {
                break;
            }
            bd = shorter.stripTrailingZeros();
        }
        double abs = Math.abs(x);
        if (abs >= 1e-5 && abs < 1e15) {
            return bd.toPlainString();
        }
        int exponent = bd.precision() - bd.scale() - 1;
        BigDecimal mantissa = bd.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "E" + exponent;
    }

    /**
     * Parses text written by {@link #format} (and plain numbers): {@code NA}, {@code NaN} and the
     * empty string are {@code NaN}; {@code Inf}/{@code -Inf} the infinities.
     *
     * @throws NumberFormatException for anything else that is not a number
     */
    public static double parse(String s) {
        String t = s.trim();
        return switch (t) {
            case "", "NA", "NaN" -> Double.NaN;
            case "Inf", "+Inf", "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(t);
        };
    }
}
