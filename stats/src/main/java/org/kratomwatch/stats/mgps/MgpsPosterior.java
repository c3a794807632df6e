package org.kratomwatch.stats.mgps;

import java.util.stream.IntStream;
import org.apache.commons.math3.special.Gamma;
import org.kratomwatch.stats.Estimate;

/**
 * The MGPS posterior of the relative reporting ratio λ of one (drug, event) pair, and the empirical
 * Bayes scores EBGM, EB05 and EB95 (DuMouchel 1999, Am Stat 53:177, eqs. 6–11; as FDA's openEBGM
 * 0.9.1 computes them, Canida &amp; Ihrie 2017, R Journal 9:499).
 *
 * <p>Given hyperparameters θ = (α1, β1, α2, β2, P), observed count n and expected count E:
 * <pre>
 *   f_i(n) = Γ(α_i+n)/(Γ(α_i) n!) · (β_i/(β_i+E))^α_i · (E/(β_i+E))^n        (negative binomial)
 *   Q_n    = P f1(n) / (P f1(n) + (1 − P) f2(n))                           openEBGM Qn (eq. 6)
 *   λ | n  ~ Q_n Γ(α1+n, β1+E) + (1 − Q_n) Γ(α2+n, β2+E)                   (shape, rate)
 *   EBGM   = exp(E[ln λ | n])
 *          = exp(Q_n (ψ(α1+n) − ln(β1+E)) + (1 − Q_n)(ψ(α2+n) − ln(β2+E)))  openEBGM ebgm (eqs. 9–11)
 *   EB05, EB95 = the 5th and 95th percentiles of λ | n                      openEBGM quantBisect(5 / 95)
 * </pre>
 * Q_n uses the untruncated marginals f_i, exactly as openEBGM's {@code Qn} does, even though the
 * hyperparameters are fitted with each component truncated at zero (see {@link MgpsFitter}); this is
 * the posterior of λ for a prior with mixing weight P. Q_n is computed from its log-odds (see
 * {@code logOdds}), so no probability underflows and no digits cancel for large n.
 *
 * <h2>Special cases</h2>
 * <ul>
 *   <li>n = 0 is allowed: the posterior is then the prior updated by "no report" (rates β_i + E,
 *       shapes α_i), still a proper gamma mixture, and all scores are defined. (openEBGM scores
 *       zero cells the same way when they are included.)</li>
 *   <li>An expected count of {@code NaN} (undefined, as {@link org.kratomwatch.stats.ContingencyTable#expected()}
 *       returns for an empty table) gives {@link Estimate#UNDEFINED} / {@code NaN}.</li>
 *   <li>n &lt; 0, or E ≤ 0 or infinite, is a programming error: {@link IllegalArgumentException}.</li>
 *   <li>A quantile below the smallest positive double (only for tiny shapes and n = 0) is returned as 0.</li>
 * </ul>
 *
 * <h2>Quantiles</h2>
 * openEBGM's {@code quantBisect} bisects the mixture CDF to ±0.005 and rounds to 2 decimals. Here
 * the quantile is found to about 1e-13 relative (tested to 1e-10 against mpmath): the mixture
 * p-quantile lies between the two component p-quantiles; a component quantile of Γ(k, r) is the
 * Γ(k, 1) quantile divided by r, and the Γ(α_i+n, 1) quantiles at 0.05 and 0.95 (with the CDF
 * slopes there) are cached per n. A start from a log-linear model of each component's tail about
 * its own quantile (a few exponentials) is followed by a safeguarded Halley iteration on ln F(x) in
 * ln x, with bisection whenever a step leaves the bracket; on a million CAERS-like pairs this takes
 * 2.05 evaluations of the mixture CDF per quantile on average (the second one confirming that the
 * last Halley step was below 1e-6). The lower tail F is used for p ≤ 1/2
 * and the upper tail 1 − F otherwise, so neither loses digits to cancellation. The incomplete gamma
 * function is {@link IncompleteGamma}, which is also what makes this fast: ln Γ of each shape is
 * cached per n rather than recomputed per call as Commons Math's {@code Gamma.regularizedGammaP}
 * does.
 *
 * <p>Instances are immutable in behaviour and thread-safe (per-count constants are cached in a
 * racy single-check array of immutable objects).
 */
public final class MgpsPosterior {

    private static final double LOW = 0.05;
    private static final double HIGH = 0.95;
    private static final int CACHE_SIZE = 1 << 14;
    /** ln of the smallest subnormal double, the floor for ln x. */
    private static final double MIN_LN = -745.2;

