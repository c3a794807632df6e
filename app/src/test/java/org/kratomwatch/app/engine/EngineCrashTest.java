package org.kratomwatch.app.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.app.reliability.ReliabilityReport;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;
import org.kratomwatch.ingest.synthetic.GroundTruth;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.count.BatchRecount;
import org.kratomwatch.streams.engine.EngineConfig;

/**
 * Exactly-once across crashes, measured: {@code kratomwatch engine} runs as its own JVM and is
 * killed with SIGKILL (no shutdown hook, no commit, an open transaction left behind) N times, each
 * time at a random point while it is counting, and restarted on the same state folder. After every
 * restart, once the new instance has caught up, the counts topic (read committed) must equal a
 * recount from scratch of the live reports on the input topic: a count lost or applied twice by
 * any crash would show, and it is checked after every run, not only at the end.
 *
 * <p>The generated FAERS quarters are ingested in N slices, one per run, so that every instance
 * has input to be killed in the middle of: run k ingests slice k while instance k is running,
 * kills it when its group has committed a random 10-90% of the slice, starts instance k+1, waits
 * until it is idle and compares. The follow-up versions and deletions of a case fall in later
 * slices than its first version, so the restarts also cross the latest-version logic.
 *
 * <p>Sizes: the CI run generates {@value #CI_CASES} cases; the full run
 * ({@code -Preliability-full}: {@code -Dkratomwatch.crash.cases=100000}) 100,000 cases, which
 * with follow-ups are 140,373 report versions. Other knobs: {@code -Dkratomwatch.crash.kills}
 * (default {@value #DEFAULT_KILLS}), {@code -Dkratomwatch.crash.seed}; {@code
 * -Dkratomwatch.crash.logback=FILE} gives the engines a logback configuration and {@code
 * -Dkratomwatch.crash.logs=DIR} keeps their output. The figures go to
 * {@code target/reliability/engine-crash.md} ({@code engine-crash-full.md} for 100,000 cases or more).
 *
 * <p>The instances are observed from outside, as an operator would: the group's committed offsets,
 * the topics' last stable offsets. They score every 5 s and do not refit the MGPS prior: scoring
 * does not change counts, and on two cores it would slow counting down.
 */
@Tag(ReliabilityReport.TAG)
class EngineCrashTest {

    private static final long DEFAULT_SEED = 20_250_101L;
    private static final int DEFAULT_KILLS = 5;
    private static final int CI_CASES = 16_000;
    private static final String QUARTERS = "2021Q1..2024Q4";

    @TempDir
    Path dir;

    private EngineProcesses engines;

    @BeforeEach
    void engines() {
        engines = new EngineProcesses(dir);
    }

    /** Child JVMs never outlive the test, even when it fails; their output is kept when asked to. */
    @AfterEach
    void destroyChildren() throws Exception {
        engines.close();
    }

    /** What one run (an instance killed, its successor caught up) measured. */
    private record Run(int n, String quarters, long sliceRecords, long committedAtKill, long unprocessedAtKill,
            long countsAtKill, double restartToIdle, int keysChecked, long liveReports, int mismatches) {
    }

