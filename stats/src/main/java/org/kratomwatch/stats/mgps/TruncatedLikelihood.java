package org.kratomwatch.stats.mgps;

import java.util.stream.IntStream;
import org.apache.commons.math3.special.Gamma;

/**
 * The zero-truncated marginal log-likelihood of the MGPS hyperparameters, with its exact gradient
 * and Hessian.
 *
 * <p>For a pair with count n ≥ 1 and expected count E, component i of the marginal is the negative
 * binomial f_i(n) = Γ(α_i+n)/(Γ(α_i) n!) · (β_i/(β_i+E))^α_i · (E/(β_i+E))^n (DuMouchel 1999, eq. 5),
 * truncated at zero: g_i(n) = f_i(n)/(1 − f_i(0)), f_i(0) = (β_i/(β_i+E))^α_i. The log-likelihood is
 *
 * <pre>
 *   ℓ(θ) = Σ_groups w · ln[ P g_1(n) + (1 − P) g_2(n) ]
 * </pre>
 *
 * which is minus openEBGM's {@code negLL(theta, N, E, N_star = 1)} (and its {@code negLLsquash} with
 * weights), including the ln n! constant, so values compare directly with openEBGM's printed minima.
 *
 * <p>Numerics: with L = ln(1 + E/β) (computed by an accurate log1p) and x = αL,
 * ln g = [ln Γ(α+n) − ln Γ(α) − ln n!] + n ln E − n ln(β+E) − ln(e^x − 1): the α ln(β/(β+E)) of f
 * cancels against the truncation term exactly, and e^x − 1 is an accurate expm1, so no term loses
 * precision as E/β → 0 (where f(0) → 1). The mixture is combined in log space.
 *
 * <p>Derivatives (θ-space), with q = 1/(e^x − 1), a = ln g:
 * ∂a/∂α = ψ(α+n) − ψ(α) − (1+q)L; ∂a/∂β = ((1+q)αE/β − n)/(β+E); the second derivatives follow by
 * differentiating once more (see {@link #accumulate}); the responsibility r = P g_1/(P g_1 + (1−P) g_2)
 * gives ∂ℓ/∂θ_1 = w r ∂a_1/∂θ_1, ∂ℓ/∂θ_2 = w (1−r) ∂a_2/∂θ_2, ∂ℓ/∂P = w (r − P)/(P(1−P)). These agree
 * with openEBGM's score functions ({@code .scoreAlpha}, {@code .scoreBeta}, {@code .scoreFrac} in
 * {@code f_EM_scoreFunctions.R}); {@code TruncatedLikelihoodTest} checks them against finite
 * differences.
 *
 * <p>Sums run over fixed chunks of groups (in parallel when large) and are added in chunk order, so
 * results do not depend on the number of threads.
 */
final class TruncatedLikelihood {

    private static final int CHUNK = 8192;
    private static final int PARALLEL_THRESHOLD = 4 * CHUNK;

    /** Number of doubles in a full evaluation: value, gradient (5), Hessian upper triangle (15). */
    static final int FULL = 21;

    private final PairData data;
    private final boolean parallel;

    TruncatedLikelihood(PairData data, boolean parallel) {
        this.data = data;
        this.parallel = parallel && data.groups() >= PARALLEL_THRESHOLD;
    }

    PairData data() {
        return data;
    }

    /** ℓ(θ); θ in openEBGM order. */
    double value(double[] theta) {
        return run(theta, false)[0];
    }

    /**
     * ℓ(θ) with gradient and Hessian in θ-space.
     *
     * @param grad receives ∂ℓ/∂θ (5)
     * @param hess receives ∂²ℓ/∂θ∂θ' (5×5, row-major, symmetric)
     * @return ℓ(θ)
     */
    double evaluate(double[] theta, double[] grad, double[] hess) {
        double[] s = run(theta, true);
        System.arraycopy(s, 1, grad, 0, 5);
        int t = 6;
        for (int i = 0; i < 5; i++) {
            for (int j = i; j < 5; j++) {
                hess[i * 5 + j] = s[t];
                hess[j * 5 + i] = s[t];
                t++;
            }
        }
        return s[0];
    }

