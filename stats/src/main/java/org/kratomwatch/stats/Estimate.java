package org.kratomwatch.stats;

/**
 * A point estimate with a two-sided interval (95% unless stated otherwise).
 *
 * <p>Conventions shared by every measure in this module:
 * <ul>
 *   <li>{@code Double.NaN} means undefined (for example 0/0);</li>
 *   <li>{@code Double.POSITIVE_INFINITY} is a real, infinite estimate (for example a zero
 *       denominator cell with a positive numerator); where the estimate is infinite because of a
 *       zero cell, both interval limits are {@code NaN}, since the log-normal interval does not
 *       exist.</li>
 * </ul>
 *
 * @param value the point estimate
 * @param lower the lower interval limit
 * @param upper the upper interval limit
 */
public record Estimate(double value, double lower, double upper) {

    /** An undefined estimate: all three values {@code NaN}. */
    public static final Estimate UNDEFINED = new Estimate(Double.NaN, Double.NaN, Double.NaN);

    /** An estimate that is infinite because of a zero cell; the interval is undefined. */
    public static final Estimate INFINITE = new Estimate(Double.POSITIVE_INFINITY, Double.NaN, Double.NaN);

    /** True when the point estimate is defined (not {@code NaN}). */
    public boolean isDefined() {
        return !Double.isNaN(value);
    }
}
