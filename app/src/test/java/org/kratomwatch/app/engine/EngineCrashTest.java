package org.kratomwatch.app.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.streams.count.BatchRecount;
import org.kratomwatch.streams.engine.EngineConfig;

/**
 * Exactly-once across crashes: {@code kratomwatch engine} runs as its own JVM and is killed with
 * SIGKILL (no shutdown hook, no commit, an open transaction left behind) three times at random
 * points while it is counting, restarted each time on the same state folder; the last instance
 * runs to the end. The counts topic, read committed, must then equal a recount from scratch of the
 * live reports: a count that was lost or applied twice by any of the crashes would show.
 *
 * <p>The instance is observed from outside, as an operator would: the group's committed offsets,
 * the topics' last stable offsets. The seed is {@code -Dkratomwatch.crash.seed} (default below);
 * the figures are printed for the reliability report. To debug, see {@link EngineProcesses}.
 *
 * <p>The engines score every 5 s and do not refit the MGPS prior: scoring does not change counts,
 * and on two cores it would slow counting down (scoring is checked by the pipeline tests).
 */
class EngineCrashTest {

    private static final long DEFAULT_SEED = 20_250_101L;
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    private EngineProcesses engines;

    @BeforeEach
    void children() {
        engines = new EngineProcesses(dir);
    }

    /** Child JVMs never outlive the test, even when it fails; their output is kept when asked to. */
    @AfterEach
    void destroyChildren() throws Exception {
        engines.close();
    }

    @Test
    void killedThreeTimesMidStreamTheCountsStillEqualARecount() throws Exception {
        long seed = Long.getLong("kratomwatch.crash.seed", DEFAULT_SEED);
        Random random = new Random(seed);
        long t0 = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"));
                EngineTopics topics = new EngineTopics(broker.bootstrapServers())) {
            try {
                String bootstrap = broker.bootstrapServers();
                Path state = dir.resolve("state");
                // The first instance starts while the input is generated and ingested (a JVM start and a
                // first rebalance take seconds on two cores): it creates its own topics, 3 partitions
                // each, and, when it is up before ingest, waits for ingest to create the input topic.
                Process first = startEngine(bootstrap, state, 0);
                Path faers = dir.resolve("faers");
                CliRun g = CliRun.of("generate", "faers", "--reports", "4000", "--quarters", "2023Q1..2024Q4", "--out",
                        faers.toString(), "--follow-up-rate", "0.3", "--deletion-rate", "0.05", "--malformed-rate", "0",
                        "--seed", Long.toString(seed % 1000));
                assertThat(g.status()).as(g.err()).isZero();
                phase("generated", t0);
                CliRun i = CliRun.of("ingest", "faers", faers.toString(), "--create-key-file", dir.resolve("key").toString(),
                        "--bootstrap-server", bootstrap, "--partitions", "3");
                assertThat(i.status()).as(i.err()).isZero();
                long input = topics.committedEnd("ae.reports.v1");
                phase("ingested", t0);

                List<Long> countsAtKill = new ArrayList<>();
                List<Long> unprocessedAtKill = new ArrayList<>();
                long lastCounts = 0;
                for (int k = 0; k < KILLS; k++) {
                    Process p = k == 0 ? first : startEngine(bootstrap, state, k);
                    // Mid-stream: the instance is running (state restored, tasks assigned) and, for the
                    // first, counts are being committed; then it runs a random 1-4 s more.
                    engines.awaitRunning(name(k), Duration.ofSeconds(60));
                    if (k == 0) {
                        engines.awaitCountsAbove(topics, 0, name(k));
                    }
                    phase("instance " + k + " running", t0);
                    Thread.sleep(1000 + random.nextInt(3000));
                    unprocessedAtKill.add(topics.unprocessed("ae.reports.v1") + topics.unprocessed(EngineTopics.REPARTITION));
                    boolean midStream = !topics.consumed();
                    p.destroyForcibly();
                    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(midStream).as("instance %d was still counting when killed", k).isTrue();
                    lastCounts = topics.committedEnd(EngineTopics.COUNTS);
                    countsAtKill.add(lastCounts);
                    phase("instance " + k + " killed", t0);
                }

                Process last = startEngine(bootstrap, state, KILLS);
                engines.awaitIdle(topics, Duration.ofSeconds(90), name(KILLS));
                phase("last instance idle", t0);
                long finalCounts = topics.committedEnd(EngineTopics.COUNTS);

                Map<String, Long> streamed = topics.counts();
                List<AdverseEventReport> live = topics.liveReports(EngineConfig.defaults());
                Map<String, Long> expected = BatchRecount.of(live, EngineConfig.defaults());
                int uncommitted = topics.readAll(EngineTopics.COUNTS, new StringDeserializer(), new LongDeserializer(), false).size();
                int committed = topics.readAll(EngineTopics.COUNTS, new StringDeserializer(), new LongDeserializer(), true).size();
                List<String> mismatches = EngineProcesses.mismatches(expected, streamed);

                // A clean stop too: SIGTERM runs the shutdown hook, which closes the engine.
                last.destroy();
                assertThat(last.waitFor(60, TimeUnit.SECONDS)).as("engine stops on SIGTERM").isTrue();
                String out = engines.fullOutput(name(KILLS));

                System.out.printf("EngineCrashTest: seed %d, %d input records, %d live reports, %d kills mid-stream"
                        + " (counts topic committed end offsets at kills %s of %d at the end; unprocessed input + deltas at kills %s),"
                        + " %d count keys checked, %d mismatches, %d counts records read committed, %d read uncommitted"
                        + " (%d in aborted transactions), %.1f s%n", seed, input, live.size(), countsAtKill.size(), countsAtKill,
                        finalCounts, unprocessedAtKill, expected.size(), mismatches.size(), committed, uncommitted,
                        uncommitted - committed, (System.nanoTime() - t0) / 1e9);
                mismatches.stream().limit(20).forEach(m -> System.out.println("  mismatch " + m));

                assertThat(countsAtKill).hasSize(KILLS);
                for (int k = 0; k < KILLS; k++) {
                    assertThat(countsAtKill.get(k)).as("counts at kill %d", k).isPositive().isLessThan(finalCounts);
                    assertThat(unprocessedAtKill.get(k)).as("unprocessed records at kill %d", k).isPositive();
                }
                assertThat(countsAtKill).isSorted();
                assertThat(expected).hasSizeGreaterThan(1000);
                assertThat(mismatches).isEmpty();
                assertThat(streamed).isEqualTo(expected);
                assertThat(out).contains("kratomwatch engine: running, query API off").contains("kratomwatch engine: stopped");
            } finally {
                engines.destroyAll(); // before the broker closes
            }
        }
    }

    private static String name(int n) {
        return "engine-" + n;
    }

    /** Starts {@code kratomwatch engine} as its own JVM, output to {@code engine-N.out}. */
    private Process startEngine(String bootstrap, Path state, int n) throws IOException {
        return engines.start(name(n), List.of("--bootstrap-server", bootstrap, "--state-dir", state.toString(),
                "--query-bind", "none", "--partitions", "3", "--score-interval", "PT5S", "--refit-interval", "PT1H",
                "--kafka-config", engines.clientConfig().toString()));
    }

    private static void phase(String what, long t0) {
        System.out.printf("EngineCrashTest: %6.1f s %s%n", (System.nanoTime() - t0) / 1e9, what);
    }
}