    private double[] run(double[] theta, boolean derivatives) {
        PerCount pc = new PerCount(data, theta, derivatives);
        int groups = data.groups();
        int chunks = (groups + CHUNK - 1) / CHUNK;
        int width = derivatives ? FULL : 1;
        double[][] partial = new double[Math.max(chunks, 1)][];
        IntStream range = IntStream.range(0, chunks);
        if (parallel) {
            range = range.parallel();
        }
        range.forEach(c -> {
            double[] acc = new double[width];
            int from = c * CHUNK;
            int to = Math.min(groups, from + CHUNK);
            if (derivatives) {
                accumulate(theta, pc, from, to, acc);
            } else {
                accumulateValue(theta, pc, from, to, acc);
            }
            partial[c] = acc;
        });
        double[] total = new double[width];
        for (int c = 0; c < chunks; c++) {
            for (int k = 0; k < width; k++) {
                total[k] += partial[c][k];
            }
        }
        return total;
    }

    /** Per distinct count: ln Γ(α+n) − ln Γ(α) − ln n!, and derivative differences ψ, ψ'. */
    private static final class PerCount {
        final double[] c1;
        final double[] c2;
        final double[] psi1;
        final double[] psi2;
        final double[] tri1;
        final double[] tri2;

        PerCount(PairData data, double[] theta, boolean derivatives) {
            int k = data.countValues.length;
            c1 = new double[k];
            c2 = new double[k];
            psi1 = derivatives ? new double[k] : null;
            psi2 = derivatives ? new double[k] : null;
            tri1 = derivatives ? new double[k] : null;
            tri2 = derivatives ? new double[k] : null;
            double a1 = theta[0];
            double a2 = theta[2];
            double lg1 = Gamma.logGamma(a1);
            double lg2 = Gamma.logGamma(a2);
            double dg1 = derivatives ? Numerics.digamma(a1) : 0;
            double dg2 = derivatives ? Numerics.digamma(a2) : 0;
            double tg1 = derivatives ? Numerics.trigamma(a1) : 0;
            double tg2 = derivatives ? Numerics.trigamma(a2) : 0;
            for (int i = 0; i < k; i++) {
                double n = data.countValues[i];
                c1[i] = Numerics.lnGammaRatio(a1, n, lg1) - data.lnFactorial[i];
                c2[i] = Numerics.lnGammaRatio(a2, n, lg2) - data.lnFactorial[i];
                if (derivatives) {
                    psi1[i] = Numerics.digammaDifference(a1, n, dg1);
                    psi2[i] = Numerics.digammaDifference(a2, n, dg2);
                    tri1[i] = Numerics.trigammaDifference(a1, n, tg1);
                    tri2[i] = Numerics.trigammaDifference(a2, n, tg2);
                }
            }
        }
    }

    /**
     * ln(e^x − 1) for x &gt; 0: accurate expm1 below 36, and x itself above (e^{−36} is below half an
     * ulp of 1, so ln(1 − e^{−x}) no longer changes the sum).
     */
    private static double lnExpm1(double x) {
        return x > 36.0 ? x : Math.log(Numerics.expm1(x));
    }

