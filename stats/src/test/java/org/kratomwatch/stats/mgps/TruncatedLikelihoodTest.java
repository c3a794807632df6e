package org.kratomwatch.stats.mgps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The truncated likelihood kernel: its value against the textbook formula evaluated pair by pair
 * (ungrouped, with {@link Math#pow} and Commons Math ln Γ), and its analytic gradient and Hessian
 * against central finite differences.
 */
class TruncatedLikelihoodTest {

    /** ln[P f1/(1−f1(0)) + (1−P) f2/(1−f2(0))] for one pair, straight from the definition. */
    static double naiveTerm(double[] t, long n, double e) {
        double f1 = Math.exp(Gamma.logGamma(t[0] + n) - Gamma.logGamma(t[0]) - Gamma.logGamma(n + 1.0))
                * Math.pow(t[1] / (t[1] + e), t[0]) * Math.pow(e / (t[1] + e), n);
        double f2 = Math.exp(Gamma.logGamma(t[2] + n) - Gamma.logGamma(t[2]) - Gamma.logGamma(n + 1.0))
                * Math.pow(t[3] / (t[3] + e), t[2]) * Math.pow(e / (t[3] + e), n);
        double z1 = 1 - Math.pow(t[1] / (t[1] + e), t[0]);
        double z2 = 1 - Math.pow(t[3] / (t[3] + e), t[2]);
        return Math.log(t[4] * f1 / z1 + (1 - t[4]) * f2 / z2);
    }

    private static double[] randomTheta(SplittableRandom r) {
        return new double[] {Math.exp(r.nextGaussian()), Math.exp(r.nextGaussian()), Math.exp(r.nextGaussian()),
            Math.exp(r.nextGaussian()), 0.05 + 0.9 * r.nextDouble()};
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void valueEqualsNaiveSumOverUngroupedPairs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        SyntheticPairs s = SyntheticPairs.generate(SyntheticPairs.CAERS_LIKE, 3000, seed);
        // duplicate some pairs so that grouping has work to do
        for (int i = 0; i < 1000; i++) {
            s.counts[i + 1000] = s.counts[i];
            s.expected[i + 1000] = s.expected[i];
        }
        double[] theta = randomTheta(r);
        double naive = 0;
        for (int i = 0; i < s.counts.length; i++) {
            naive += naiveTerm(theta, s.counts[i], s.expected[i]);
        }
        PairData data = PairData.of(s.counts, s.expected);
        assertThat(data.groups()).isLessThanOrEqualTo(2000);
        double ours = new TruncatedLikelihood(data, false).value(theta);
        // the naive formula itself loses digits to 1 − f(0) for small E: 1e-9 relative is its own precision
        assertThat(Math.abs(ours / naive - 1)).isLessThan(1e-9);
        double[] g = new double[5];
        double[] h = new double[25];
        assertThat(new TruncatedLikelihood(data, false).evaluate(theta, g, h)).isCloseTo(ours,
                org.assertj.core.data.Offset.offset(1e-9 * Math.abs(ours)));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 6, 7, 8})
    void gradientAndHessianMatchFiniteDifferences(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        SyntheticPairs s = SyntheticPairs.generate(SyntheticPairs.CAERS_LIKE, 2000, seed);
        TruncatedLikelihood lik = new TruncatedLikelihood(PairData.of(s.counts, s.expected), false);
        double[] theta = randomTheta(r);
        double[] g = new double[5];
        double[] h = new double[25];
        lik.evaluate(theta, g, h);
        for (int j = 0; j < 5; j++) {
            double step = 1e-5 * theta[j];
            double[] up = theta.clone();
            double[] dn = theta.clone();
            up[j] += step;
            dn[j] -= step;
            double fd = (lik.value(up) - lik.value(dn)) / (2 * step);
            assertThat(g[j]).as("d/dtheta_%d", j).isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(fd))));
            double[] gu = new double[5];
            double[] gd = new double[5];
            lik.evaluate(up, gu, new double[25]);
            lik.evaluate(dn, gd, new double[25]);
            for (int i = 0; i < 5; i++) {
                double fdh = (gu[i] - gd[i]) / (2 * step);
                assertThat(h[i * 5 + j]).as("d2/dtheta_%d dtheta_%d", i, j)
                        .isCloseTo(fdh, org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(fdh))));
            }
        }
    }

    @Test
    void serialAndParallelAreBitwiseIdentical() {
        SyntheticPairs s = SyntheticPairs.generate(SyntheticPairs.CAERS_LIKE, 100_000, 9);
        PairData data = PairData.of(s.counts, s.expected);
        double[] theta = SyntheticPairs.CAERS_LIKE.toArray();
        double[] g1 = new double[5];
        double[] g2 = new double[5];
        double[] h1 = new double[25];
        double[] h2 = new double[25];
        double v1 = new TruncatedLikelihood(data, false).evaluate(theta, g1, h1);
        double v2 = new TruncatedLikelihood(data, true).evaluate(theta, g2, h2);
        assertThat(v2).isEqualTo(v1);
        assertThat(g2).containsExactly(g1);
        assertThat(h2).containsExactly(h1);
    }
}
