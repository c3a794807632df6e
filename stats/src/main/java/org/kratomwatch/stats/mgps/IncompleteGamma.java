package org.kratomwatch.stats.mgps;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * Regularized incomplete gamma functions P(a, z) and Q(a, z) = 1 − P(a, z), and quantiles of the
 * unit-rate gamma distribution, for the posterior quantile solver.
 *
 * <p>The methods are the textbook ones that Commons Math's {@link Gamma#regularizedGammaP} also
 * uses (the power series for small z, the Legendre continued fraction evaluated by the modified
 * Lentz method for large z; Abramowitz &amp; Stegun 6.5.29 and 6.5.31), restated so that the caller
 * passes the prefactor h = z^a e^{−z} / Γ(a) it has already computed (it is also z times the gamma
 * density, which the quantile solver needs as its derivative), and so that ln Γ(a) is computed
 * once per shape rather than once per call. Each call returns the tail that its method computes
 * without cancellation directly and the other by complement, which is accurate for the tail that
 * matters (see {@link MgpsPosterior#quantile}). {@code IncompleteGammaTest} checks both functions
 * against Commons Math and against mpmath values to 1e-13 relative.
 */
final class IncompleteGamma {

    /** Relative size of the last series term / continued-fraction correction at convergence. */
    private static final double EPS = 1e-17;
    /** |Δ − 1| of the last continued-fraction factor at convergence (about one ulp of 1). */
    private static final double CF_EPS = 3e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 1_000_000;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private IncompleteGamma() {
    }

    /**
     * ln h = a ln z − z − ln Γ(a), the log of the prefactor z^a e^{−z} / Γ(a) (z times the Γ(a, 1)
     * density at z). For a &lt; 20 directly; for a ≥ 20, where a ln z and ln Γ(a) are large and nearly
     * cancel, in the equivalent form ½ ln(a/2π) + a·[ln(1+t) − t] − c(a), t = z/a − 1, with c the
     * Stirling remainder of ln Γ and ln(1+t) − t from a cancellation-free series (Temme's form),
     * accurate to about 1e-15 absolute instead of 1e-16·a·ln z.
     */
    static double logPrefactor(double a, double lnGammaA, double z, double lnZ) {
        if (a < 20) {
            return a * lnZ - z - lnGammaA;
        }
        double t = (z - a) / a;
        return 0.5 * Math.log(a / (2 * Math.PI)) + a * log1pMinusX(t) - Numerics.stirlingRemainder(a);
    }

    /**
     * ln(1+t) − t for t &gt; −1. For |t| small, with s = t/(2+t) (|s| ≤ 1/3 for −1/2 ≤ t ≤ 1):
     * ln(1+t) − t = −2s·Σ_{m≥1} c_m s^m with c_m = 1 for odd m and m/(m+1) for even m, a series
     * without cancellation; elsewhere the direct difference loses less than a digit.
     */
    static double log1pMinusX(double t) {
        if (t < -0.5 || t > 1.0) {
            return Numerics.log1p(t) - t;
        }
        double s = t / (2.0 + t);
        double term = s;
        double sum = 0;
        for (int m = 1; m < 200; m++) {
            double c = (m & 1) == 1 ? 1.0 : (double) m / (m + 1);
            double add = c * term;
            sum += add;
            if (Math.abs(add) <= 1e-17 * Math.abs(sum)) {
                break;
            }
            term *= s;
        }
        return -2.0 * s * sum;
    }

    /** P(a, z) given h = z^a e^{−z}/Γ(a); z ≥ 0. */
    static double lower(double a, double z, double h) {
        if (z <= 0) {
            return 0.0;
        }
        if (h == 0.0) {
            return z < a ? 0.0 : 1.0;
        }
        if (useSeries(a, z)) {
            return h * series(a, z);
        }
        return 1.0 - h * continuedFraction(a, z);
    }

    /** Q(a, z) = 1 − P(a, z) given h = z^a e^{−z}/Γ(a); z ≥ 0. */
    static double upper(double a, double z, double h) {
        if (z <= 0) {
            return 1.0;
        }
        if (h == 0.0) {
            return z < a ? 1.0 : 0.0;
        }
        if (useSeries(a, z)) {
            return 1.0 - h * series(a, z);
        }
        return h * continuedFraction(a, z);
    }

    /**
     * The series below z = a + 1 (the textbook switch, also Commons Math's) or, for a ≥ 1, below
     * a + 1 + √a: the continued fraction converges slowly just above a + 1, where the series is 2–4
     * times faster, and up to a + 1 + √a, Q stays above about 0.1 for a ≥ 1, so Q = 1 − P loses at most
     * one digit.
     */
    private static boolean useSeries(double a, double z) {
        return z < a + 1 + (a >= 1 ? Math.sqrt(a) : 0.0);
    }

    /** Σ_{k≥0} z^k / (a (a+1) ... (a+k)), so that P(a, z) = h · series. */
    private static double series(double a, double z) {
        double term = 1.0 / a;
        double sum = term;
        for (int k = 1; k < MAX_ITERATIONS; k++) {
            term *= z / (a + k);
            sum += term;
            if (term <= sum * EPS) {
                return sum;
            }
        }
        throw new ArithmeticException("incomplete gamma series did not converge for a=" + a + " z=" + z);
    }

    /**
     * The continued fraction 1/(z+1−a− 1(1−a)/(z+3−a− 2(2−a)/(z+5−a− ...))), so that
     * Q(a, z) = h · fraction; evaluated by the modified Lentz method for z ≥ a+1.
     */
    private static double continuedFraction(double a, double z) {
        double b = z + 1.0 - a;
        double c = 1.0 / TINY;
        double d = 1.0 / b;
        double f = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1.0 / d;
            double delta = d * c;
            f *= delta;
            if (Math.abs(delta - 1.0) <= CF_EPS) {
                return f;
            }
        }
        throw new ArithmeticException("incomplete gamma continued fraction did not converge for a=" + a + " z=" + z);
    }

    /**
     * The prob-quantile u of the unit-rate Γ(a, 1) distribution: P(a, u) = prob, for 0 &lt; prob &lt; 1.
     *
     * <p>Safeguarded Halley iteration on g(y) = ln P(a, e^y) − ln prob (or ln(1−prob) − ln Q(a, e^y)
     * for prob &gt; 1/2), which is close to linear in y = ln u in both tails; started from the
     * Wilson–Hilferty approximation (a ≥ 1) or the small-u expansion P(a, u) ≈ u^a/Γ(a+1), kept
     * inside the bracket of iterates on either side of the root (bisection when a step leaves it,
     * outward steps until both sides are known), and stopped when a Halley step is below 1e-9 in
     * ln u (the error it leaves is of order its cube) or a Newton step below 1e-12. Below u = e^{−700}, ln P(a, u) =
     * a ln u − ln Γ(a+1) to double precision and the quantile is solved for directly (it may
     * underflow to 0 for tiny a and prob).
     */
    static double unitQuantile(double a, double lnGammaA, double prob) {
        if (!(prob > 0 && prob < 1)) {
            throw new IllegalArgumentException("prob must be in (0, 1): " + prob);
        }
        boolean upperTail = prob > 0.5;
        double lnTarget = upperTail ? Math.log1p(-prob) : Math.log(prob);
        double y;
        double c = 1.0 - 1.0 / (9.0 * a) + STANDARD_NORMAL.inverseCumulativeProbability(prob) / (3.0 * Math.sqrt(a));
        if (a >= 1 && c > 0) {
            y = Math.log(a) + 3.0 * Math.log(c);
        } else {
            y = (Math.log(prob) + lnGammaA + Math.log(a)) / a;
            if (upperTail) {
                y = Math.max(y, Math.log(-lnTarget));
            }
        }
        // For u < e^-700, ln P(a, u) = a ln u − ln Γ(a+1) to double precision: solve directly.
        double ySmall = (Math.log(prob) + lnGammaA + Math.log(a)) / a;
        if (ySmall < -700) {
            return Math.exp(ySmall);
        }
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (int iter = 0; iter < 2000; iter++) {
            y = Math.max(y, -700);
            double u = Math.exp(y);
            double h = Math.exp(logPrefactor(a, lnGammaA, u, y));
            double tail = upperTail ? upper(a, u, h) : lower(a, u, h);
            double g = upperTail ? lnTarget - Math.log(tail) : Math.log(tail) - lnTarget; // increasing in y
            if (g == 0) {
                return u;
            }
            if (g < 0) {
                lo = y;
            } else {
                hi = y;
            }
            double next = Double.NaN;
            double tolerance = 0;
            if (tail > 0 && h > 0) {
                double d1 = h / tail;
                double d2 = upperTail ? d1 * (a - u) + d1 * d1 : d1 * (a - u) - d1 * d1;
                double newton = -g / d1;
                double denom = 1.0 + 0.5 * newton * d2 / d1;
                if (denom > 0.5 && denom < 2.0) {
                    next = y + newton / denom;
                    tolerance = 1e-9; // Halley: the error after this step is of order its cube
                } else {
                    next = y + newton;
                    tolerance = 1e-12; // Newton: of order its square
                }
            }
            if (!(next > lo && next < hi)) {
                tolerance = 0; // bisection or bracket search: only the bracket width counts
                if (lo == Double.NEGATIVE_INFINITY) {
                    next = y - Math.max(1.0, Math.abs(y));
                } else if (hi == Double.POSITIVE_INFINITY) {
                    next = y + 1.0;
                } else {
                    next = 0.5 * (lo + hi);
                }
            }
            double scale = Math.max(1.0, Math.abs(y));
            if (Math.abs(next - y) <= tolerance * scale || hi - lo <= 4e-16 * scale) {
                return Math.exp(next);
            }
            y = next;
        }
        throw new ArithmeticException("gamma quantile did not converge: a=" + a + " prob=" + prob);
    }

    /** Convenience: {@link #unitQuantile(double, double, double)} computing ln Γ(a). */
    static double unitQuantile(double a, double prob) {
        return unitQuantile(a, Gamma.logGamma(a), prob);
    }
}
