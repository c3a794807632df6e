package org.kratomwatch.stats.mgps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Maximum-likelihood fitting of the MGPS hyperparameters θ = (α1, β1, α2, β2, P) (DuMouchel 1999,
 * Am Stat 53:177, section 3; as FDA's openEBGM 0.9.1 does it, Canida &amp; Ihrie 2017, R Journal
 * 9:499).
 *
 * <h2>What is maximised</h2>
 * Over all pairs with observed count n ≥ 1 and expected count E &gt; 0, the zero-truncated marginal
 * likelihood
 * <pre>
 *   L(θ) = Π_pairs [ P f1(n)/(1 − f1(0)) + (1 − P) f2(n)/(1 − f2(0)) ],
 *   f_i(n) = Γ(α_i+n)/(Γ(α_i) n!) · (β_i/(β_i+E))^α_i · (E/(β_i+E))^n     (negative binomial)
 * </pre>
 * — exactly openEBGM's {@code negLL(theta, N, E, N_star = 1)}, the function its {@code autoHyper}
 * minimises on unsquashed data without zero counts (openEBGM's {@code negLLzero} is the untruncated
 * variant for tables that include the zero cells, and {@code negLLsquash} the same truncated
 * likelihood on squashed, weighted data). Identical (n, E) pairs are grouped with integer weights,
 * which changes nothing in the likelihood.
 *
 * <h2>How</h2>
 * <ol>
 *   <li>Start search, in the spirit of openEBGM's {@code exploreHypers}: from each configured
 *       starting point (by default the five rows of openEBGM's example {@code theta_init}, which start
 *       with DuMouchel's (0.2, 0.1, 2, 4, 1/3), and two more), Commons Math's {@link BOBYQAOptimizer}
 *       maximises the likelihood in the coordinates (ln α1, ln β1, ln α2, ln β2, logit P) within
 *       α, β ∈ [1e-6, {@link #withParameterLimit(double) parameterLimit}] (default 100, openEBGM's
 *       {@code param_limit}) and |logit P| ≤ 20. A start that ends on that edge is discarded, as
 *       {@code exploreHypers} marks such estimates not {@code in_bounds}. Where there are more than
 *       {@link #withExplorationPoints(int) explorationPoints} distinct pairs, the start search runs on
 *       a squashed copy (openEBGM's {@code squashData} idea, here with cells of equal relative width in
 *       E within each n); the squashed likelihood only chooses where to start.</li>
 *   <li>Where the data have more than 50,000 distinct pairs, Newton's method (below) first runs on a
 *       finer squashed copy of about 50,000 points, which costs milliseconds and leaves the exact
 *       stage about two iterations.</li>
 *   <li>Newton's method on the exact grouped likelihood, with its analytic gradient and Hessian, from
 *       the best interior start-search optimum (and from up to two other, different local optima
 *       within 2 log-likelihood units of it): eigenvalue-safeguarded directions, backtracking line
 *       search, and convergence when the Newton decrement ½ gᵀ(−H)⁻¹g falls below the
 *       {@link #withTolerance(double) tolerance} with −H positive definite, followed by that last
 *       step. Near the maximum it converges quadratically, so the optimum is found to the precision
 *       the data determine it (about 1e-8 relative in θ), not to an optimiser's stopping rule.</li>
 * </ol>
 * The estimate is reported with P ≤ 1/2 ({@link MgpsHyperparameters#canonical()}). Like openEBGM's
 * {@code autoHyper} (which takes the smallest {@code minimum} among converged, in-bounds starts), the
 * answer is the best local maximum that the starting points reach: the likelihood can have several.
 * On openEBGM's own CAERS data there is a second interior local maximum (α1 ≈ 20.96, β1 ≈ 1.658,
 * α2 ≈ 1.738, β2 ≈ 1.564, P ≈ 0.0349) whose log-likelihood is higher by 0.275 than that of the
 * published estimate; neither openEBGM's starting points nor the defaults here reach it, so with the
 * defaults the result is openEBGM's (see {@code CaersMgpsTest}).
 *
 * <h2>Correspondence with openEBGM</h2>
 * {@link #fit} ≈ {@code autoHyper(data, theta_init, squashed = FALSE, zeroes = FALSE, N_star = 1)}
 * (with {@code exploreHypers} for the start search); {@link #logLikelihood} = −{@code negLL(theta,
 * N, E, N_star = 1)}; {@link MgpsFit#startsAgreeing()} is autoHyper's {@code num_close}.
 *
 * <h2>Failures</h2>
 * {@link MgpsFitException} with a readable message when all pairs share one count (a two-component
 * prior is not identifiable), when from every start the likelihood increases towards the edge of
 * the search box (no interior maximum), when no start gives a finite likelihood, or when Newton
 * stalls, ends where the likelihood is not strictly concave, or does not converge within
 * {@link #withMaxIterations(int) maxIterations}. There is no hang and no NaN result.
 *
 * <p>Instances are immutable and thread-safe; the {@code with...} methods return modified copies.
 */
public final class MgpsFitter {

    /**
     * Default starting points: openEBGM's vignette {@code theta_init} rows (the first is DuMouchel's
     * 1999 suggestion), its {@code hyperEM} example start (1, 1, 2, 2, 0.3), and a start near a
     * typical spontaneous-reporting optimum (3, 0.5, 2, 2, 0.1).
     */
    public static final List<MgpsHyperparameters> DEFAULT_STARTS = List.of(
            MgpsHyperparameters.DUMOUCHEL_START,
            new MgpsHyperparameters(0.1, 0.1, 10, 10, 0.2),
            new MgpsHyperparameters(0.3, 0.5, 6, 6, 0.5),
            new MgpsHyperparameters(0.5, 0.3, 12, 12, 0.8),
            new MgpsHyperparameters(0.2, 0.2, 5, 5, 0.4),
            new MgpsHyperparameters(1, 1, 2, 2, 0.3),
            new MgpsHyperparameters(3, 0.5, 2, 2, 0.1));

    /** openEBGM's default {@code param_limit}: estimates of α or β at or above it are not accepted. */
    public static final double DEFAULT_PARAMETER_LIMIT = 100;
    /** Lower end of the search for α and β, and the limit of |logit P|. */
    static final double MIN_SCALE = 1e-6;
    static final double MAX_LOGIT = 20;
    /** Size of the finer squashed copy on which Newton refines each candidate before the exact stage. */
    private static final int REFINE_POINTS = 50_000;
    /** Distance (in log/logit units) from a bound within which a point counts as on the boundary. */
    private static final double AT_BOUND = 1e-3;
    /** openEBGM autoHyper's default {@code tol}: how close two estimates must be to "agree". */
    private static final double[] AGREE = {0.05, 0.05, 0.2, 0.2, 0.025};
    private static final String[] NAMES = {"alpha1", "beta1", "alpha2", "beta2", "p"};

    private final List<MgpsHyperparameters> starts;
    private final double tolerance;
    private final int maxIterations;
    private final int maxEvaluations;
    private final int explorationPoints;
    private final double parameterLimit;
    private final boolean parallel;
    private final boolean boundaryFallback;
    private final double[] lower;
    private final double[] upper;

    /**
     * A fitter with the defaults: {@link #DEFAULT_STARTS}, tolerance 1e-12, 100 Newton iterations,
     * 3000 evaluations per start, 2000 exploration points, parameter limit 100, parallel evaluation.
     */
    public MgpsFitter() {
        this(DEFAULT_STARTS, 1e-12, 100, 3000, 2000, DEFAULT_PARAMETER_LIMIT, true, false);
    }

    private MgpsFitter(List<MgpsHyperparameters> starts, double tolerance, int maxIterations, int maxEvaluations,
            int explorationPoints, double parameterLimit, boolean parallel, boolean boundaryFallback) {
        this.starts = List.copyOf(starts);
        this.boundaryFallback = boundaryFallback;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.maxEvaluations = maxEvaluations;
        this.explorationPoints = explorationPoints;
        this.parameterLimit = parameterLimit;
        this.parallel = parallel;
        double lo = Math.log(MIN_SCALE);
        double hi = Math.log(parameterLimit);
        this.lower = new double[] {lo, lo, lo, lo, -MAX_LOGIT};
        this.upper = new double[] {hi, hi, hi, hi, MAX_LOGIT};
    }

    /** Starting points for the start search (at least one); each is clamped into the search bounds. */
    public MgpsFitter withStartingPoints(List<MgpsHyperparameters> startingPoints) {
        if (startingPoints.isEmpty()) {
            throw new IllegalArgumentException("at least one starting point is needed");
        }
        return new MgpsFitter(startingPoints, tolerance, maxIterations, maxEvaluations, explorationPoints, parameterLimit, parallel, boundaryFallback);
    }

    /**
     * Convergence tolerance on the Newton decrement ½ gᵀ(−H)⁻¹g (log-likelihood units; default 1e-12):
     * Newton stops when one more step would promise less than this, after taking that step.
     */
    public MgpsFitter withTolerance(double decrementTolerance) {
        if (!Numerics.isPositiveFinite(decrementTolerance)) {
            throw new IllegalArgumentException("tolerance must be > 0: " + decrementTolerance);
        }
        return new MgpsFitter(starts, decrementTolerance, maxIterations, maxEvaluations, explorationPoints, parameterLimit, parallel, boundaryFallback);
    }

    /** Maximum Newton iterations on the exact likelihood (default 100). */
    public MgpsFitter withMaxIterations(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1: " + iterations);
        }
        return new MgpsFitter(starts, tolerance, iterations, maxEvaluations, explorationPoints, parameterLimit, parallel, boundaryFallback);
    }

    /** Maximum likelihood evaluations of the start search from each starting point (default 3000). */
    public MgpsFitter withMaxEvaluations(int evaluations) {
        if (evaluations < 50) {
            throw new IllegalArgumentException("maxEvaluations must be >= 50: " + evaluations);
        }
        return new MgpsFitter(starts, tolerance, maxIterations, evaluations, explorationPoints, parameterLimit, parallel, boundaryFallback);
    }

    /** Size of the squashed data the start search runs on when there are more distinct pairs (default 2000). */
    public MgpsFitter withExplorationPoints(int points) {
        if (points < 100) {
            throw new IllegalArgumentException("explorationPoints must be >= 100: " + points);
        }
        return new MgpsFitter(starts, tolerance, maxIterations, maxEvaluations, points, parameterLimit, parallel, boundaryFallback);
    }

    /**
     * Upper limit for α1, β1, α2 and β2 (default {@link #DEFAULT_PARAMETER_LIMIT} = 100, openEBGM's
     * {@code param_limit}): the search runs in [1e-6, limit], and a start whose optimum lies on that
     * edge is discarded, as openEBGM's {@code exploreHypers} marks such estimates not
     * {@code in_bounds}. Where the likelihood increases without bound as a component degenerates (for
     * example its shape and rate growing together towards a point mass), this keeps the answer an
     * interior local maximum; see {@link MgpsFit#startsAtBoundary()}.
     */
    public MgpsFitter withParameterLimit(double limit) {
        if (!(limit > 1 && limit < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("parameter limit must be finite and > 1: " + limit);
        }
        return new MgpsFitter(starts, tolerance, maxIterations, maxEvaluations, explorationPoints, limit, parallel, boundaryFallback);
    }

    /** Whether to use the common fork-join pool (default true). Results are identical either way. */
    public MgpsFitter withParallel(boolean useParallel) {
        return new MgpsFitter(starts, tolerance, maxIterations, maxEvaluations, explorationPoints, parameterLimit, useParallel, boundaryFallback);
    }

    /**
     * Whether {@link #fit} may return the best point on the edge of the search space when no start
     * finds an interior maximum (default false: it throws {@link MgpsFitException}). Nearly null
     * data (most pairs reported as often as expected) make the likelihood rise towards a point mass
     * at λ = 1, shape and rate growing together; the edge point, a prior with a near point mass at 1
     * and a wide second component, is then a usable prior. Such a fit says so:
     * {@link MgpsFit#interior()} is false.
     */
    public MgpsFitter withBoundaryFallback(boolean allowed) {
        return new MgpsFitter(starts, tolerance, maxIterations, maxEvaluations, explorationPoints, parameterLimit, parallel, allowed);
    }

    /**
     * The zero-truncated log-likelihood ℓ(θ) at fixed hyperparameters (minus openEBGM's
     * {@code negLL(theta, N, E, N_star = 1)}), for reporting the fit of given hyperparameters.
     *
     * @throws IllegalArgumentException as {@link #fit}
     */
    public double logLikelihood(MgpsHyperparameters hyperparameters, long[] counts, double[] expected) {
        PairData data = PairData.of(counts, expected);
        return new TruncatedLikelihood(data, parallel).value(hyperparameters.toArray());
    }

    /**
     * Fits the hyperparameters by maximum likelihood over the given pairs.
     *
     * @param counts   observed counts n ≥ 1, one per (drug, event) pair
     * @param expected expected counts E &gt; 0 (finite), same order
     * @throws IllegalArgumentException naming the first offending index if a count is below 1 or an
     *                                  expected count is not a finite number &gt; 0, or the arrays
     *                                  differ in length
     * @throws MgpsFitException         if no interior maximum can be found (see the class comment)
     */
    public MgpsFit fit(long[] counts, double[] expected) {
        PairData data = PairData.of(counts, expected);
        if (data.pairs == 0) {
            throw new MgpsFitException("no pairs to fit");
        }
        if (data.countValues.length < 2) {
            throw new MgpsFitException(String.format(Locale.ROOT,
                    "cannot fit MGPS hyperparameters: all %d pairs have the same count n=%d; a two-component prior is not"
                            + " identifiable from a single count value (the zero-truncated likelihood has no interior maximum)",
                    data.pairs, data.countValues[0]));
        }
        PairData squashed = data.squash(explorationPoints);
        TruncatedLikelihood exploreLik = new TruncatedLikelihood(squashed, false);

        IntStream idx = IntStream.range(0, starts.size());
        if (parallel) {
            idx = idx.parallel();
        }
        List<StartResult> results = new ArrayList<>(idx.mapToObj(i -> explore(exploreLik, i)).toList());
        int evaluations = results.stream().mapToInt(r -> r.evaluations).sum();

        List<StartResult> converged = results.stream().filter(r -> r.converged).toList();
        int startsAtBoundary = (int) results.stream().filter(r -> r.atBoundary).count();
        // Normally the best converged start; if none converged within its evaluations, the best interior point seen.
        StartResult best = (converged.isEmpty()
                ? results.stream().filter(r -> !r.atBoundary && Double.isFinite(r.value))
                : converged.stream()).max(Comparator.comparingDouble(r -> r.value)).orElse(null);
        if (best == null) {
            StartResult edge = results.stream().filter(r -> r.atBoundary)
                    .max(Comparator.comparingDouble(r -> r.value)).orElse(null);
            if (edge != null && boundaryFallback) {
                MgpsHyperparameters theta = MgpsHyperparameters.of(edge.theta()).canonical();
                double ll = new TruncatedLikelihood(data, parallel).value(theta.toArray());
                return new MgpsFit(theta, ll, data.pairs, data.groups(), starts.get(edge.index), starts.size(), 0, 0,
                        startsAtBoundary, 0, evaluations, Double.NaN, Double.NaN);
            }
            if (edge != null) {
                throw new MgpsFitException(String.format(Locale.ROOT,
                        "cannot fit MGPS hyperparameters: from every starting point the likelihood increases towards the edge"
                                + " of the parameter space (%s; best log-likelihood %.6f at %s from start %s), so there is no"
                                + " interior maximum. The %d pairs (%d distinct) do not carry enough information for a"
                                + " two-component gamma prior", boundaryDescription(edge.phi), edge.value, java.util.Arrays.toString(edge.theta()),
                        starts.get(edge.index), data.pairs, data.groups()));
            }
            throw new MgpsFitException("cannot fit MGPS hyperparameters: no starting point gave a finite likelihood ("
                    + starts.size() + " tried): " + results.stream().map(r -> r.failure).filter(m -> m != null).toList());
        }
        int startsAgreeing = (int) converged.stream()
                .filter(r -> r != best && agree(r.theta(), best.theta())).count();

        // Candidates for the exact Newton stage: the best, plus up to two distinct local optima close to it.
        List<StartResult> candidates = new ArrayList<>();
        candidates.add(best);
        results.stream().filter(r -> r.converged && r != best && r.value >= best.value - 2.0)
                .sorted(Comparator.comparingDouble((StartResult r) -> r.value).reversed())
                .forEach(r -> {
                    if (candidates.size() < 3 && candidates.stream().noneMatch(c -> agree(c.theta(), r.theta()))) {
                        candidates.add(r);
                    }
                });

        TruncatedLikelihood exact = new TruncatedLikelihood(data, parallel);
        PairData refined = data.squash(REFINE_POINTS);
        TruncatedLikelihood refine = refined == data || refined.groups() <= squashed.groups() ? null
                : new TruncatedLikelihood(refined, parallel);
        NewtonResult winner = null;
        StartResult winnerStart = null;
        MgpsFitException firstFailure = null;
        for (StartResult c : candidates) {
            try {
                double[] phi = c.phi;
                if (refine != null) {
                    // a finer squash moves the start close to the exact optimum for a few milliseconds
                    try {
                        NewtonResult nr = newton(refine, phi);
                        evaluations += nr.evaluations;
                        phi = nr.phi;
                    } catch (MgpsFitException e) {
                        // keep the start-search optimum; the exact stage decides
                    }
                }
                NewtonResult nr = newton(exact, phi);
                evaluations += nr.evaluations;
                String bound = boundaryDescription(nr.phi);
                if (bound != null) {
                    throw new MgpsFitException(String.format(Locale.ROOT,
                            "cannot fit MGPS hyperparameters: Newton's method on the exact likelihood ran to the edge of the"
                                    + " parameter space (%s; log-likelihood %.6f), so there is no interior maximum near the"
                                    + " start-search optimum %s", bound, nr.value, MgpsHyperparameters.of(c.theta())));
                }
                if (winner == null || nr.value > winner.value) {
                    winner = nr;
                    winnerStart = c;
                }
            } catch (MgpsFitException e) {
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        if (winner == null) {
            throw firstFailure;
        }
        MgpsHyperparameters theta = MgpsHyperparameters.of(thetaOf(winner.phi)).canonical();
        return new MgpsFit(theta, winner.value, data.pairs, data.groups(), starts.get(winnerStart.index), starts.size(),
                converged.size(), startsAgreeing, startsAtBoundary, winner.iterations, evaluations, norm(winner.gradTheta),
                winner.decrement);
    }

    // ------------------------------------------------------------------ start search (BOBYQA)

    private static final class StartResult {
        final int index;
        final double[] phi;
        final double value;
        final boolean converged;
        final boolean atBoundary;
        final int evaluations;
        final String failure;

        StartResult(int index, double[] phi, double value, boolean finished, boolean atBoundary, int evaluations, String failure) {
            this.index = index;
            this.phi = phi;
            this.value = value;
            this.atBoundary = atBoundary;
            this.converged = finished && !atBoundary && Double.isFinite(value);
            this.evaluations = evaluations;
            this.failure = failure;
        }

        double[] theta() {
            double[] t = thetaOf(phi);
            return t[4] > 0.5 ? new double[] {t[2], t[3], t[0], t[1], 1 - t[4]} : t;
        }
    }

    private StartResult explore(TruncatedLikelihood lik, int index) {
        double[] start = phiOf(starts.get(index).toArray());
        for (int j = 0; j < 5; j++) {
            start[j] = Math.min(upper[j] - 0.5, Math.max(lower[j] + 0.5, start[j]));
        }
        double[] bestPhi = start.clone();
        double[] bestValue = {Double.NEGATIVE_INFINITY};
        int[] count = {0};
        ObjectiveFunction f = new ObjectiveFunction(phi -> {
            count[0]++;
            double v = lik.value(thetaOf(phi));
            if (!Double.isFinite(v)) {
                return -1e12;
            }
            if (v > bestValue[0]) {
                bestValue[0] = v;
                System.arraycopy(phi, 0, bestPhi, 0, 5);
            }
            return v;
        });
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(11, 0.5, 1e-4);
        try {
            PointValuePair p = optimizer.optimize(new MaxEval(maxEvaluations), f, GoalType.MAXIMIZE, new InitialGuess(start),
                    new SimpleBounds(lower, upper));
            double[] phi = p.getPoint();
            double v = p.getValue();
            if (v < bestValue[0]) { // BOBYQA returns its best point; keep ours if it is better
                phi = bestPhi;
                v = bestValue[0];
            }
            return new StartResult(index, phi, v, true, boundaryDescription(phi) != null, count[0], null);
        } catch (TooManyEvaluationsException e) {
            return new StartResult(index, bestPhi, bestValue[0], false, boundaryDescription(bestPhi) != null, count[0],
                    "start " + starts.get(index) + ": no convergence within " + maxEvaluations + " evaluations");
        } catch (MathIllegalStateException | ArithmeticException e) {
            return new StartResult(index, bestPhi, bestValue[0], false, boundaryDescription(bestPhi) != null, count[0],
                    "start " + starts.get(index) + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ Newton on the exact likelihood

    private static final class NewtonResult {
        double[] phi;
        double value;
        double[] gradTheta;
        double decrement;
        int iterations;
        int evaluations;
    }

    private static final class Eval {
        final double[] phi;
        final double value;
        final double[] gradTheta = new double[5];
        final double[] grad = new double[5];
        final double[][] hess = new double[5][5];

        Eval(TruncatedLikelihood lik, double[] phi) {
            this.phi = phi;
            double[] theta = thetaOf(phi);
            double[] hessTheta = new double[25];
            value = lik.evaluate(theta, gradTheta, hessTheta);
            double[] d1 = new double[5];
            double[] d2 = new double[5];
            for (int j = 0; j < 4; j++) {
                d1[j] = theta[j];
                d2[j] = theta[j];
            }
            double p = theta[4];
            d1[4] = p * (1 - p);
            d2[4] = p * (1 - p) * (1 - 2 * p);
            for (int i = 0; i < 5; i++) {
                grad[i] = gradTheta[i] * d1[i];
                for (int j = i; j < 5; j++) {
                    double h = hessTheta[i * 5 + j] * d1[i] * d1[j];
                    if (i == j) {
                        h += gradTheta[i] * d2[i];
                    }
                    hess[i][j] = h;
                    hess[j][i] = h;
                }
            }
        }

        boolean finite() {
            if (!Double.isFinite(value)) {
                return false;
            }
            for (int i = 0; i < 5; i++) {
                if (!Double.isFinite(grad[i])) {
                    return false;
                }
                for (int j = 0; j < 5; j++) {
                    if (!Double.isFinite(hess[i][j])) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private NewtonResult newton(TruncatedLikelihood lik, double[] phi0) {
        NewtonResult out = new NewtonResult();
        Eval cur = new Eval(lik, clamp(phi0));
        out.evaluations++;
        if (!cur.finite()) {
            throw new MgpsFitException("the likelihood or its derivatives are not finite at the start of Newton's method: "
                    + MgpsHyperparameters.of(thetaOf(cur.phi)));
        }
        for (int iter = 1; iter <= maxIterations; iter++) {
            RealMatrix negH = new Array2DRowRealMatrix(5, 5);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    negH.setEntry(i, j, -cur.hess[i][j]);
                }
            }
            EigenDecomposition ed = new EigenDecomposition(negH);
            double[] lambda = ed.getRealEigenvalues();
            double lambdaMax = 0;
            double lambdaMin = Double.POSITIVE_INFINITY;
            for (double l : lambda) {
                lambdaMax = Math.max(lambdaMax, Math.abs(l));
                lambdaMin = Math.min(lambdaMin, l);
            }
            boolean posDef = lambdaMin > 1e-12 * lambdaMax;
            double floor = Math.max(1e-8 * lambdaMax, Double.MIN_NORMAL);
            double[] d = new double[5];
            for (int k = 0; k < 5; k++) {
                RealVector v = ed.getEigenvector(k);
                double coef = 0;
                for (int i = 0; i < 5; i++) {
                    coef += v.getEntry(i) * cur.grad[i];
                }
                coef /= posDef ? lambda[k] : Math.max(Math.abs(lambda[k]), floor);
                for (int i = 0; i < 5; i++) {
                    d[i] += coef * v.getEntry(i);
                }
            }
            double slope = 0; // gᵀd > 0
            for (int i = 0; i < 5; i++) {
                slope += cur.grad[i] * d[i];
            }
            double decrement = 0.5 * slope;
            out.decrement = decrement;
            boolean small = posDef && decrement <= 1e-9 * (1 + Math.abs(cur.value));
            if (posDef && decrement <= tolerance) {
                // converged: take the last (tiny) Newton step, which squares the remaining error
                Eval last = new Eval(lik, clamp(add(cur.phi, d, 1.0)));
                out.evaluations++;
                if (last.finite() && last.value >= cur.value - 1e-9 * (1 + Math.abs(cur.value))) {
                    cur = last;
                }
                out.iterations = iter;
                return finish(out, cur, posDefDecrement(cur));
            }
            double step = 1.0;
            Eval next = null;
            for (int halvings = 0; halvings < 60; halvings++) {
                Eval trial = new Eval(lik, clamp(add(cur.phi, d, step)));
                out.evaluations++;
                if (trial.finite() && (small || trial.value >= cur.value + 1e-4 * step * slope)) {
                    next = trial;
                    break;
                }
                step *= 0.5;
            }
            if (next == null) {
                throw new MgpsFitException(String.format(Locale.ROOT,
                        "Newton's method stalled at %s (log-likelihood %.10f, predicted gain %.3g): no step along the"
                                + " Newton direction increases the likelihood", MgpsHyperparameters.of(thetaOf(cur.phi)),
                        cur.value, decrement));
            }
            cur = next;
        }
        throw new MgpsFitException(String.format(Locale.ROOT,
                "Newton's method did not converge within %d iterations (last point %s, log-likelihood %.10f, predicted gain"
                        + " %.3g > tolerance %.3g)", maxIterations, MgpsHyperparameters.of(thetaOf(cur.phi)), cur.value,
                out.decrement, tolerance));
    }

    /** The Newton decrement at a point, or +∞ if −H is not positive definite there. */
    private static double posDefDecrement(Eval e) {
        RealMatrix negH = new Array2DRowRealMatrix(5, 5);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                negH.setEntry(i, j, -e.hess[i][j]);
            }
        }
        EigenDecomposition ed = new EigenDecomposition(negH);
        double[] lambda = ed.getRealEigenvalues();
        double max = 0;
        for (double l : lambda) {
            max = Math.max(max, Math.abs(l));
        }
        double dec = 0;
        for (int k = 0; k < 5; k++) {
            if (!(lambda[k] > 1e-12 * max)) {
                return Double.POSITIVE_INFINITY;
            }
            RealVector v = ed.getEigenvector(k);
            double coef = 0;
            for (int i = 0; i < 5; i++) {
                coef += v.getEntry(i) * e.grad[i];
            }
            dec += coef * coef / lambda[k];
        }
        return 0.5 * dec;
    }

    private NewtonResult finish(NewtonResult out, Eval cur, double decrement) {
        if (decrement == Double.POSITIVE_INFINITY) {
            throw new MgpsFitException("Newton's method ended at " + MgpsHyperparameters.of(thetaOf(cur.phi))
                    + " where the likelihood is not strictly concave: the maximum is not isolated (flat direction), so"
                    + " the hyperparameters are not identified by these data");
        }
        out.phi = cur.phi;
        out.value = cur.value;
        out.gradTheta = cur.gradTheta.clone();
        out.decrement = decrement;
        return out;
    }

    // ------------------------------------------------------------------ coordinates

    /** θ → φ = (ln α1, ln β1, ln α2, ln β2, logit P). */
    static double[] phiOf(double[] theta) {
        return new double[] {Math.log(theta[0]), Math.log(theta[1]), Math.log(theta[2]), Math.log(theta[3]),
            Math.log(theta[4]) - Numerics.log1p(-theta[4])};
    }

    /** φ → θ. */
    static double[] thetaOf(double[] phi) {
        return new double[] {Math.exp(phi[0]), Math.exp(phi[1]), Math.exp(phi[2]), Math.exp(phi[3]),
            1.0 / (1.0 + Math.exp(-phi[4]))};
    }

    private double[] clamp(double[] phi) {
        double[] c = new double[5];
        for (int j = 0; j < 5; j++) {
            c[j] = Math.min(upper[j], Math.max(lower[j], phi[j]));
        }
        return c;
    }

    private static double[] add(double[] x, double[] d, double step) {
        double[] y = new double[5];
        for (int j = 0; j < 5; j++) {
            y[j] = x[j] + step * d[j];
        }
        return y;
    }

    /** Which parameters are on a search bound, in words, or null if none. */
    private String boundaryDescription(double[] phi) {
        StringBuilder sb = new StringBuilder();
        double[] theta = thetaOf(phi);
        for (int j = 0; j < 5; j++) {
            boolean low = phi[j] <= lower[j] + AT_BOUND;
            boolean high = phi[j] >= upper[j] - AT_BOUND;
            if (low || high) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(NAMES[j]).append(String.format(Locale.ROOT, "=%.3g", theta[j])).append(" at its ")
                        .append(low ? "lower" : "upper").append(" bound");
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static boolean agree(double[] a, double[] b) {
        for (int j = 0; j < 5; j++) {
            if (!(Math.abs(a[j] - b[j]) < AGREE[j])) {
                return false;
            }
        }
        return true;
    }

    private static double norm(double[] g) {
        double s = 0;
        for (double x : g) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
