package org.kratomwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Property-style checks of {@link GammaQuantile} over seeded random shapes and probabilities. */
class GammaQuantileTest {

    static Stream<Arguments> randomCases() {
        Random rng = new Random(42);
        return IntStream.range(0, 400).mapToObj(i -> {
            double shape = Math.exp(rng.nextDouble() * Math.log(1e5) + Math.log(0.05)); // 0.05 .. 5000
            double p = rng.nextBoolean() ? rng.nextDouble() : (rng.nextBoolean() ? 0.025 : 0.975);
            return Arguments.of(shape, Math.min(Math.max(p, 1e-6), 1 - 1e-6));
        });
    }

    @ParameterizedTest
    @MethodSource("randomCases")
    void regularizedGammaAtTheQuantileIsTheProbability(double shape, double p) {
        double q = GammaQuantile.unitRate(shape, p);
        assertThat(q).isPositive().isFinite();
        // P(k, q) = p up to the slope of P times a few ulp of q.
        double slope = Math.exp((shape - 1) * Math.log(q) - q - Gamma.logGamma(shape));
        // Commons Math evaluates P itself to about 1e-12 for shapes in the thousands; quantile accuracy against scipy is checked in MeasuresReferenceTest.
        double tol = 5e-12 + 8 * slope * Math.ulp(q);
        assertThat(Math.abs(Gamma.regularizedGammaP(shape, q, 1e-16, 100_000) - p)).isLessThanOrEqualTo(tol);
        // and the quantile is monotone in p
        assertThat(GammaQuantile.unitRate(shape, Math.min(1 - 1e-9, p + 1e-3))).isGreaterThan(q);
    }

    @Test
    void rateScalesTheQuantile() {
        assertThat(GammaQuantile.of(3.5, 2.0, 0.3)).isEqualTo(GammaQuantile.unitRate(3.5, 0.3) / 2.0);
    }

    @Test
    void edgesAndErrors() {
        assertThat(GammaQuantile.unitRate(2, 0)).isZero();
        assertThat(GammaQuantile.unitRate(2, 1)).isInfinite();
        // Γ(1,1) is the unit exponential: q = −ln(1 − p)
        assertThat(GammaQuantile.unitRate(1, 0.5)).isCloseTo(Math.log(2), org.assertj.core.api.Assertions.within(1e-15));
        assertThatThrownBy(() -> GammaQuantile.unitRate(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GammaQuantile.of(1, 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GammaQuantile.unitRate(1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cachedCountQuantilesEqualDirectComputationBitForBit() {
        CountQuantiles cache = new CountQuantiles(0.5, 0.025);
        for (long n : new long[] {0, 1, 2, 63, 64, 65, 1000, 5000}) {
            assertThat(cache.unitRate(n)).isEqualTo(GammaQuantile.unitRate(n + 0.5, 0.025));
        }
    }
}
