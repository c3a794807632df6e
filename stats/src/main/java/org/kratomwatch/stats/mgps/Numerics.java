package org.kratomwatch.stats.mgps;

import org.apache.commons.math3.special.Gamma;

/**
 * Elementary functions for the MGPS hot loops: accurate {@code log1p} and {@code expm1} built on the
 * JIT-intrinsic {@link Math#log} and {@link Math#exp}.
 *
 * <p>On Java 17 {@link Math#log1p} and {@link Math#expm1} delegate to the non-intrinsic fdlibm code
 * of {@link StrictMath}, several times slower than {@code Math.log}/{@code Math.exp}. The two
 * classical identities used here are accurate to a few units in the last place for every finite
 * argument (Goldberg 1991, "What every computer scientist should know about floating-point
 * arithmetic", ACM Computing Surveys 23:5, theorem 4; Kahan's expm1 identity in the same
 * tradition); {@code NumericsTest} checks both against {@code StrictMath} to 4 ulps.
 *
 * <p>Also the digamma and trigamma functions: Commons Math 3.6.1's {@code Gamma.digamma} has a sign
 * error in its asymptotic series (−1/(120x⁴) and +1/(252x⁶) where the series has +1/(120x⁴) and −1/(252x⁶)), which
 * makes ψ wrong by about 3e-9 relative for 1 &lt; x &lt; 49 (for example ψ(3.25379356) =
 * 1.0183549061328344, Commons Math returns 1.018354903301411), and {@code Gamma.trigamma} has the
 * same kind of error at the 1e-12 level. Both would show in EBGM at the ninth digit, so they are
 * computed here (recurrence to x ≥ 10, then the asymptotic series to x⁻¹⁴ / x⁻¹⁵, truncation
 * error below 1e-16), and {@code NumericsTest} checks them against mpmath.
 */
final class Numerics {

    private Numerics() {
    }

    /**
     * ln(1+x) for x &gt; −1, accurate for small |x|: with u = fl(1+x), ln(1+x) = ln(u)·x/(u−1), which
     * corrects the rounding of 1+x exactly to first order.
     */
    static double log1p(double x) {
        double u = 1.0 + x;
        if (u == 1.0) {
            return x;
        }
        if (u == Double.POSITIVE_INFINITY) {
            return Math.log(x);
        }
        return Math.log(u) * (x / (u - 1.0));
    }

    /**
     * e^x − 1, accurate for small |x|: with u = fl(e^x), e^x − 1 = (u−1)·x/ln(u) for |x| &lt; 0.7;
     * beyond that u − 1 has no cancellation.
     */
    static double expm1(double x) {
        double u = Math.exp(x);
        if (x > 0.7 || x < -0.7) {
            return u - 1.0;
        }
        if (u == 1.0) {
            return x;
        }
        double um1 = u - 1.0;
        return um1 * x / Math.log(u);
    }

    /**
     * ψ(x) = d ln Γ(x)/dx for x &gt; 0: ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then
     * ψ(x) = ln x − 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶) + 1/(240x⁸) − 1/(132x¹⁰)
     * + 691/(32760x¹²) − 1/(12x¹⁴).
     */
    static double digamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("digamma needs x > 0: " + x);
        }
        double acc = 0;
        while (x < 10) {
            acc -= 1.0 / x;
            x += 1;
        }
        double r = 1.0 / x;
        double r2 = r * r;
        double series = r2 * (1.0 / 12 - r2 * (1.0 / 120 - r2 * (1.0 / 252 - r2 * (1.0 / 240 - r2 * (1.0 / 132
                - r2 * (691.0 / 32760 - r2 / 12))))));
        return acc + Math.log(x) - 0.5 * r - series;
    }

    /**
     * ψ'(x) for x &gt; 0: ψ'(x) = ψ'(x+1) + 1/x² up to x ≥ 10, then
     * ψ'(x) = 1/x + 1/(2x²) + 1/(6x³) − 1/(30x⁵) + 1/(42x⁷) − 1/(30x⁹) + 5/(66x¹¹) − 691/(2730x¹³)
     * + 7/(6x¹⁵).
     */
    static double trigamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("trigamma needs x > 0: " + x);
        }
        double acc = 0;
        while (x < 10) {
            acc += 1.0 / (x * x);
            x += 1;
        }
        double r = 1.0 / x;
        double r2 = r * r;
        double series = r * r2 * (1.0 / 6 - r2 * (1.0 / 30 - r2 * (1.0 / 42 - r2 * (1.0 / 30 - r2 * (5.0 / 66
                - r2 * (691.0 / 2730 - r2 * 7.0 / 6))))));
        return acc + r + 0.5 * r2 + series;
    }

    /**
     * ln Γ(a+n) − ln Γ(a) for n ≥ 0, without cancellation: a sum of logs for n ≤ 8; for a ≥ 20, the
     * Stirling form n ln a + (a+n−½) ln(1+n/a) − n + c(a+n) − c(a), where c is the Stirling series
     * remainder (accurate to 1e-17 for x ≥ 20); otherwise a difference of ln Γ values (both moderate).
     */
    static double lnGammaRatio(double a, double n, double lnGammaA) {
        if (n <= 8) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += Math.log(a + k);
            }
            return s;
        }
        if (a >= 20) {
            return lnGammaShift(a, n);
        }
        return Gamma.logGamma(a + n) - lnGammaA;
    }

    /**
     * ln Γ(x+d) − ln Γ(x) for x &gt; 0, x + d &gt; 0 (d of either sign). Where both arguments are at
     * least 20, in the Stirling form d ln x + (x+d−½) ln(1 + d/x) − d + c(x+d) − c(x), which has no
     * large cancelling terms; otherwise as a difference of ln Γ values, which are then moderate.
     */
    static double lnGammaShift(double x, double d) {
        if (x >= 20 && x + d >= 20) {
            return d * Math.log(x) + (x + d - 0.5) * log1p(d / x) - d + stirlingRemainder(x + d) - stirlingRemainder(x);
        }
        return Gamma.logGamma(x + d) - Gamma.logGamma(x);
    }

    /** ln Γ(x) − [(x−½) ln x − x + ½ ln 2π] for x ≥ 20 (asymptotic series to x⁻⁹). */
    static double stirlingRemainder(double x) {
        double r = 1.0 / x;
        double r2 = r * r;
        return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))));
    }

    /** ψ(a+n) − ψ(a): Σ 1/(a+k) for n ≤ 8 (no cancellation), else a difference. */
    static double digammaDifference(double a, double n, double digammaA) {
        if (n <= 8) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += 1.0 / (a + k);
            }
            return s;
        }
        return digamma(a + n) - digammaA;
    }

    /** ψ'(a+n) − ψ'(a): −Σ 1/(a+k)² for n ≤ 8, else a difference. */
    static double trigammaDifference(double a, double n, double trigammaA) {
        if (n <= 8) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                double t = 1.0 / (a + k);
                s -= t * t;
            }
            return s;
        }
        return trigamma(a + n) - trigammaA;
    }

    /** True for a finite, strictly positive number. */
    static boolean isPositiveFinite(double x) {
        return x > 0 && x < Double.POSITIVE_INFINITY;
    }
}
