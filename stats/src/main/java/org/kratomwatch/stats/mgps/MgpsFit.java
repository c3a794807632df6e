package org.kratomwatch.stats.mgps;

import java.util.Locale;

/**
 * The result of {@link MgpsFitter#fit}: maximum-likelihood MGPS hyperparameters and how they were
 * found.
 *
 * <p>The likelihood is the zero-truncated marginal likelihood over all pairs with n ≥ 1 (openEBGM's
 * {@code negLL} with {@code N_star = 1}; see {@link MgpsFitter}); {@link #logLikelihood()} includes
 * the ln n! constants, so {@link #negativeLogLikelihood()} compares directly with the
 * {@code minimum} that openEBGM's {@code exploreHypers}/{@code autoHyper} print (4162.456 on its
 * CAERS example data).
 *
 * @param hyperparameters the maximum-likelihood estimate, labelled so that P ≤ 1/2
 *                        ({@link MgpsHyperparameters#canonical()})
 * @param logLikelihood   the maximised log-likelihood ℓ(θ̂)
 * @param pairs           number of pairs the likelihood was maximised over
 * @param distinctPairs   number of distinct (n, E) among them (the likelihood is evaluated once per
 *                        distinct pair, weighted by its multiplicity)
 * @param startingPoint   the starting point (as configured) from which the winning optimum was
 *                        reached
 * @param startsTried     number of starting points tried
 * @param startsConverged number of starting points whose start search converged to an interior point
 * @param startsAgreeing  number of other converged starting points that reached the same optimum
 *                        within openEBGM {@code autoHyper}'s default tolerances (0.05, 0.05, 0.2, 0.2,
 *                        0.025); openEBGM requires at least 1
 * @param startsAtBoundary number of starting points whose start search ran to the edge of the search
 *                        box (an α or β at the parameter limit or at 1e-6, or |logit P| at 20) and was
 *                        discarded, as openEBGM discards estimates that are not {@code in_bounds}
 * @param iterations      Newton iterations on the exact likelihood
 * @param evaluations     likelihood evaluations in total (start search on the squashed data and
 *                        Newton on the exact data)
 * @param gradientNorm    Euclidean norm of ∂ℓ/∂θ at θ̂ (θ in openEBGM order; compare nlm's
 *                        {@code $gradient})
 * @param newtonDecrement ½ gᵀ(−H)⁻¹g at θ̂ in the optimiser's log/logit coordinates: the increase in ℓ
 *                        that one more Newton step would promise (0 at an exact maximum)
 */
public record MgpsFit(
        MgpsHyperparameters hyperparameters,
        double logLikelihood,
        long pairs,
        int distinctPairs,
        MgpsHyperparameters startingPoint,
        int startsTried,
        int startsConverged,
        int startsAgreeing,
        int startsAtBoundary,
        int iterations,
        int evaluations,
        double gradientNorm,
        double newtonDecrement) {

    /**
     * True for an interior maximum found by Newton's method (the normal case); false for the edge
     * point returned by a fitter with {@link MgpsFitter#withBoundaryFallback(boolean)} when the data
     * have no interior maximum (gradient norm and Newton decrement are then NaN).
     */
    public boolean interior() {
        return !Double.isNaN(newtonDecrement);
    }

    /** −ℓ(θ̂), openEBGM's {@code minimum}. */
    public double negativeLogLikelihood() {
        return -logLikelihood;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "MgpsFit[%s, logLikelihood=%.10g, pairs=%d (%d distinct), start=%s, starts %d tried / %d converged / %d agreeing / %d at boundary,"
                        + " iterations=%d, evaluations=%d, |grad|=%.3g, decrement=%.3g]",
                hyperparameters, logLikelihood, pairs, distinctPairs, startingPoint, startsTried, startsConverged,
                startsAgreeing, startsAtBoundary, iterations, evaluations, gradientNorm, newtonDecrement);
    }
}
