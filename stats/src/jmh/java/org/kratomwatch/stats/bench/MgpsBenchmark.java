package org.kratomwatch.stats.bench;

// Run (from the repository root; about 3 minutes on 2 cores, not part of `mvn verify`):
//
//     cd stats && mvn -B -P bench verify -DskipTests
//
// The `bench` profile in stats/pom.xml compiles src/jmh/java with the test classes (it uses
// org.kratomwatch.stats.mgps.SyntheticPairs), and runs org.openjdk.jmh.Main in the verify phase with
// ${jmh.args} (default "MgpsBenchmark -rf text -rff target/jmh-mgps.txt"); JMH options can be
// passed that way, for example -Djmh.args="MgpsBenchmark.score.* -f 1 -i 5".

import java.util.concurrent.TimeUnit;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.mgps.MgpsFit;
import org.kratomwatch.stats.mgps.MgpsFitter;
import org.kratomwatch.stats.mgps.MgpsHyperparameters;
import org.kratomwatch.stats.mgps.MgpsPosterior;
import org.kratomwatch.stats.mgps.SyntheticPairs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * MGPS at the scale of a large spontaneous-reporting database: 1,000,000 (n, E) pairs drawn exactly
 * from a CAERS-like prior (α1 3.25, β1 0.4, α2 2.0, β2 1.9, P 0.065), E log-distributed over
 * [1e-3, 1e2] with median 0.018 (so 76% of counts are 1 and 83% are 1–3), seed 20260601, every E
 * distinct (the worst case for grouping identical pairs).
 *
 * <ul>
 *   <li>{@code fit}: {@link MgpsFitter#fit} with the defaults (7 starting points, start search on
 *       squashed data, Newton on the exact 1,000,000 distinct pairs); seconds per fit.</li>
 *   <li>{@code logLikelihood}: the exact log-likelihood at fixed hyperparameters (the CLI's
 *       {@code --hyper}), including validation and grouping; milliseconds per call.</li>
 *   <li>{@code scoreParallel} / {@code scoreSerial}: EBGM, EB05 and EB95 of every pair, with the bulk
 *       {@link MgpsPosterior#score(long[], double[])} on both cores, and one pair at a time on one
 *       core; nanoseconds per pair.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
public class MgpsBenchmark {

    static final int PAIRS = 1_000_000;
    static final long SEED = 20260601L;

    long[] counts;
    double[] expected;
    MgpsPosterior posterior;

    @Setup
    public void setUp() {
        SyntheticPairs s = SyntheticPairs.generate(SyntheticPairs.CAERS_LIKE, PAIRS, SEED);
        counts = s.counts;
        expected = s.expected;
        posterior = new MgpsPosterior(SyntheticPairs.CAERS_LIKE);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public MgpsFit fit() {
        return new MgpsFitter().fit(counts, expected);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 2, time = 5)
    @Measurement(iterations = 5, time = 5)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double logLikelihood() {
        return new MgpsFitter().logLikelihood(SyntheticPairs.CAERS_LIKE, counts, expected);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 2, time = 5)
    @Measurement(iterations = 5, time = 5)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PAIRS)
    public Estimate[] scoreParallel() {
        return posterior.score(counts, expected);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 2, time = 5)
    @Measurement(iterations = 5, time = 5)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PAIRS)
    public void scoreSerial(Blackhole bh) {
        MgpsPosterior p = posterior;
        for (int i = 0; i < PAIRS; i++) {
            bh.consume(p.score(counts[i], expected[i]));
        }
    }

    /** Keeps the hyperparameter type referenced for readers of the benchmark list. */
    static MgpsHyperparameters prior() {
        return SyntheticPairs.CAERS_LIKE;
    }
}
