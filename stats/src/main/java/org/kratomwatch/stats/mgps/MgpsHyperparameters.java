package org.kratomwatch.stats.mgps;

import java.util.Locale;

/**
 * Hyperparameters θ = (α1, β1, α2, β2, P) of the MGPS prior: the true relative reporting ratio λ of
 * a (drug, event) pair is drawn from the two-component gamma mixture
 *
 * <pre>
 *   λ ~ P · Γ(α1, β1) + (1 − P) · Γ(α2, β2)        (shape α, rate β; mean α/β)
 * </pre>
 *
 * (DuMouchel 1999, Am Stat 53:177, eq. 4; openEBGM's {@code theta} vector in the same order, Canida
 * &amp; Ihrie 2017, R Journal 9:499). All five values must be finite, the shapes and rates strictly
 * positive and 0 &lt; P &lt; 1.
 *
 * <p>The mixture is unchanged by swapping the components and replacing P by 1 − P;
 * {@link #canonical()} picks the labelling with P ≤ 1/2 (component 1 is the minority component),
 * which {@link MgpsFitter} reports and which matches openEBGM's published CAERS estimates.
 *
 * @param alpha1 shape of component 1
 * @param beta1  rate of component 1
 * @param alpha2 shape of component 2
 * @param beta2  rate of component 2
 * @param p      prior weight of component 1
 */
public record MgpsHyperparameters(double alpha1, double beta1, double alpha2, double beta2, double p) {

    /**
     * DuMouchel's (1999) suggested starting values (α1, β1, α2, β2, P) = (0.2, 0.1, 2, 4, 1/3), also
     * the first row of openEBGM's example {@code theta_init}.
     */
    public static final MgpsHyperparameters DUMOUCHEL_START = new MgpsHyperparameters(0.2, 0.1, 2.0, 4.0, 1.0 / 3.0);

    public MgpsHyperparameters {
        requirePositive("alpha1", alpha1);
        requirePositive("beta1", beta1);
        requirePositive("alpha2", alpha2);
        requirePositive("beta2", beta2);
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("MGPS hyperparameter p must satisfy 0 < p < 1, got " + p);
        }
    }

    private static void requirePositive(String name, double v) {
        if (!Numerics.isPositiveFinite(v)) {
            throw new IllegalArgumentException("MGPS hyperparameter " + name + " must be finite and > 0, got " + v);
        }
    }

    /** Builds from openEBGM's order (α1, β1, α2, β2, P). */
    public static MgpsHyperparameters of(double[] theta) {
        if (theta.length != 5) {
            throw new IllegalArgumentException("MGPS hyperparameters need 5 values (alpha1, beta1, alpha2, beta2, p), got "
                    + theta.length);
        }
        return new MgpsHyperparameters(theta[0], theta[1], theta[2], theta[3], theta[4]);
    }

    /** The five values in openEBGM's order (α1, β1, α2, β2, P); a fresh array. */
    public double[] toArray() {
        return new double[] {alpha1, beta1, alpha2, beta2, p};
    }

    /** The same prior with the components swapped: (α2, β2, α1, β1, 1 − P). */
    public MgpsHyperparameters swapped() {
        return new MgpsHyperparameters(alpha2, beta2, alpha1, beta1, 1.0 - p);
    }

    /** This prior labelled so that P ≤ 1/2 (swapped if P &gt; 1/2). */
    public MgpsHyperparameters canonical() {
        return p > 0.5 ? swapped() : this;
    }

    /** Prior mean of λ: P α1/β1 + (1 − P) α2/β2. */
    public double priorMean() {
        return p * alpha1 / beta1 + (1 - p) * alpha2 / beta2;
    }

    /** For example {@code MgpsHyperparameters[alpha1=3.25597, beta1=0.399990, alpha2=2.02376, beta2=1.90614, p=0.0653076]}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MgpsHyperparameters[alpha1=%.6g, beta1=%.6g, alpha2=%.6g, beta2=%.6g, p=%.6g]",
                alpha1, beta1, alpha2, beta2, p);
    }
}
