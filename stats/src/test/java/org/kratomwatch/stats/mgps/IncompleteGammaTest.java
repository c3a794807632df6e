package org.kratomwatch.stats.mgps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The regularized incomplete gamma kernel and the unit-rate gamma quantile, against Commons Math's
 * independent {@link Gamma#regularizedGammaP}/{@link Gamma#regularizedGammaQ} and against values from
 * mpmath ({@code mpmath.gammainc(a, 0, z, regularized=True)} at 40 digits).
 */
class IncompleteGammaTest {

    static double h(double a, double z) {
        return Math.exp(IncompleteGamma.logPrefactor(a, Gamma.logGamma(a), z, Math.log(z)));
    }

    /**
     * a, z, P(a, z), Q(a, z) from mpmath 1.3 ({@code gammainc(a, 0, z, regularized=True)} and
     * {@code gammainc(a, z, inf, regularized=True)} at 50 digits, rounded to double). Tolerance 1e-13
     * relative for each tail, including shapes of 2·10^4 and 10^5.
     */
    @ParameterizedTest(name = "P({0}, {1})")
    @CsvSource({
        "0.5, 0.1, 0.345279153981423, 0.654720846018577",
        "3.25, 1.0, 0.05720860531381024, 0.9427913946861898",
        "3.25, 20.0, 0.9999992342564064, 7.65743593670905e-07",
        "1.02, 4.04, 0.9816248889723017, 0.01837511102769829",
        "200, 215.14, 0.8572639245200293, 0.14273607547997072",
        "0.001, 1e-06, 0.9868481336940766, 0.013151866305923335",
        "20, 21, 0.6157372277356579, 0.38426277226434213",
        "20000, 19800, 0.07830049501217735, 0.9216995049878226",
        "100000, 100300, 0.8286363112512076, 0.17136368874879235",
        "7.5, 0.02, 1.2672661109189926e-17, 1.0",
    })
    void tailsMatchMpmath(double a, double z, double p, double q) {
        assertThat(Math.abs(IncompleteGamma.lower(a, z, h(a, z)) / p - 1)).as("P").isLessThan(1e-13);
        assertThat(Math.abs(IncompleteGamma.upper(a, z, h(a, z)) / q - 1)).as("Q").isLessThan(1e-13);
    }

    /**
     * Random (a, z) with a in [0.01, 1000] around the bulk: each tail agrees with Commons Math where
     * it is the smaller tail, to 1e-13 + 5e-16·a·|ln z| + 1e-15/min(P, Q) relative (Commons Math
     * evaluates the prefactor as exp(a ln z − z − ln Γ(a)), whose own error grows like 1e-16·a·ln z,
     * and both compute Q as 1 − P below z = a + 1), and P + Q = 1.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12})
    void agreesWithCommonsMath(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            double a = Math.pow(10, -2 + 5 * r.nextDouble());
            double z = a * Math.exp(r.nextGaussian() * (a < 1 ? 2 : 2 / Math.sqrt(a)));
            double p = IncompleteGamma.lower(a, z, h(a, z));
            double q = IncompleteGamma.upper(a, z, h(a, z));
            double cp = Gamma.regularizedGammaP(a, z, 1e-16, 1_000_000);
            double cq = Gamma.regularizedGammaQ(a, z, 1e-16, 1_000_000);
            // Commons Math's own prefactor error, and the complement 1 − P that both use below z = a + 1
            double smaller = Math.min(p, q);
            double tol = 1e-13 + 5e-16 * a * Math.abs(Math.log(z)) + (smaller > 0 ? 1e-15 / smaller : 0);
            if (p < 0.5) {
                assertThat(Math.abs(p - cp)).as("P(%s,%s)", a, z).isLessThanOrEqualTo(tol * cp);
            } else {
                assertThat(Math.abs(q - cq)).as("Q(%s,%s)", a, z).isLessThanOrEqualTo(tol * cq);
            }
            assertThat(p + q).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-15));
        }
    }

    /** The quantile inverts Commons Math's CDF to 1e-10 relative in the tail asked for (a in [0.01, 1000]). */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22})
    void unitQuantileInvertsTheCdf(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 3000; i++) {
            double a = Math.pow(10, -2 + 5 * r.nextDouble());
            double prob = r.nextBoolean() ? Math.pow(10, -10 * r.nextDouble()) : 1 - Math.pow(10, -10 * r.nextDouble());
            if (!(prob > 0 && prob < 1)) {
                continue;
            }
            double u = IncompleteGamma.unitQuantile(a, prob);
            double lnU = (Math.log(prob) + Gamma.logGamma(a + 1)) / a; // P(a, u) = u^a/Γ(a+1) for tiny u
            if (u < Double.MIN_NORMAL) {
                // subnormal or 0: only when the quantile is that small
                assertThat(lnU).isLessThan(Math.log(Double.MIN_NORMAL) + 1e-9);
            } else if (u < Math.exp(-700)) {
                assertThat(Math.log(u)).isCloseTo(lnU, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(lnU)));
            } else if (prob <= 0.5) {
                double p = Gamma.regularizedGammaP(a, u, 1e-16, 10_000_000);
                assertThat(Math.abs(p / prob - 1)).as("P(%s, u=%s) vs %s", a, u, prob).isLessThan(1e-10);
            } else {
                double q = Gamma.regularizedGammaQ(a, u, 1e-16, 10_000_000);
                assertThat(Math.abs(q / (1 - prob) - 1)).as("Q(%s, u=%s) vs %s", a, u, 1 - prob).isLessThan(1e-10);
            }
        }
    }

    @Test
    void unitQuantileExtremes() {
        // tiny shape: the 5% quantile of Γ(0.001, 1) is (0.05 · Γ(1.001))^1000, below the smallest double
        assertThat(IncompleteGamma.unitQuantile(0.001, 0.05)).isEqualTo(0.0);
        // Γ(0.01, 1) at 1e-3: u = (1e-3 · Γ(1.01))^100 = 9.43...e-301, a subnormal-free tiny number
        assertThat(IncompleteGamma.unitQuantile(0.01, 1e-3)).isCloseTo(Math.exp(100 * (Math.log(1e-3) + Gamma.logGamma(1.01))),
                org.assertj.core.data.Percentage.withPercentage(1e-9));
        // Γ(1, 1) is the unit exponential: u = −ln(1 − p)
        for (double p : new double[] {1e-9, 0.05, 0.5, 0.95, 1 - 1e-9}) {
            assertThat(IncompleteGamma.unitQuantile(1.0, p)).isCloseTo(-Math.log1p(-p),
                    org.assertj.core.data.Percentage.withPercentage(1e-10));
        }
    }
}
