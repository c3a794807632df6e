package org.kratomwatch.app.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.app.query.QueryClient;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.count.BatchRecount;
import org.kratomwatch.streams.engine.EngineConfig;

/**
 * Horizontal scale with a crash: two {@code kratomwatch engine} processes of one application (6
 * partitions; each its own state folder and query port) share the work on one in-JVM broker while
 * generated FAERS reports are ingested. One is killed with SIGKILL mid-stream. The survivor must take
 * over every partition (its {@code /health} lists them) and answer for every pair; the killed one
 * restarts on its state folder, gets its share back, and then both answer for every pair, each
 * forwarding to the other the pairs it does not hold; the counts topic, read committed, equals a
 * batch recount of the live reports exactly (as in {@link EngineCrashTest}).
 *
 * <p>The engines are observed from outside, as an operator would: their query API, the group's
 * offsets, the topics. A killed member stays in the group until its session times out (6 s here,
 * see {@link EngineProcesses#clientConfig}). {@code acceptable.recovery.lag} is raised so that the
 * restarted instance, whose state exactly-once wipes after a crash, counts as caught up once it
 * has restored and gets its tasks back at once, not after the next probing rebalance (10 min).
 * The seed is {@code -Dkratomwatch.crash.seed}; the figures are printed.
 */
class TwoInstancesTest {

    private static final long DEFAULT_SEED = 20_250_202L;
    private static final int PARTITIONS = 6;
    /** Active tasks of the topology: latest-version and count/score, one per partition each. */
    private static final int TASKS = 2 * PARTITIONS;
    private static final String REPARTITION = EngineTopics.REPARTITION;

    @TempDir
    Path dir;

    private EngineProcesses engines;

    @BeforeEach
    void children() {
        engines = new EngineProcesses(dir);
    }

    @AfterEach
    void destroyChildren() throws Exception {
        engines.close();
    }

