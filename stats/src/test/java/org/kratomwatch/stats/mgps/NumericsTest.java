package org.kratomwatch.stats.mgps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Numerics#log1p} and {@link Numerics#expm1} against {@link StrictMath} (fdlibm), to 4 ulps;
 * {@link Numerics#digamma} and {@link Numerics#trigamma} against mpmath.
 */
class NumericsTest {

    /**
     * x, ψ(x), ψ'(x) from mpmath 1.3 ({@code digamma}, {@code psi(1, x)} at 40 digits, rounded to
     * double). Tolerance: ψ 4e-16 absolute plus 4e-16 relative (ψ has a zero at 1.4616...), ψ' 8e-16 relative.
     */
    @ParameterizedTest(name = "psi({0})")
    @CsvSource({
        "1e-06, -1000000.5772140201, 1000000000001.645",
        "0.05, -20.497844991299868, 401.53235734211506",
        "0.5, -1.9635100260214235, 4.934802200544679",
        "1.4616321449683622, -9.241265521729427e-17, 0.9676722454476212",
        "2.02612692, 0.43949799981138615, 0.6345418086471055",
        "3.25379356, 1.0183549061328343, 0.3593127690967091",
        "9.999, 2.2516474172057355, 0.10517738667672887",
        "10.0, 2.251752589066721, 0.10516633568168575",
        "20.5, 2.9958363947076467, 0.04998959242996099",
        "49.5, 3.8918376507263717, 0.02040745504687999",
        "1234.5, 7.118016231827998, 0.0008103727271269667",
        "37000000000.0, 24.33418374957712, 2.7027027027392256e-11",
    })
    void polygammaMatchesMpmath(double x, double psi, double trigamma) {
        assertThat(Math.abs(Numerics.digamma(x) - psi)).isLessThanOrEqualTo(4e-16 * (1 + Math.abs(psi)));
        assertThat(Math.abs(Numerics.trigamma(x) - trigamma)).isLessThanOrEqualTo(8e-16 * Math.abs(trigamma));
    }

    private static void assertUlps(double actual, double expected, int ulps, String function, double x) {
        if (!(Math.abs(actual - expected) <= ulps * Math.ulp(expected))) { // (only build a message on failure)
            fail(function + "(" + x + ") = " + actual + ", StrictMath gives " + expected);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void log1pMatchesStrictMath(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            // magnitudes from 1e-300 to 1e300, both signs where defined
            double x = Math.pow(10, -300 + 600 * r.nextDouble());
            if (r.nextBoolean() && x < 1) {
                x = -x;
            }
            assertUlps(Numerics.log1p(x), StrictMath.log1p(x), 4, "log1p", x);
        }
        for (double x : new double[] {0.0, -0.0, 1e-17, -1e-17, 0.5, -0.5, 1, 2, Double.MAX_VALUE, -0.9999999999}) {
            assertUlps(Numerics.log1p(x), StrictMath.log1p(x), 4, "log1p", x);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void expm1MatchesStrictMath(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            double x = Math.pow(10, -300 + 302.8 * r.nextDouble()); // up to about 700
            if (r.nextBoolean()) {
                x = -x;
            }
            assertUlps(Numerics.expm1(x), StrictMath.expm1(x), 4, "expm1", x);
        }
        for (double x : new double[] {0.0, 1e-17, -1e-17, 0.69999, 0.70001, -0.70001, 1, 36, 709, -745}) {
            assertUlps(Numerics.expm1(x), StrictMath.expm1(x), 4, "expm1", x);
        }
    }

    @Test
    void lnGammaRatioIsAccurateForLargeShapes() {
        // ln Γ(a+n) − ln Γ(a) = Σ_{k<n} ln(a+k) (n roundings of relative size 1e-16 each)
        for (double a : new double[] {0.3, 19.9, 20, 3.7e4, 3.7e10}) {
            for (int n : new int[] {1, 8, 9, 50, 1000}) {
                double exact = 0;
                for (int k = n - 1; k >= 0; k--) {
                    exact += Math.log(a + k);
                }
                double ours = Numerics.lnGammaRatio(a, n, Gamma.logGamma(a));
                assertThat(Math.abs(ours - exact)).as("a=%s n=%s", a, n).isLessThan(1e-12 * Math.max(1, Math.abs(exact)));
            }
        }
    }

    @Test
    void lnGammaShiftHasNoCancellation() {
        // ln Γ(x + d) − ln Γ(x), x = 20002.02612692, d = 3.25379356 − 2.02612692 (both doubles), from mpmath: 12.158312638701874
        assertThat(Numerics.lnGammaShift(20002.02612692, 3.25379356 - 2.02612692)).isCloseTo(12.158312638701874,
                org.assertj.core.data.Offset.offset(2e-14));
    }
}