    private final MgpsHyperparameters hyperparameters;
    private final double a1;
    private final double b1;
    private final double a2;
    private final double b2;
    private final double lnGammaA1;
    private final double lnGammaA2;
    /** ln(P/(1−P)) + α1 ln β1 − α2 ln β2 − ln Γ(α1) + ln Γ(α2). */
    private final double logOdds0;
    /** β2 − β1. */
    private final double rateGap;
    private final Row[] cache = new Row[CACHE_SIZE];

    /** The posterior for the given prior hyperparameters. */
    public MgpsPosterior(MgpsHyperparameters hyperparameters) {
        this.hyperparameters = hyperparameters;
        this.a1 = hyperparameters.alpha1();
        this.b1 = hyperparameters.beta1();
        this.a2 = hyperparameters.alpha2();
        this.b2 = hyperparameters.beta2();
        this.lnGammaA1 = Gamma.logGamma(a1);
        this.lnGammaA2 = Gamma.logGamma(a2);
        double p = hyperparameters.p();
        this.logOdds0 = Math.log(p) - Numerics.log1p(-p) + a1 * Math.log(b1) - a2 * Math.log(b2) - lnGammaA1 + lnGammaA2;
        this.rateGap = b2 - b1;
    }

    /** The prior hyperparameters. */
    public MgpsHyperparameters hyperparameters() {
        return hyperparameters;
    }

    /** Per-count constants; immutable. */
    private static final class Row {
        final double k1;
        final double k2;
        final double lg1;
        final double lg2;
        /** ln Γ(α1+n) − ln Γ(α2+n). */
        final double gammaGap;
        final long n;
        final double psi1;
        final double psi2;
        final double u1Low;
        final double u1High;
        final double u2Low;
        final double u2High;
        /** Prefactor h = u^k e^{−u}/Γ(k) at each unit quantile (u times the density there). */
        final double h1Low;
        final double h1High;
        final double h2Low;
        final double h2High;

        Row(MgpsPosterior post, long n) {
            k1 = post.a1 + n;
            k2 = post.a2 + n;
            lg1 = Gamma.logGamma(k1);
            lg2 = Gamma.logGamma(k2);
            this.n = n;
            gammaGap = Numerics.lnGammaShift(k2, post.a1 - post.a2);
            psi1 = Numerics.digamma(k1);
            psi2 = Numerics.digamma(k2);
            u1Low = IncompleteGamma.unitQuantile(k1, lg1, LOW);
            u1High = IncompleteGamma.unitQuantile(k1, lg1, HIGH);
            u2Low = IncompleteGamma.unitQuantile(k2, lg2, LOW);
            u2High = IncompleteGamma.unitQuantile(k2, lg2, HIGH);
            h1Low = prefactor(k1, lg1, u1Low);
            h1High = prefactor(k1, lg1, u1High);
            h2Low = prefactor(k2, lg2, u2Low);
            h2High = prefactor(k2, lg2, u2High);
        }

        private static double prefactor(double k, double lg, double u) {
            return u > 0 ? Math.exp(IncompleteGamma.logPrefactor(k, lg, u, Math.log(u))) : 0.0;
        }
    }

    private Row row(long n) {
        if (n < CACHE_SIZE) {
            Row r = cache[(int) n];
            if (r == null) {
                r = new Row(this, n);
                cache[(int) n] = r; // benign race: Row is immutable (final fields)
            }
            return r;
        }
        return new Row(this, n);
    }