    private void accumulateValue(double[] theta, PerCount pc, int from, int to, double[] acc) {
        double a1 = theta[0];
        double b1 = theta[1];
        double a2 = theta[2];
        double b2 = theta[3];
        double p = theta[4];
        double lnP = Math.log(p);
        double lnQ = Numerics.log1p(-p);
        double lnB1 = Math.log(b1);
        double lnB2 = Math.log(b2);
        double invB1 = 1.0 / b1;
        double invB2 = 1.0 / b2;
        int[] ci = data.countIndex;
        double[] nn = data.n;
        double[] ee = data.e;
        double[] le = data.lnE;
        double[] ww = data.w;
        double sum = 0;
        double comp = 0;
        for (int j = from; j < to; j++) {
            double n = nn[j];
            double e = ee[j];
            int k = ci[j];
            double l1 = Numerics.log1p(e * invB1);
            double l2 = Numerics.log1p(e * invB2);
            double lg1 = pc.c1[k] + n * (le[j] - lnB1 - l1) - lnExpm1(a1 * l1);
            double lg2 = pc.c2[k] + n * (le[j] - lnB2 - l2) - lnExpm1(a2 * l2);
            double u = lnP + lg1;
            double v = lnQ + lg2;
            double term = (u >= v ? u : v) + Numerics.log1p(Math.exp(-Math.abs(u - v)));
            // Neumaier-compensated sum of w·term
            double x = ww[j] * term;
            double t = sum + x;
            comp += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
        }
        acc[0] += sum + comp;
    }

