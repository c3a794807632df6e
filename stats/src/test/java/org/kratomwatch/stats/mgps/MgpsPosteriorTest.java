package org.kratomwatch.stats.mgps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kratomwatch.stats.Estimate;

/**
 * {@link MgpsPosterior} against independently computed values: mpmath fixtures written by
 * {@code src/test/python/mgps_reference.py} (40-digit arithmetic, quantiles by bisection to 1e-25),
 * the values openEBGM prints in its vignette, and a slow bisection on Commons Math's incomplete gamma
 * function; plus seeded property checks.
 */
class MgpsPosteriorTest {

    /** openEBGM vignette 4 ("Empirical Bayes Metrics with openEBGM"): autoHyper on squashed CAERS data. */
    static final MgpsHyperparameters VIGNETTE = new MgpsHyperparameters(3.25379356, 0.39988854, 2.02612692, 1.90807970, 0.06534557);

    private static double rel(double actual, double expected) {
        return expected == 0 ? Math.abs(actual) : Math.abs(actual / expected - 1);
    }

    /**
     * posterior_grid.csv: 160 (hyperparameters, n, E) with n from 0 to 20,000 and E from 1e-4 to
     * 5,000, for the vignette prior and an awkward one (shapes 0.05 and 8, P = 0.7). Tolerances:
     * Q_n 1e-12 absolute, EBGM 1e-12 relative, EB05 and EB95 1e-10 relative.
     */
    @Test
    void gridMatchesMpmath() {
        List<Fixtures.Row> rows = Fixtures.read("posterior_grid.csv");
        assertThat(rows).hasSize(160);
        for (Fixtures.Row r : rows) {
            MgpsPosterior post = new MgpsPosterior(r.hyperparameters());
            long n = r.integer("n");
            double e = r.num("e");
            Estimate s = post.score(n, e);
            String where = r.text("set") + " n=" + n + " E=" + e;
            assertThat(post.qn(n, e)).as("qn " + where).isCloseTo(r.num("qn"), within(1e-12));
            assertThat(rel(s.value(), r.num("ebgm"))).as("ebgm " + where).isLessThan(1e-12);
            assertThat(rel(post.ebgm(n, e), r.num("ebgm"))).as("ebgm() " + where).isLessThan(1e-12);
            assertThat(rel(s.lower(), r.num("eb05"))).as("eb05 " + where).isLessThan(1e-10);
            assertThat(rel(s.upper(), r.num("eb95"))).as("eb95 " + where).isLessThan(1e-10);
        }
    }

    /** posterior_quantiles.csv: 264 quantiles at probabilities from 1e-6 to 1 − 1e-6; 1e-10 relative. */
    @Test
    void quantilesMatchMpmath() {
        List<Fixtures.Row> rows = Fixtures.read("posterior_quantiles.csv");
        assertThat(rows).hasSize(264);
        for (Fixtures.Row r : rows) {
            MgpsPosterior post = new MgpsPosterior(r.hyperparameters());
            double q = post.quantile(r.integer("n"), r.num("e"), r.num("prob"));
            assertThat(rel(q, r.num("quantile"))).as("%s", r).isLessThan(1e-10);
        }
    }

    /**
     * The first rows of openEBGM vignette 4 (N, E as printed; Qn to 7 digits, EBGM, QUANT_05 and
     * QUANT_95 to 2 decimals). openEBGM rounds EBGM to 2 decimals, so ours rounds to the printed value;
     * its quantBisect stops within ±0.005 and then rounds, so ours is within 0.0101.
     */
    @ParameterizedTest(name = "N={0} E={1}")
    @CsvSource({
        "1, 0.0360548272, 0.2819737, 2.23, 0.49, 13.85",
        "1, 0.0038736591, 0.3409653, 2.58, 0.52, 15.78",
        "1, 0.0002979738, 0.3482317, 2.63, 0.52, 16.02",
        "1, 0.0765792610, 0.2226356, 1.92, 0.47, 11.77",
        "1, 0.0527413588, 0.2556670, 2.09, 0.48, 12.95",
        "16, 0.40643623, , 23.26, 15.68, 33.48",
        "19, 0.89690107, , 16.78, 11.65, 23.55",
        "6, 0.07866508, , 18.28, 10.16, 30.83",
        "8, 0.30482718, , 15.25, 9.00, 24.52",
        "11, 0.56317044, , 14.28, 8.98, 21.78",
    })
    void matchesOpenEbgmVignette(long n, double e, Double qn, double ebgm, double q05, double q95) {
        MgpsPosterior post = new MgpsPosterior(VIGNETTE);
        Estimate s = post.score(n, e);
        if (qn != null) {
            assertThat(post.qn(n, e)).isCloseTo(qn, within(6e-8));
        }
        assertThat(Math.round(s.value() * 100) / 100.0).isEqualTo(ebgm);
        assertThat(s.lower()).isCloseTo(q05, within(0.0101));
        assertThat(s.upper()).isCloseTo(q95, within(0.0101));
    }

