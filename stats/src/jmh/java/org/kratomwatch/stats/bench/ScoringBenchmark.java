package org.kratomwatch.stats.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.mgps.MgpsHyperparameters;
import org.kratomwatch.stats.mgps.MgpsPosterior;
import org.kratomwatch.stats.score.PairScore;
import org.kratomwatch.stats.score.PairScorer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring 1,000,000 drug–event pairs with every measure (PRR, ROR, χ², Yates χ², IC with its exact
 * interval, EBGM with EB05/EB95 at fixed hyperparameters) and the four signal rules.
 *
 * <p>Pairs are drawn like a real database's: N = 20,000,000 reports, Zipf-like drug and event
 * margins, most pairs with a = 1..3 and a long tail. Run with the {@code bench} profile (the exact
 * command is in docs/benchmarks.md):
 * <pre>
 *   mvn -B -pl stats -P bench verify -DskipTests -Djmh.args=ScoringBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class ScoringBenchmark {

    @Param({"1000000"})
    int pairs;

    ContingencyTable[] tables;
    double[] expected;
    PairScorer scorer;

    @Setup
    public void setUp() {
        Random rng = new Random(1);
        long n = 20_000_000L;
        tables = new ContingencyTable[pairs];
        expected = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            long nd = 1 + (long) Math.exp(rng.nextDouble() * Math.log(500_000));
            long ne = 1 + (long) Math.exp(rng.nextDouble() * Math.log(800_000));
            double e = (double) nd * ne / n;
            // observed: Poisson-ish around E with overdispersion, at least 1 (pairs with a >= 1 are scored)
            long a = Math.max(1, Math.min(Math.min(nd, ne), Math.round(e * Math.exp(rng.nextGaussian()))));
            tables[i] = ContingencyTable.fromMargins(a, nd, ne, n);
            expected[i] = tables[i].expected();
        }
        scorer = PairScorer.builder()
                .ebgm(new MgpsPosterior(new MgpsHyperparameters(3.256, 0.4, 2.0238, 1.9061, 0.06531))::score)
                .build();
    }

    /** Both cores (parallel stream), the way batch scoring runs. */
    @Benchmark
    public long scoreAllParallel() {
        return IntStream.range(0, pairs).parallel()
                .mapToLong(i -> checksum(scorer.score(tables[i], expected[i]))).sum();
    }

    /** One core. */
    @Benchmark
    public long scoreAllOneCore() {
        long sum = 0;
        for (int i = 0; i < pairs; i++) {
            sum += checksum(scorer.score(tables[i], expected[i]));
        }
        return sum;
    }

    private static long checksum(PairScore s) {
        return Double.doubleToRawLongBits(s.measures().ebgm().lower()) ^ s.verdict().fired().size();
    }
}