    /**
     * Value, gradient and Hessian contributions of groups [from, to). Per component, with
     * t = E/β, s = β+E, L = ln(1+t), x = αL, q = 1/(e^x − 1), x_β = −αt/s:
     * <pre>
     *   a_α  = ψ(α+n) − ψ(α) − (1+q)L
     *   a_β  = ((1+q)αt − n)/s
     *   a_αα = ψ'(α+n) − ψ'(α) + q(1+q)L²
     *   a_αβ = (1+q)t/s + q(1+q)L x_β
     *   a_ββ = n/s² − (1+q)αt(2β+E)/(βs²) + q(1+q)x_β²
     * </pre>
     */
    private void accumulate(double[] theta, PerCount pc, int from, int to, double[] acc) {
        double a1 = theta[0];
        double b1 = theta[1];
        double a2 = theta[2];
        double b2 = theta[3];
        double p = theta[4];
        double lnP = Math.log(p);
        double lnQ = Numerics.log1p(-p);
        double pq = p * (1 - p);
        double lnB1 = Math.log(b1);
        double lnB2 = Math.log(b2);
        double invB1 = 1.0 / b1;
        double invB2 = 1.0 / b2;
        int[] ci = data.countIndex;
        double[] nn = data.n;
        double[] ee = data.e;
        double[] le = data.lnE;
        double[] ww = data.w;
        double value = 0;
        double valueComp = 0;
        double gA1 = 0, gB1 = 0, gA2 = 0, gB2 = 0, gP = 0;
        double hA1A1 = 0, hA1B1 = 0, hA1A2 = 0, hA1B2 = 0, hA1P = 0;
        double hB1B1 = 0, hB1A2 = 0, hB1B2 = 0, hB1P = 0;
        double hA2A2 = 0, hA2B2 = 0, hA2P = 0;
        double hB2B2 = 0, hB2P = 0;
        double hPP = 0;
        for (int j = from; j < to; j++) {
            double n = nn[j];
            double e = ee[j];
            double w = ww[j];
            int k = ci[j];

            // The two components are written out rather than looped over: this is the innermost loop of
            // the Newton fit (every distinct pair, every iteration), and scalar locals keep it allocation-free.
            // component 1
            double t1 = e * invB1;
            double s1 = b1 + e;
            double is1 = 1.0 / s1;
            double l1 = Numerics.log1p(t1);
            double x1 = a1 * l1;
            double q1;
            double lnEm1;
            if (x1 > 36.0) {
                lnEm1 = x1;
                q1 = Math.exp(-x1);
            } else {
                double em = Numerics.expm1(x1);
                lnEm1 = Math.log(em);
                q1 = 1.0 / em;
            }
            double lg1 = pc.c1[k] + n * (le[j] - lnB1 - l1) - lnEm1;
            double qq1 = q1 * (1 + q1);
            double xb1 = -a1 * t1 * is1;
            double dA1 = pc.psi1[k] - (1 + q1) * l1;
            double dB1 = ((1 + q1) * a1 * t1 - n) * is1;
            double dA1A1 = pc.tri1[k] + qq1 * l1 * l1;
            double dA1B1 = (1 + q1) * t1 * is1 + qq1 * l1 * xb1;
            double dB1B1 = n * is1 * is1 - (1 + q1) * a1 * t1 * (2 * b1 + e) * invB1 * is1 * is1 + qq1 * xb1 * xb1;

            // component 2
            double t2 = e * invB2;
            double s2 = b2 + e;
            double is2 = 1.0 / s2;
            double l2 = Numerics.log1p(t2);
            double x2 = a2 * l2;
            double q2;
            double lnEm2;
            if (x2 > 36.0) {
                lnEm2 = x2;
                q2 = Math.exp(-x2);
            } else {
                double em = Numerics.expm1(x2);
                lnEm2 = Math.log(em);
                q2 = 1.0 / em;
            }
            double lg2 = pc.c2[k] + n * (le[j] - lnB2 - l2) - lnEm2;
            double qq2 = q2 * (1 + q2);
            double xb2 = -a2 * t2 * is2;
            double dA2 = pc.psi2[k] - (1 + q2) * l2;
            double dB2 = ((1 + q2) * a2 * t2 - n) * is2;
            double dA2A2 = pc.tri2[k] + qq2 * l2 * l2;
            double dA2B2 = (1 + q2) * t2 * is2 + qq2 * l2 * xb2;
            double dB2B2 = n * is2 * is2 - (1 + q2) * a2 * t2 * (2 * b2 + e) * invB2 * is2 * is2 + qq2 * xb2 * xb2;

            // mixture
            double u = lnP + lg1;
            double v = lnQ + lg2;
            double ex = Math.exp(-Math.abs(u - v));
            double term = (u >= v ? u : v) + Numerics.log1p(ex);
            double r = u >= v ? 1.0 / (1.0 + ex) : ex / (1.0 + ex);
            double r1 = 1.0 - r;
            double rr = r * r1;

            double x = w * term;
            double tv = value + x;
            valueComp += Math.abs(value) >= Math.abs(x) ? (value - tv) + x : (x - tv) + value;
            value = tv;

            double wr = w * r;
            double wr1 = w * r1;
            double wrr = w * rr;
            double dp = (r - p) / pq;
            gA1 += wr * dA1;
            gB1 += wr * dB1;
            gA2 += wr1 * dA2;
            gB2 += wr1 * dB2;
            gP += w * dp;

            hA1A1 += wr * dA1A1 + wrr * dA1 * dA1;
            hA1B1 += wr * dA1B1 + wrr * dA1 * dB1;
            hB1B1 += wr * dB1B1 + wrr * dB1 * dB1;
            hA2A2 += wr1 * dA2A2 + wrr * dA2 * dA2;
            hA2B2 += wr1 * dA2B2 + wrr * dA2 * dB2;
            hB2B2 += wr1 * dB2B2 + wrr * dB2 * dB2;
            hA1A2 -= wrr * dA1 * dA2;
            hA1B2 -= wrr * dA1 * dB2;
            hB1A2 -= wrr * dB1 * dA2;
            hB1B2 -= wrr * dB1 * dB2;
            double wrrp = wrr / pq;
            hA1P += wrrp * dA1;
            hB1P += wrrp * dB1;
            hA2P -= wrrp * dA2;
            hB2P -= wrrp * dB2;
            hPP -= w * dp * dp;
        }
        acc[0] += value + valueComp;
        acc[1] += gA1;
        acc[2] += gB1;
        acc[3] += gA2;
        acc[4] += gB2;
        acc[5] += gP;
        // upper triangle, row-major over (α1, β1, α2, β2, P)
        acc[6] += hA1A1;
        acc[7] += hA1B1;
        acc[8] += hA1A2;
        acc[9] += hA1B2;
        acc[10] += hA1P;
        acc[11] += hB1B1;
        acc[12] += hB1A2;
        acc[13] += hB1B2;
        acc[14] += hB1P;
        acc[15] += hA2A2;
        acc[16] += hA2B2;
        acc[17] += hA2P;
        acc[18] += hB2B2;
        acc[19] += hB2P;
        acc[20] += hPP;
    }
}
