package org.kratomwatch.ingest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.DryRunPublisher;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.IngestSummary;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole ingestion path on one core: FAERS quarterly zips → read and join → latest-version
 * accounting → substance recognition → anonymization → Avro single-object encoding (dry-run
 * publisher, so the broker is not measured here). Input: synthetic FAERS files from the generator
 * (~4 drugs and ~4 events a report, follow-ups, deletions, malformed rows), written once in setup.
 *
 * <p>The fork runs with {@code -XX:ActiveProcessorCount=1} so that the JVM (JIT, GC) behaves as on
 * one core. Command (also in docs/benchmarks.md):
 * <pre>
 *   mvn -B -q -pl stats,schemas install -DskipTests && mvn -B -pl ingest -P bench verify -DskipTests
 * </pre>
 * Report: {@code reports} per second from the auxiliary counter (report versions read).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1", "-Xmx1g"})
public class IngestBenchmark {

    @Param({"200000"})
    long cases;

    Path data;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        public long reports;

        @Setup(Level.Iteration)
        public void reset() {
            reports = 0;
        }
    }

    @Setup
    public void generate() throws IOException {
        data = Files.createTempDirectory("kratomwatch-ingest-bench");
        FaersGenerator.generate(GeneratorOptions.builder(data).reports(cases).quarters("2024Q1..2024Q4").seed(3).build());
    }

    @Benchmark
    public IngestSummary ingestFaers(Counts counts) {
        IngestSummary s = new IngestRun(InputFormat.faers, CaseKeyer.throwAway(), new DryRunPublisher())
                .run(List.of(data), null, Long.MAX_VALUE);
        counts.reports += s.accepted() + s.superseded();
        return s;
    }
}