    @Test
    void killedAtRandomPointsTheCountsEqualARecountAfterEveryRestart() throws Exception {
        long seed = Long.getLong("kratomwatch.crash.seed", DEFAULT_SEED);
        int kills = Integer.getInteger("kratomwatch.crash.kills", DEFAULT_KILLS);
        long cases = Long.getLong("kratomwatch.crash.cases", CI_CASES);
        Random random = new Random(seed);
        ReliabilityReport report = new ReliabilityReport(cases >= 100_000 ? "engine-crash-full" : "engine-crash",
                "Crash and restart of a streaming instance (SIGKILL at random points), counts checked after every restart");
        long t0 = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        boolean reported = false;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"));
                EngineTopics topics = new EngineTopics(broker.bootstrapServers())) {
            try {
                String bootstrap = broker.bootstrapServers();
                Path state = dir.resolve("state");
                // The first instance starts while the input is generated (a JVM start and a first
                // rebalance take seconds on two cores); it creates the topics, 3 partitions each.
                Process current = startEngine(bootstrap, state, 0);
                Path faers = dir.resolve("faers");
                GroundTruth truth = FaersGenerator.generate(GeneratorOptions.builder(faers).reports(cases).quarters(QUARTERS)
                        .seed(seed % 1000).followUpRate(0.3).deletionRate(0.05).malformedRate(0).build());
                List<List<GroundTruth.QuarterCounts>> slices = slices(truth.quarters(), kills);
                phase(String.format(Locale.ROOT, "generated %,d cases, %,d report versions", truth.totals().cases(),
                        truth.totals().reports()), t0);

                long inputSoFar = 0;
                long expectedInput = 0;
                for (int k = 0; k < kills; k++) {
                    // slice k arrives while instance k is running
                    List<GroundTruth.QuarterCounts> slice = slices.get(k);
                    List<String> args = new ArrayList<>(List.of("ingest", "faers"));
                    slice.forEach(q -> args.add(faers.resolve(q.file()).toString()));
                    args.addAll(List.of(k == 0 ? "--create-key-file" : "--key-file", dir.resolve("key").toString(),
                            "--bootstrap-server", bootstrap, "--partitions", "3"));
                    CliRun i = CliRun.of(args.toArray(String[]::new));
                    assertThat(i.status()).as(i.err()).isZero();
                    long sliceStart = inputSoFar;
                    inputSoFar = topics.committedEnd(Topics.REPORTS.name());
                    expectedInput += slice.stream().mapToLong(q -> q.reports() + q.deletedCases()).sum();
                    assertThat(inputSoFar).as("input records on the topic after slice %d", k).isEqualTo(expectedInput);
                    long sliceRecords = inputSoFar - sliceStart;
                    phase("slice " + k + " ingested (" + sliceRecords + " records)", t0);

                    // kill instance k when its group has committed a random 10-90% of the slice
                    engines.awaitRunning(name(k), Duration.ofSeconds(120));
                    double fraction = 0.1 + 0.8 * random.nextDouble();
                    long target = sliceStart + Math.round(fraction * sliceRecords);
                    awaitCommittedInput(topics, target, inputSoFar, current, k, sliceRecords);
                    long committedAtKill = inputSoFar - topics.unprocessed(Topics.REPORTS.name());
                    long unprocessedAtKill = topics.unprocessed(Topics.REPORTS.name())
                            + topics.unprocessed(EngineTopics.REPARTITION);
                    current.destroyForcibly();
                    assertThat(current.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    long countsAtKill = topics.committedEnd(EngineTopics.COUNTS);
                    phase(String.format(Locale.ROOT, "instance %d killed at %,d of %,d slice records committed", k,
                            committedAtKill - sliceStart, sliceRecords), t0);

                    // restart on the same state folder, wait until it has caught up, compare
                    long restarted = System.nanoTime();
                    current = startEngine(bootstrap, state, k + 1);
                    // a killed exactly-once instance may have to restore its stores from the changelogs
                    engines.awaitRunning(name(k + 1), Duration.ofSeconds(120 + inputSoFar / 100));
                    // bounded like awaitCommittedInput
                    engines.awaitIdle(topics, Duration.ofSeconds(120 + inputSoFar / 50), name(k + 1));
                    double restartToIdle = (System.nanoTime() - restarted) / 1e9;
                    Map<String, Long> streamed = topics.counts();
                    List<AdverseEventReport> live = topics.liveReports(EngineConfig.defaults());
                    Map<String, Long> expected = BatchRecount.of(live, EngineConfig.defaults());
                    List<String> mismatches = EngineProcesses.mismatches(expected, streamed);
                    mismatches.stream().limit(20).forEach(m -> System.out.println("  run " + runs.size() + " mismatch " + m));
                    runs.add(new Run(k, slice.get(0).quarter() + ".." + slice.get(slice.size() - 1).quarter(), sliceRecords,
                            committedAtKill - sliceStart, unprocessedAtKill, countsAtKill, restartToIdle, expected.size(),
                            live.size(), mismatches.size()));
                    phase(String.format(Locale.ROOT, "instance %d idle after %.1f s: %,d count keys, %d mismatches", k + 1,
                            restartToIdle, expected.size(), mismatches.size()), t0);
                }

                // A clean stop too: SIGTERM runs the shutdown hook, which closes the engine.
                current.destroy();
                assertThat(current.waitFor(60, TimeUnit.SECONDS)).as("engine stops on SIGTERM").isTrue();
                String out = engines.fullOutput(name(kills));
                int uncommitted = topics.readAll(EngineTopics.COUNTS, new StringDeserializer(), new LongDeserializer(), false).size();
                int committed = topics.readAll(EngineTopics.COUNTS, new StringDeserializer(), new LongDeserializer(), true).size();

                long checks = runs.stream().mapToLong(Run::keysChecked).sum();
                int mismatchesTotal = runs.stream().mapToInt(Run::mismatches).sum();
                GroundTruth.Totals t = truth.totals();
                report.figure("seed", seed)
                        .figure("input", String.format(Locale.ROOT, "%,d generated cases (%s), %,d report versions (%,d"
                                + " follow-ups) + %,d deletions = %,d records on ae.reports.v1, 3 partitions, ingested in %d"
                                + " slices", t.cases(), QUARTERS, t.reports(), t.followUpReports(), t.deletedCases(),
                                inputSoFar, kills))
                        .figure("runs (instance killed, successor caught up, counts compared)", runs.size())
                        .figure("faults injected (SIGKILL mid-stream)", runs.size())
                        .figure("count keys compared (sum over runs)", checks)
                        .figure("live reports recounted at the last check", runs.get(runs.size() - 1).liveReports())
                        .figure("counts-topic records read committed / read uncommitted at the end (the counts are"
                                + " written at commit time, so records of aborted transactions appear only when a kill"
                                + " lands inside a commit)",
                                String.format(Locale.ROOT, "%,d / %,d (%,d aborted)", committed, uncommitted,
                                        uncommitted - committed))
                        .figure("mismatches found", mismatchesTotal);
                runsTable(report, runs);
                report.write();
                reported = true;

                assertThat(runs).hasSize(kills);
                for (Run r : runs) {
                    assertThat(r.unprocessedAtKill()).as("unprocessed records when instance %d was killed", r.n()).isPositive();
                    assertThat(r.keysChecked()).as("count keys at run %d", r.n()).isPositive();
                    assertThat(r.mismatches()).as("mismatches after run %d", r.n()).isZero();
                }
                assertThat(runs.get(runs.size() - 1).keysChecked()).isGreaterThan(1000);
                assertThat(out).contains("kratomwatch engine: running, query API off").contains("kratomwatch engine: stopped");
            } catch (Throwable e) {
                if (!reported) { // the figures so far, and where it failed
                    report.figure("INCOMPLETE: failed after runs", runs.size() + " of " + kills)
                            .note("Failure: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
                    runsTable(report, runs);
                    report.write();
                }
                throw e;
            } finally {
                engines.destroyAll(); // before the broker closes
            }
        }
    }

    private static void runsTable(ReliabilityReport report, List<Run> runs) {
        List<List<Object>> rows = new ArrayList<>();
        for (Run r : runs) {
            rows.add(List.of(r.n() + 1, r.quarters(), r.sliceRecords(),
                    String.format(Locale.ROOT, "%,d (%.0f%%)", r.committedAtKill(), 100.0 * r.committedAtKill() / r.sliceRecords()),
                    r.unprocessedAtKill(), r.countsAtKill(), r.restartToIdle(), r.keysChecked(), r.mismatches()));
        }
        report.table(List.of("run", "slice", "slice records", "committed at kill", "unprocessed at kill (input + deltas)",
                "counts records at kill", "restart to idle (s)", "count keys compared", "mismatches"), rows);
    }

    /** The quarters cut into {@code n} consecutive slices of (nearly) equal numbers of quarters. */
    private static List<List<GroundTruth.QuarterCounts>> slices(List<GroundTruth.QuarterCounts> quarters, int n) {
        assertThat(quarters.size()).as("quarters to slice").isGreaterThanOrEqualTo(n);
        List<List<GroundTruth.QuarterCounts>> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(quarters.subList(k * quarters.size() / n, (k + 1) * quarters.size() / n));
        }
        return out;
    }