    // ------------------------------------------------------------------ properties, seeded

    /** A realistic random prior (shapes 0.3–10, rates 0.05–5, P 0.01–0.5) and a pair (n 0–60, E 1e-3–1e3). */
    private static MgpsHyperparameters randomPrior(SplittableRandom r) {
        return new MgpsHyperparameters(0.3 * Math.pow(33.3, r.nextDouble()), 0.05 * Math.pow(100, r.nextDouble()),
                0.3 * Math.pow(33.3, r.nextDouble()), 0.05 * Math.pow(100, r.nextDouble()), 0.01 + 0.49 * r.nextDouble());
    }

    /** The posterior CDF from Commons Math's incomplete gamma (independent of the production kernel). */
    static double slowCdf(MgpsHyperparameters h, long n, double e, double x) {
        MgpsPosterior post = new MgpsPosterior(h);
        double q = post.qn(n, e);
        return q * Gamma.regularizedGammaP(h.alpha1() + n, (h.beta1() + e) * x, 1e-16, 10_000_000)
                + (1 - q) * Gamma.regularizedGammaP(h.alpha2() + n, (h.beta2() + e) * x, 1e-16, 10_000_000);
    }

    /** Obviously-correct quantile: 200 bisections in ln x on {@link #slowCdf} from a very wide bracket. */
    static double slowQuantile(MgpsHyperparameters h, long n, double e, double prob) {
        double lo = -60;
        double hi = 60;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (slowCdf(h, n, e, Math.exp(mid)) < prob) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.exp(0.5 * (lo + hi));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103, 104, 105})
    void scoresAreOrderedAndQuantilesInvertTheCdf(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] probs = {1e-4, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99, 1 - 1e-4};
        for (int i = 0; i < 400; i++) {
            MgpsHyperparameters h = randomPrior(r);
            MgpsPosterior post = new MgpsPosterior(h);
            long n = r.nextInt(4) == 0 ? 0 : (long) Math.floor(Math.pow(60, r.nextDouble()));
            double e = Math.pow(10, -3 + 6 * r.nextDouble());
            Estimate s = post.score(n, e);
            String where = h + " n=" + n + " E=" + e;
            assertThat(s.lower()).as("EB05 <= EBGM " + where).isLessThanOrEqualTo(s.value());
            assertThat(s.value()).as("EBGM <= EB95 " + where).isLessThanOrEqualTo(s.upper());
            double previous = 0;
            for (double p : probs) {
                double x = post.quantile(n, e, p);
                assertThat(x).as("monotone in prob " + where).isGreaterThan(previous);
                previous = x;
                double cdf = slowCdf(h, n, e, x);
                // the tail asked for, to 1e-10 relative
                double err = p <= 0.5 ? Math.abs(cdf - p) / p : Math.abs(cdf - p) / (1 - p);
                assertThat(err).as("CDF(quantile(%s)) %s", p, where).isLessThan(1e-10);
            }
            assertThat(rel(s.lower(), post.quantile(n, e, 0.05))).isLessThan(1e-14);
            assertThat(post.cdf(n, e, s.upper())).isCloseTo(0.95, within(1e-11));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {201, 202})
    void agreesWithSlowBisection(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 60; i++) {
            MgpsHyperparameters h = randomPrior(r);
            long n = r.nextInt(30);
            double e = Math.pow(10, -3 + 5 * r.nextDouble());
            Estimate s = new MgpsPosterior(h).score(n, e);
            assertThat(rel(s.lower(), slowQuantile(h, n, e, 0.05))).as("EB05 %s n=%d E=%s", h, n, e).isLessThan(1e-9);
            assertThat(rel(s.upper(), slowQuantile(h, n, e, 0.95))).as("EB95 %s n=%d E=%s", h, n, e).isLessThan(1e-9);
        }
    }

    /** The posterior does not depend on which component is called 1. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {301, 302})
    void invariantUnderSwappingComponents(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            MgpsHyperparameters h = randomPrior(r);
            long n = r.nextInt(40);
            double e = Math.pow(10, -3 + 5 * r.nextDouble());
            Estimate a = new MgpsPosterior(h).score(n, e);
            Estimate b = new MgpsPosterior(h.swapped()).score(n, e);
            assertThat(rel(b.value(), a.value())).isLessThan(1e-13);
            assertThat(rel(b.lower(), a.lower())).isLessThan(1e-11);
            assertThat(rel(b.upper(), a.upper())).isLessThan(1e-11);
        }
    }

    @Test
    void bulkScoringEqualsSingleScoring() {
        SyntheticPairs s = SyntheticPairs.generate(SyntheticPairs.CAERS_LIKE, 20_000, 7);
        MgpsPosterior post = new MgpsPosterior(VIGNETTE);
        Estimate[] bulk = post.score(s.counts, s.expected);
        for (int i = 0; i < bulk.length; i++) {
            assertThat(bulk[i]).isEqualTo(post.score(s.counts[i], s.expected[i]));
        }
    }

    // ------------------------------------------------------------------ special cases

    @Test
    void zeroCountIsDefined() {
        MgpsPosterior post = new MgpsPosterior(VIGNETTE);
        Estimate s = post.score(0, 0.5);
        assertThat(s.isDefined()).isTrue();
        assertThat(s.lower()).isPositive().isLessThan(s.value());
        assertThat(s.upper()).isGreaterThan(s.value());
        // with E → 0 the posterior of a pair with n = 0 is the prior: Q = P, EBGM = exp(E ln λ) under the prior
        // ψ(3.25379356) and ψ(2.02612692) from mpmath (see NumericsTest)
        double priorLog = VIGNETTE.p() * (1.0183549061328343 - Math.log(VIGNETTE.beta1()))
                + (1 - VIGNETTE.p()) * (0.43949799981138615 - Math.log(VIGNETTE.beta2()));
        assertThat(post.qn(0, 1e-300)).isCloseTo(VIGNETTE.p(), within(1e-15));
        assertThat(post.ebgm(0, 1e-300)).isCloseTo(Math.exp(priorLog), within(1e-14));
    }

    @Test
    void undefinedExpectedGivesUndefinedScores() {
        MgpsPosterior post = new MgpsPosterior(VIGNETTE);
        assertThat(post.score(3, Double.NaN)).isEqualTo(Estimate.UNDEFINED);
        assertThat(post.ebgm(3, Double.NaN)).isNaN();
        assertThat(post.quantile(3, Double.NaN, 0.5)).isNaN();
        assertThat(post.qn(3, Double.NaN)).isNaN();
        assertThat(post.score(new long[] {1, 2}, new double[] {0.5, Double.NaN})[1]).isEqualTo(Estimate.UNDEFINED);
    }

    @Test
    void invalidInputIsRejected() {
        MgpsPosterior post = new MgpsPosterior(VIGNETTE);
        assertThatThrownBy(() -> post.score(-1, 1.0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
        assertThatThrownBy(() -> post.score(1, 0.0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected");
        assertThatThrownBy(() -> post.score(1, -2.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> post.score(1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> post.quantile(1, 1.0, 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> post.quantile(1, 1.0, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> post.score(new long[] {1, 2, -3}, new double[] {1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 2");
        assertThatThrownBy(() -> post.score(new long[] {1}, new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsBeyondTheCacheAgreeWithNeighbours() {
        MgpsPosterior post = new MgpsPosterior(VIGNETTE);
        // the per-count cache holds n < 16384; scores are continuous across it
        Estimate a = post.score(16_383, 8000.0);
        Estimate b = post.score(16_384, 8000.0);
        Estimate c = post.score(16_385, 8000.0);
        assertThat(b.value()).isBetween(a.value(), c.value());
        assertThat(rel(b.lower(), (a.lower() + c.lower()) / 2)).isLessThan(1e-7);
        assertThat(rel(b.upper(), slowQuantile(VIGNETTE, 16_384, 8000.0, 0.95))).isLessThan(1e-9);
    }
}