    @Test
    void theSurvivorOfACrashTakesOverEveryPartitionAndTheRestartedInstanceItsShare() throws Exception {
        long seed = Long.getLong("kratomwatch.crash.seed", DEFAULT_SEED);
        Random random = new Random(seed);
        long t0 = System.nanoTime();
        Path faers = dir.resolve("faers");
        CliRun g = CliRun.of("generate", "faers", "--reports", "3000", "--quarters", "2023Q1..2024Q4", "--out",
                faers.toString(), "--follow-up-rate", "0.3", "--deletion-rate", "0.05", "--malformed-rate", "0",
                "--seed", Long.toString(seed % 1000));
        assertThat(g.status()).as(g.err()).isZero();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"));
                EngineTopics topics = new EngineTopics(broker.bootstrapServers())) {
            try {
                String bootstrap = broker.bootstrapServers();
                // The input topic as `ingest --partitions 6` creates it, so that both instances are
                // running with their share of the tasks before the first report arrives.
                TopicSetup.ensure(Map.of("bootstrap.servers", bootstrap), List.of(Topics.REPORTS, Topics.QUARANTINE),
                        PARTITIONS, (short) 1);
                Path clientConfig = engines.clientConfig("acceptable.recovery.lag=100000000");
                QueryClient qa = new QueryClient(freePort());
                QueryClient qb = new QueryClient(freePort());
                start("a", bootstrap, qa, clientConfig);
                start("b", bootstrap, qb, clientConfig);
                engines.awaitRunning("a", Duration.ofSeconds(60));
                engines.awaitRunning("b", Duration.ofSeconds(60));
                QueryClient.awaitBalanced(TASKS, Duration.ofSeconds(60), qa, qb);
                phase("both instances running, tasks split " + tasks(qa) + " / " + tasks(qb), t0);

                CliRun i = CliRun.of("ingest", "faers", faers.toString(), "--create-key-file", dir.resolve("key").toString(),
                        "--bootstrap-server", bootstrap, "--partitions", Integer.toString(PARTITIONS));
                assertThat(i.status()).as(i.err()).isZero();
                long input = topics.committedEnd(Topics.REPORTS.name());
                phase("ingested " + input + " records", t0);

                // Mid-stream: both count; then a random 1-3 s more, and B is killed.
                engines.awaitCountsAbove(topics, 0, "a");
                Thread.sleep(1000 + random.nextInt(2000));
                Set<String> pairsBeforeKill = pairs(qa);
                long unprocessedAtKill = topics.unprocessed(Topics.REPORTS.name()) + topics.unprocessed(REPARTITION);
                long countsAtKill = topics.committedEnd(EngineTopics.COUNTS);
                boolean midStream = !topics.consumed();
                assertThat(engines.process("b").isAlive()).as("B alive before the kill: %s", engines.output("b")).isTrue();
                engines.process("b").destroyForcibly();
                long killed = System.nanoTime();
                assertThat(engines.process("b").waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(midStream).as("B was still counting when killed").isTrue();
                phase("B killed (" + unprocessedAtKill + " input and delta records unprocessed, " + countsAtKill
                        + " counts records committed)", t0);

                // The survivor takes over every partition.
                JsonNode health = qa.awaitTasks(TASKS, Duration.ofSeconds(60));
                double takeover = (System.nanoTime() - killed) / 1e9;
                Set<String> expectedPartitions = new TreeSet<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    expectedPartitions.add(Topics.REPORTS.name() + "-" + p);
                    expectedPartitions.add(REPARTITION + "-" + p);
                }
                assertThat(new TreeSet<>(QueryClient.texts(health.get("partitions")))).isEqualTo(expectedPartitions);
                phase(String.format("A took over all %d tasks and %d partitions in %.1f s", TASKS, expectedPartitions.size(),
                        takeover), t0);

                engines.awaitIdle(topics, Duration.ofSeconds(120), "a");
                Map<String, JsonNode> survivorAnswers = awaitSettledSignals(qa, Duration.ofSeconds(60));
                phase("A idle: " + survivorAnswers.size() + " pairs with signal records", t0);
                assertThat(survivorAnswers.keySet()).containsAll(pairsBeforeKill);
                assertThat(survivorAnswers).hasSizeGreaterThan(50);
                List<String> mismatches = new ArrayList<>();
                for (Map.Entry<String, JsonNode> pair : survivorAnswers.entrySet()) {
                    QueryClient.Reply r = qa.get(pair.getKey());
                    if (r.status() != 200) {
                        mismatches.add("survivor " + pair.getKey() + ": " + r.status() + " " + r.body());
                    } else {
                        survivorAnswers.put(pair.getKey(), withoutTimes(r.json()));
                    }
                }
                int survivorChecked = survivorAnswers.size();
                phase("A answered for every pair: " + survivorChecked + " checked, " + mismatches.size() + " mismatches", t0);

                // B restarts on its state folder and gets its share back.
                long restarting = System.nanoTime();
                start("b-restarted", bootstrap, qb, clientConfig, "b");
                engines.awaitRunning("b-restarted", Duration.ofSeconds(90));
                QueryClient.awaitBalanced(TASKS, Duration.ofSeconds(90), qa, qb);
                double rejoin = (System.nanoTime() - restarting) / 1e9;
                phase(String.format("B restarted and rebalanced in %.1f s, tasks split %s / %s", rejoin, tasks(qa), tasks(qb)),
                        t0);
                engines.awaitIdle(topics, Duration.ofSeconds(60), "a", "b-restarted");

                // Both answer for every pair, the same, each forwarding what the other holds.
                int forwarded = 0;
                int heldByA = 0;
                int heldByB = 0;
                for (Map.Entry<String, JsonNode> pair : survivorAnswers.entrySet()) {
                    String path = pair.getKey();
                    QueryClient.Reply fromA = qa.get(path);
                    QueryClient.Reply fromB = qb.get(path);
                    QueryClient.Reply aloneA = qa.getLocal(path);
                    QueryClient.Reply aloneB = qb.getLocal(path);
                    if (fromA.status() != 200 || fromB.status() != 200) {
                        mismatches.add("after the restart " + path + ": A " + fromA.status() + ", B " + fromB.status());
                        continue;
                    }
                    if (!fromA.body().equals(fromB.body())) {
                        mismatches.add("after the restart " + path + ": A and B answer differently");
                    }
                    if (!withoutTimes(fromA.json()).equals(pair.getValue())) {
                        mismatches.add("after the restart " + path + ": not what the survivor answered: " + fromA.body()
                                + " vs " + pair.getValue());
                    }
                    boolean a = aloneA.status() == 200;
                    boolean b = aloneB.status() == 200;
                    if (a == b) {
                        mismatches.add("after the restart " + path + ": held by " + (a ? "both" : "neither") + " instance");
                    }
                    heldByA += a ? 1 : 0;
                    heldByB += b ? 1 : 0;
                    forwarded++; // the call to the instance that does not hold the pair
                }
                phase(String.format("both answered for every pair: %d pairs asked of both, %d calls forwarded (%d pairs held"
                        + " by A, %d by B)", survivorAnswers.size(), forwarded, heldByA, heldByB), t0);

                // The counts equal a batch recount exactly.
                Map<String, Long> streamed = topics.counts();
                List<AdverseEventReport> live = topics.liveReports(EngineConfig.defaults());
                Map<String, Long> expected = BatchRecount.of(live, EngineConfig.defaults());
                List<String> countMismatches = EngineProcesses.mismatches(expected, streamed);

                // A clean stop of both (SIGTERM: the shutdown hook closes the engine).
                for (String name : List.of("a", "b-restarted")) {
                    engines.process(name).destroy();
                    assertThat(engines.process(name).waitFor(60, TimeUnit.SECONDS)).as("%s stops on SIGTERM", name).isTrue();
                    assertThat(engines.fullOutput(name)).contains("kratomwatch engine: stopped");
                }

                System.out.printf("TwoInstancesTest: seed %d, %d input records, %d live reports, B killed mid-stream (%d"
                        + " records unprocessed, %d counts records committed), survivor took over %d tasks in %.1f s and"
                        + " answered for %d pairs; restart rebalanced in %.1f s; %d pairs asked of both (%d forwarded,"
                        + " %d held by A, %d by B); %d query mismatches; %d count keys checked, %d count mismatches;"
                        + " %.1f s%n", seed, input, live.size(), unprocessedAtKill, countsAtKill, TASKS, takeover,
                        survivorChecked, rejoin, survivorAnswers.size(), forwarded, heldByA, heldByB, mismatches.size(),
                        expected.size(), countMismatches.size(), (System.nanoTime() - t0) / 1e9);
                mismatches.stream().limit(20).forEach(m -> System.out.println("  query mismatch " + m));
                countMismatches.stream().limit(20).forEach(m -> System.out.println("  count mismatch " + m));

                assertThat(unprocessedAtKill).isPositive();
                assertThat(mismatches).isEmpty();
                assertThat(heldByA).isPositive();
                assertThat(heldByB).isPositive();
                assertThat(expected).hasSizeGreaterThan(1000);
                assertThat(countMismatches).isEmpty();
                assertThat(streamed).isEqualTo(expected);
            } finally {
                engines.destroyAll(); // before the broker closes
            }
        }
    }

    /** Starts an instance with its query API on the client's port; {@code state} names its state folder. */
    private void start(String name, String bootstrap, QueryClient query, Path clientConfig, String... state)
            throws IOException {
        String folder = "state-" + (state.length > 0 ? state[0] : name);
        engines.start(name, List.of("--bootstrap-server", bootstrap, "--state-dir", dir.resolve(folder).toString(),
                "--partitions", Integer.toString(PARTITIONS), "--query-bind", "127.0.0.1", "--query-port",
                Integer.toString(query.port()), "--score-interval", "PT1S", "--refit-interval", "PT1H", "--kafka-config",
                clientConfig.toString()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int tasks(QueryClient q) throws Exception {
        return q.json("/health", 200).get("activeTasks").size();
    }

    /** The {@code /signals/{s}/{e}} paths of every pair in the instance's complete (gathered) list. */
    private static Set<String> pairs(QueryClient q) throws Exception {
        JsonNode list = q.json("/signals?limit=10000", 200);
        assertThat(list.get("partial").booleanValue()).as("a complete list").isFalse();
        assertThat(list.get("matched").intValue()).isLessThanOrEqualTo(10_000);
        Set<String> out = new TreeSet<>();
        for (JsonNode s : list.get("signals")) {
            out.add(QueryClient.pairPath(s.get("substance").textValue(), s.get("event").textValue()));
        }
        return out;
    }

    /**
     * Polls the instance's list until it has not changed (timestamps aside) for three rounds a
     * second apart: scoring has caught up with the counts. Returns its pairs (answers filled in later).
     */
    private static Map<String, JsonNode> awaitSettledSignals(QueryClient q, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        int same = 0;
        while (same < 3) {
            assertThat(System.nanoTime()).as("signals of port %d not settled after %s", q.port(), timeout).isLessThan(end);
            JsonNode now = withoutTimes(q.json("/signals?limit=10000", 200));
            same = now.equals(last) ? same + 1 : 0;
            last = now;
            Thread.sleep(1000);
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String path : pairs(q)) {
            out.put(path, null);
        }
        return out;
    }

    /** A copy without the {@code updatedAt} fields, which record when a value was computed. */
    private static JsonNode withoutTimes(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("updatedAt");
        }
        node.forEach(TwoInstancesTest::strip);
    }

    private static void phase(String what, long t0) {
        System.out.printf("TwoInstancesTest: %6.1f s %s%n", (System.nanoTime() - t0) / 1e9, what);
    }
}