    /** Starts {@code kratomwatch engine} as its own JVM, output to {@code engine-N.out}. */
    private Process startEngine(String bootstrap, Path state, int n) throws IOException {
        return engines.start(name(n), List.of("--bootstrap-server", bootstrap, "--state-dir", state.toString(),
                "--query-bind", "none", "--partitions", "3", "--score-interval", "PT5S", "--refit-interval", "PT1H",
                "--kafka-config", engines.clientConfig().toString()));
    }

    private static String name(int n) {
        return "engine-" + n;
    }

    /**
     * Waits until the group has committed input up to {@code target} (of {@code end}). Bounded by
     * a generous rate floor: 120 s plus 20 ms a record (50 records/s; the engine does several hundred).
     */
    private void awaitCommittedInput(EngineTopics topics, long target, long end, Process p, int n, long records)
            throws Exception {
        long seconds = 120 + records / 50;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (end - topics.unprocessed(Topics.REPORTS.name()) < target) {
            assertThat(p.isAlive()).as("engine %d died: %s", n, engines.output(name(n))).isTrue();
            assertThat(System.nanoTime()).as("engine %d did not commit input up to %d in %d s: %s", n, target, seconds,
                    engines.output(name(n))).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void phase(String what, long t0) {
        System.out.printf("EngineCrashTest: %6.1f s %s%n", (System.nanoTime() - t0) / 1e9, what);
    }
}