    private static void check(long n, double expected) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + n);
        }
        if (!(expected > 0) || expected == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("expected count must be finite and > 0: " + expected);
        }
    }

    /**
     * ln(Q_n / (1 − Q_n)) = ln(P/(1−P)) + ln Γ(α1+n) − ln Γ(α1) − ln Γ(α2+n) + ln Γ(α2) + α1 ln β1
     * − α2 ln β2 − α1 ln(β1+E) + α2 ln(β2+E) + n ln((β2+E)/(β1+E)), arranged so that no two large
     * terms cancel for large n: the ln Γ difference at equal n comes from {@link Numerics#lnGammaShift}
     * and the last logarithm is ln(1 + (β2−β1)/(β1+E)).
     */
    private double logOdds(Row r, double s1, double lnS1, double lnS2) {
        double n = r.n;
        double tail = n == 0 ? 0.0 : n < 64 ? n * (lnS2 - lnS1) : n * Numerics.log1p(rateGap / s1);
        return logOdds0 + r.gammaGap - a1 * lnS1 + a2 * lnS2 + tail;
    }

    /**
     * The posterior of one pair: its count's row, the rates s_i = β_i + E, their logarithms and the
     * mixture weights Q_n and 1 − Q_n, computed once for every posterior quantity.
     */
    private record Mixture(Row r, double s1, double s2, double lnS1, double lnS2, double q1, double q2) {
    }

    private Mixture mixture(long n, double expected) {
        Row r = row(n);
        double s1 = b1 + expected;
        double s2 = b2 + expected;
        double lnS1 = Math.log(s1);
        double lnS2 = Math.log(s2);
        double d = logOdds(r, s1, lnS1, lnS2);
        return new Mixture(r, s1, s2, lnS1, lnS2, 1.0 / (1.0 + Math.exp(-d)), 1.0 / (1.0 + Math.exp(d)));
    }

    /**
     * Q_n, the posterior probability that λ comes from component 1 (openEBGM {@code Qn}); {@code NaN}
     * for an expected count of {@code NaN}.
     */
    public double qn(long n, double expected) {
        if (Double.isNaN(expected)) {
            return Double.NaN;
        }
        check(n, expected);
        return mixture(n, expected).q1();
    }

    /** EBGM = exp(E[ln λ | n]) (openEBGM {@code ebgm}, unrounded); {@code NaN} for an expected count of {@code NaN}. */
    public double ebgm(long n, double expected) {
        if (Double.isNaN(expected)) {
            return Double.NaN;
        }
        check(n, expected);
        Mixture m = mixture(n, expected);
        return Math.exp(m.q1() * (m.r().psi1 - m.lnS1()) + m.q2() * (m.r().psi2 - m.lnS2()));
    }

    /**
     * EBGM with EB05 as {@link Estimate#lower()} and EB95 as {@link Estimate#upper()} (a 90%
     * credibility interval, as in DuMouchel 1999 and openEBGM); {@link Estimate#UNDEFINED} for an
     * expected count of {@code NaN}.
     */
    public Estimate score(long n, double expected) {
        if (Double.isNaN(expected)) {
            return Estimate.UNDEFINED;
        }
        check(n, expected);
        Mixture m = mixture(n, expected);
        Row r = m.r();
        double s1 = m.s1();
        double s2 = m.s2();
        double lnS1 = m.lnS1();
        double lnS2 = m.lnS2();
        double q1 = m.q1();
        double q2 = m.q2();
        double ebgm = Math.exp(q1 * (r.psi1 - lnS1) + q2 * (r.psi2 - lnS2));
        double eb05 = mixtureQuantile(LOW, q1, q2, r.k1, s1, lnS1, r.lg1, r.u1Low / s1, r.h1Low,
                r.k2, s2, lnS2, r.lg2, r.u2Low / s2, r.h2Low);
        double eb95 = mixtureQuantile(HIGH, q1, q2, r.k1, s1, lnS1, r.lg1, r.u1High / s1, r.h1High,
                r.k2, s2, lnS2, r.lg2, r.u2High / s2, r.h2High);
        return new Estimate(ebgm, eb05, eb95);
    }

    /**
     * Scores many pairs (in parallel; each result is the same as {@link #score(long, double)}).
     *
     * @throws IllegalArgumentException naming the first invalid index
     */
    public Estimate[] score(long[] counts, double[] expected) {
        if (counts.length != expected.length) {
            throw new IllegalArgumentException("counts and expected differ in length: " + counts.length + " vs " + expected.length);
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0 || !(expected[i] > 0 || Double.isNaN(expected[i])) || expected[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("invalid pair at index " + i + ": n=" + counts[i] + " E=" + expected[i]);
            }
        }
        Estimate[] out = new Estimate[counts.length];
        IntStream.range(0, counts.length).parallel().forEach(i -> out[i] = score(counts[i], expected[i]));
        return out;
    }

    /**
     * The prob-quantile of λ | n, for 0 &lt; prob &lt; 1 (openEBGM {@code quantBisect} with
     * {@code percent = 100·prob}, to full precision); {@code NaN} for an expected count of
     * {@code NaN}.
     */
    public double quantile(long n, double expected, double prob) {
        if (!(prob > 0 && prob < 1)) {
            throw new IllegalArgumentException("prob must be in (0, 1): " + prob);
        }
        if (Double.isNaN(expected)) {
            return Double.NaN;
        }
        check(n, expected);
        Mixture m = mixture(n, expected);
        Row r = m.r();
        double u1;
        double u2;
        double h1;
        double h2;
        if (prob == LOW) {
            u1 = r.u1Low;
            u2 = r.u2Low;
            h1 = r.h1Low;
            h2 = r.h2Low;
        } else if (prob == HIGH) {
            u1 = r.u1High;
            u2 = r.u2High;
            h1 = r.h1High;
            h2 = r.h2High;
        } else {
            u1 = IncompleteGamma.unitQuantile(r.k1, r.lg1, prob);
            u2 = IncompleteGamma.unitQuantile(r.k2, r.lg2, prob);
            h1 = Row.prefactor(r.k1, r.lg1, u1);
            h2 = Row.prefactor(r.k2, r.lg2, u2);
        }
        return mixtureQuantile(prob, m.q1(), m.q2(), r.k1, m.s1(), m.lnS1(), r.lg1, u1 / m.s1(), h1, r.k2, m.s2(), m.lnS2(),
                r.lg2, u2 / m.s2(), h2);
    }

    /** The posterior CDF P(λ ≤ x | n); {@code NaN} for an expected count of {@code NaN}. */
    public double cdf(long n, double expected, double x) {
        if (Double.isNaN(expected) || Double.isNaN(x)) {
            return Double.NaN;
        }
        check(n, expected);
        if (x <= 0) {
            return 0.0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 1.0;
        }
        Mixture m = mixture(n, expected);
        Row r = m.r();
        double y = Math.log(x);
        double lz1 = m.lnS1() + y;
        double lz2 = m.lnS2() + y;
        double z1 = Math.exp(lz1);
        double z2 = Math.exp(lz2);
        return m.q1() * IncompleteGamma.lower(r.k1, z1, Math.exp(IncompleteGamma.logPrefactor(r.k1, r.lg1, z1, lz1)))
                + m.q2() * IncompleteGamma.lower(r.k2, z2, Math.exp(IncompleteGamma.logPrefactor(r.k2, r.lg2, z2, lz2)));
    }

    /**
     * The prob-quantile of w1 Γ(k1, r1) + w2 Γ(k2, r2), given the component quantiles x1, x2, which
     * bracket it, and the prefactors hStar1, hStar2 (each component's CDF slope in ln x) there.
     *
     * <p>Start: linearising each component CDF in y = ln x at its own quantile,
     * F(y) ≈ p + Σ w_i h*_i (y − y_i), gives y0 = Σ w_i h*_i y_i / Σ w_i h*_i. Then Halley steps on
     * g(y) = ln F(e^y) − ln p (upper tail: ln(1−p) − ln(1 − F)); a step that leaves the bracket of
     * iterates is replaced by bisection. Stop when a Halley step is below 1e-6 in y (its remaining
     * error is of order the step cubed, below 1e-17), a Newton step below 1e-9, or the bracket is
     * below 4e-16 relative.
     */
    static double mixtureQuantile(double prob, double w1, double w2, double k1, double r1, double lnR1, double lg1, double x1,
            double hStar1, double k2, double r2, double lnR2, double lg2, double x2, double hStar2) {
        if (w2 == 0 || x1 == x2) {
            return x1;
        }
        if (w1 == 0) {
            return x2;
        }
        double y1 = x1 > 0 ? Math.log(x1) : MIN_LN;
        double y2 = x2 > 0 ? Math.log(x2) : MIN_LN;
        double lo = Math.min(y1, y2);
        double hi = Math.max(y1, y2);
        double pad = 1e-12 * Math.max(1.0, Math.max(Math.abs(lo), Math.abs(hi)));
        lo -= pad;
        hi += pad;
        boolean upperTail = prob > 0.5;
        double lnTarget = upperTail ? Numerics.log1p(-prob) : Math.log(prob);
        double y = initialGuess(upperTail, prob, w1, y1, hStar1, k1 - x1 * r1, w2, y2, hStar2, k2 - x2 * r2);
        if (!(y >= lo && y <= hi)) {
            y = 0.5 * (lo + hi);
        }
        for (int iter = 0; iter < 200; iter++) {
            double x = Math.exp(y);
            double z1 = r1 * x;
            double z2 = r2 * x;
            double h1 = Math.exp(IncompleteGamma.logPrefactor(k1, lg1, z1, lnR1 + y));
            double h2 = Math.exp(IncompleteGamma.logPrefactor(k2, lg2, z2, lnR2 + y));
            double tail;
            if (upperTail) {
                tail = w1 * IncompleteGamma.upper(k1, z1, h1) + w2 * IncompleteGamma.upper(k2, z2, h2);
            } else {
                tail = w1 * IncompleteGamma.lower(k1, z1, h1) + w2 * IncompleteGamma.lower(k2, z2, h2);
            }
            double g = upperTail ? lnTarget - Math.log(tail) : Math.log(tail) - lnTarget; // increasing in y
            if (g == 0) {
                return x;
            }
            if (g < 0) {
                lo = y;
            } else {
                hi = y;
            }
            double f1 = w1 * h1 + w2 * h2; // |d tail / dy|
            double f2 = w1 * h1 * (k1 - z1) + w2 * h2 * (k2 - z2);
            double next = Double.NaN;
            double tolerance = 0;
            if (tail > 0 && f1 > 0) {
                double d1 = f1 / tail;
                double d2 = upperTail ? f2 / tail + d1 * d1 : f2 / tail - d1 * d1;
                double newton = -g / d1;
                double denom = 1.0 + 0.5 * newton * d2 / d1;
                if (denom > 0.5 && denom < 2.0) {
                    next = y + newton / denom;
                    tolerance = 1e-6;
                } else {
                    next = y + newton;
                    tolerance = 1e-9;
                }
            }
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
                tolerance = 0;
            }
            double scale = Math.max(1.0, Math.abs(y));
            if (Math.abs(next - y) <= tolerance * scale || hi - lo <= 4e-16 * scale) {
                return next <= MIN_LN ? 0.0 : Math.exp(next);
            }
            y = next;
        }
        throw new ArithmeticException("MGPS posterior quantile did not converge: prob=" + prob + " k1=" + k1 + " k2=" + k2);
    }

    /**
     * Start for {@link #mixtureQuantile}: each component's tail is modelled as log-linear in y about
     * its own quantile, ln G_i(y) ≈ ln p + c_i (y − y_i) with c_i = h*_i/p (upper tail:
     * ln(1 − G_i) ≈ ln(1−p) − c_i (y − y_i), c_i = h*_i/(1−p)), which is exact in slope at y_i and
     * lets a far-away component fade out as it should; the model equation Σ w_i e^{±c_i (y − y_i)} = 1
     * is convex and monotone, and Newton from the nearer single-component solution converges to it
     * monotonically. The curvature of each log-tail at its quantile (known exactly from k and u) then
     * refines that by a few Newton steps on the quadratic model, kept only while it stays monotone.
     * Costs a few exponentials, no incomplete gamma function.
     */
    private static double initialGuess(boolean upperTail, double prob, double w1, double y1, double hStar1, double gap1,
            double w2, double y2, double hStar2, double gap2) {
        double tail = upperTail ? 1.0 - prob : prob;
        double sign = upperTail ? -1.0 : 1.0;
        double c1 = sign * hStar1 / tail;
        double c2 = sign * hStar2 / tail;
        if (!(Math.abs(c1) > 0 && Math.abs(c2) > 0)) {
            return w1 * y1 + w2 * y2;
        }
        double ya = y1 - Math.log(w1) / c1;
        double yb = y2 - Math.log(w2) / c2;
        double y = upperTail ? Math.max(ya, yb) : Math.min(ya, yb);
        for (int i = 0; i < 6; i++) {
            double t1 = w1 * Math.exp(c1 * (y - y1));
            double t2 = w2 * Math.exp(c2 * (y - y2));
            double step = (t1 + t2 - 1.0) / (c1 * t1 + c2 * t2);
            if (!Double.isFinite(step)) {
                break;
            }
            y -= step;
            if (Math.abs(step) < 1e-3) {
                break;
            }
        }
        // Second order: the curvature of each log-tail at its quantile, (signed c)(k − u) − c², where
        // gap = k − u; a few Newton steps on Σ w_i exp(c_i δ_i + d_i δ_i²/2) = 1, kept only while the
        // model stays monotone in the right direction.
        double d1 = c1 * gap1 - c1 * c1;
        double d2 = c2 * gap2 - c2 * c2;
        double yq = y;
        for (int i = 0; i < 4; i++) {
            double e1 = yq - y1;
            double e2 = yq - y2;
            double t1 = w1 * Math.exp(e1 * (c1 + 0.5 * d1 * e1));
            double t2 = w2 * Math.exp(e2 * (c2 + 0.5 * d2 * e2));
            double slope = t1 * (c1 + d1 * e1) + t2 * (c2 + d2 * e2);
            double step = (t1 + t2 - 1.0) / slope;
            if (!(sign * slope > 0) || !(Math.abs(step) < 1.0)) {
                return y;
            }
            yq -= step;
            if (Math.abs(step) < 1e-4) {
                break;
            }
        }
        return yq;
    }

    @Override
    public String toString() {
        return "MgpsPosterior[" + hyperparameters + "]";
    }
}
