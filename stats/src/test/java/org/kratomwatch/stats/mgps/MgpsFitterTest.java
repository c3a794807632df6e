package org.kratomwatch.stats.mgps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link MgpsFitter} on synthetic data: recovery of the truth, input checks, failures, determinism. */
class MgpsFitterTest {

    /** Standard errors sqrt(diag((−H)⁻¹)) of θ at θ̂, from the exact Hessian of the log-likelihood. */
    static double[] standardErrors(long[] counts, double[] expected, MgpsHyperparameters at) {
        TruncatedLikelihood lik = new TruncatedLikelihood(PairData.of(counts, expected), true);
        double[] g = new double[5];
        double[] h = new double[25];
        lik.evaluate(at.toArray(), g, h);
        RealMatrix negH = new Array2DRowRealMatrix(5, 5);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                negH.setEntry(i, j, -h[i * 5 + j]);
            }
        }
        RealMatrix cov = new LUDecomposition(negH).getSolver().getInverse();
        double[] se = new double[5];
        for (int i = 0; i < 5; i++) {
            se[i] = Math.sqrt(cov.getEntry(i, i));
        }
        return se;
    }

    /**
     * 200,000 pairs simulated exactly from the fitted model (zero-truncated gamma–Poisson mixture) with
     * known hyperparameters: every fitted value is within 4.5 standard errors of the truth (standard
     * errors from the observed information at the estimate), and the fit has converged (gradient and
     * Newton decrement at rounding level).
     */
    @ParameterizedTest(name = "truth {0},{1},{2},{3},{4} seed {5}")
    @CsvSource({
        "3.25, 0.4, 2.0, 1.9, 0.065, 1",
        "0.5, 0.1, 3.0, 2.5, 0.2, 3",
        "8.0, 1.0, 1.2, 1.5, 0.1, 4",
    })
    void recoversSimulatedHyperparameters(double a1, double b1, double a2, double b2, double p, long seed) {
        MgpsHyperparameters truth = new MgpsHyperparameters(a1, b1, a2, b2, p);
        SyntheticPairs s = SyntheticPairs.generate(truth, 200_000, seed);
        MgpsFit fit = new MgpsFitter().fit(s.counts, s.expected);
        double[] est = fit.hyperparameters().toArray();
        double[] se = standardErrors(s.counts, s.expected, fit.hyperparameters());
        double[] t = truth.canonical().toArray();
        for (int j = 0; j < 5; j++) {
            assertThat(Math.abs(est[j] - t[j])).as("parameter %d: %s vs truth %s (se %s)", j, est[j], t[j], se[j])
                    .isLessThan(4.5 * se[j]);
        }
        assertThat(fit.pairs()).isEqualTo(200_000);
        assertThat(fit.newtonDecrement()).isLessThan(1e-12);
        assertThat(fit.gradientNorm()).isLessThan(1e-6);
        assertThat(fit.startsConverged()).isGreaterThanOrEqualTo(2);
        assertThat(fit.logLikelihood()).isEqualTo(new MgpsFitter().logLikelihood(fit.hyperparameters(), s.counts, s.expected));
    }

    @Test
    void serialAndParallelFitsAreIdentical() {
        SyntheticPairs s = SyntheticPairs.generate(SyntheticPairs.CAERS_LIKE, 30_000, 5);
        MgpsFit a = new MgpsFitter().fit(s.counts, s.expected);
        MgpsFit b = new MgpsFitter().withParallel(false).fit(s.counts, s.expected);
        assertThat(b).isEqualTo(a);
    }

    @Test
    void orderOfPairsDoesNotMatter() {
        SyntheticPairs s = SyntheticPairs.generate(SyntheticPairs.CAERS_LIKE, 30_000, 6);
        long[] n = s.counts.clone();
        double[] e = s.expected.clone();
        // reverse
        for (int i = 0, j = n.length - 1; i < j; i++, j--) {
            long tn = n[i];
            n[i] = n[j];
            n[j] = tn;
            double te = e[i];
            e[i] = e[j];
            e[j] = te;
        }
        MgpsHyperparameters h = SyntheticPairs.CAERS_LIKE;
        MgpsFitter f = new MgpsFitter().withStartingPoints(List.of(MgpsHyperparameters.DUMOUCHEL_START));
        assertThat(f.logLikelihood(h, n, e)).isEqualTo(f.logLikelihood(h, s.counts, s.expected));
        assertThat(f.fit(n, e)).isEqualTo(f.fit(s.counts, s.expected));
    }

    @Test
    void likelihoodIsLabelInvariant() {
        SyntheticPairs s = SyntheticPairs.generate(SyntheticPairs.CAERS_LIKE, 10_000, 8);
        MgpsHyperparameters h = new MgpsHyperparameters(2.5, 0.3, 1.5, 1.7, 0.2);
        MgpsFitter f = new MgpsFitter();
        double a = f.logLikelihood(h, s.counts, s.expected);
        assertThat(f.logLikelihood(h.swapped(), s.counts, s.expected)).isCloseTo(a, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void singleStartingPointIsReported() {
        SyntheticPairs s = SyntheticPairs.generate(SyntheticPairs.CAERS_LIKE, 50_000, 10);
        MgpsHyperparameters start = new MgpsHyperparameters(1, 1, 2, 2, 0.3);
        MgpsFit fit = new MgpsFitter().withStartingPoints(List.of(start)).fit(s.counts, s.expected);
        assertThat(fit.startingPoint()).isEqualTo(start);
        assertThat(fit.startsTried()).isEqualTo(1);
        assertThat(fit.startsAgreeing()).isZero();
        assertThat(fit.hyperparameters().p()).isLessThanOrEqualTo(0.5);
        assertThat(fit.toString()).contains("logLikelihood=").contains("alpha1=");
    }

    // ------------------------------------------------------------------ input checks

    @Test
    void rejectsInvalidInputNamingTheIndex() {
        MgpsFitter f = new MgpsFitter();
        assertThatThrownBy(() -> f.fit(new long[] {1, 2, 0, 4}, new double[] {1, 1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 2").hasMessageContaining("n >= 1");
        assertThatThrownBy(() -> f.fit(new long[] {1, 2, 3}, new double[] {1, Double.NaN, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> f.fit(new long[] {1, 2, 3}, new double[] {1, 1, 0.0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 2");
        assertThatThrownBy(() -> f.fit(new long[] {1, 2, 3}, new double[] {Double.POSITIVE_INFINITY, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 0");
        assertThatThrownBy(() -> f.fit(new long[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
        assertThatThrownBy(() -> f.logLikelihood(SyntheticPairs.CAERS_LIKE, new long[] {-1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 0");
    }

    @Test
    void rejectsInvalidConfiguration() {
        MgpsFitter f = new MgpsFitter();
        assertThatThrownBy(() -> f.withStartingPoints(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.withTolerance(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.withMaxIterations(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.withMaxEvaluations(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.withExplorationPoints(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.withParameterLimit(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ failures: clear exception, no hang, no NaN

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void allCountsEqualIsNotIdentifiable() {
        long[] n = new long[1000];
        double[] e = new double[1000];
        Arrays.fill(n, 1);
        Arrays.fill(e, 0.37);
        assertThatThrownBy(() -> new MgpsFitter().fit(n, e)).isInstanceOf(MgpsFitException.class)
                .hasMessageContaining("all 1000 pairs have the same count n=1").hasMessageContaining("not identifiable");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void singlePairCannotBeFitted() {
        assertThatThrownBy(() -> new MgpsFitter().fit(new long[] {3}, new double[] {0.2}))
                .isInstanceOf(MgpsFitException.class).hasMessageContaining("same count");
    }

    /**
     * Null data (every pair reported as often as expected: n ~ Poisson(E) given n ≥ 1) have no
     * interior maximum; the default fitter refuses, the boundary fallback returns the edge point,
     * says so, and its prior puts nearly all mass near λ = 1 (the truth here), with a likelihood no
     * worse than at the truth's neighbour DuMouchel start.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void nullDataFallBackToTheEdgeOnlyWhenAllowed() {
        java.util.Random rng = new java.util.Random(11);
        int size = 20_000;
        long[] n = new long[size];
        double[] e = new double[size];
        for (int i = 0; i < size; i++) {
            double ei = Math.exp(rng.nextGaussian() * 1.5 - 1);
            long k;
            do {
                k = new org.apache.commons.math3.distribution.PoissonDistribution(
                        new org.apache.commons.math3.random.Well19937c(rng.nextLong()), ei, 1e-12, 10_000).sample();
            } while (k < 1);
            n[i] = k;
            e[i] = ei;
        }
        assertThatThrownBy(() -> new MgpsFitter().fit(n, e)).isInstanceOf(MgpsFitException.class)
                .hasMessageContaining("edge of the parameter space");
        MgpsFit fit = new MgpsFitter().withBoundaryFallback(true).fit(n, e);
        assertThat(fit.interior()).isFalse();
        assertThat(fit.gradientNorm()).isNaN();
        MgpsHyperparameters h = fit.hyperparameters();
        // the majority component (weight 1 - p) is a near point mass at 1: mean alpha2/beta2 close to 1
        assertThat(h.alpha2() / h.beta2()).isBetween(0.8, 1.25);
        assertThat(1 - h.p()).isGreaterThan(0.8);
        assertThat(fit.logLikelihood()).isGreaterThanOrEqualTo(
                new MgpsFitter().logLikelihood(MgpsHyperparameters.DUMOUCHEL_START, n, e));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoCountsAtOneExpectedHaveNoInteriorMaximum() {
        // only the share of n = 2 among n >= 1 at a single E is identified: one number for five parameters
        long[] n = new long[500];
        double[] e = new double[500];
        for (int i = 0; i < 500; i++) {
            n[i] = i % 5 == 0 ? 2 : 1;
            e[i] = 0.8;
        }
        assertThatThrownBy(() -> new MgpsFitter().fit(n, e)).isInstanceOf(MgpsFitException.class)
                .hasMessageStartingWith("cannot fit MGPS hyperparameters")
                .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("NaN"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void tooFewIterationsIsReported() {
        SyntheticPairs s = SyntheticPairs.generate(SyntheticPairs.CAERS_LIKE, 20_000, 12);
        assertThatThrownBy(() -> new MgpsFitter().withStartingPoints(List.of(MgpsHyperparameters.DUMOUCHEL_START))
                .withMaxEvaluations(50).withMaxIterations(1).fit(s.counts, s.expected))
                .isInstanceOf(MgpsFitException.class).hasMessageContaining("did not converge within 1 iterations");
    }
}
