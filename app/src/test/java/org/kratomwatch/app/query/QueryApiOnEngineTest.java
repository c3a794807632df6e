package org.kratomwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.app.pipeline.BatchScore;
import org.kratomwatch.app.pipeline.SignalTable;
import org.kratomwatch.app.score.ScoreCommand;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.app.SignalEngine;
import org.kratomwatch.streams.app.StreamsSettings;
import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.engine.WatchList;
import org.kratomwatch.streams.query.SignalJson;

/**
 * The query API against a live engine: two {@link SignalEngine} instances of one application in
 * this JVM (own state folders, own query ports on 127.0.0.1, advertised addresses set), 6
 * partitions, on an in-JVM broker, over generated FAERS quarters with follow-ups and deletions
 * ingested by {@code kratomwatch ingest}. Everything is asked over real HTTP:
 * <ul>
 *   <li>{@code /signals} on either instance is the same complete list, equal (1e-9) to what the two
 *       instances' stores hold together, whose cumulative rows equal {@code score} on the live
 *       reports with the same prior;</li>
 *   <li>{@code /signals/{s}/{e}} for every pair, asked of both instances, is the same answer,
 *       although only one of them holds the pair (the other forwards: about half of the calls);
 *       unknown pairs are JSON 404s and malformed requests JSON 400s, never a stack trace;</li>
 *   <li>{@code /signals/{s}/{e}/history}, {@code /interactions} with a filter, {@code /health} and
 *       {@code /metrics} answer with the expected content;</li>
 *   <li>the first instance, started before the input topic exists, waits for it and starts when it
 *       appears; and a clean close
 *       leaves the consumer group: the other instance takes every task over in one rebalance, far
 *       within the 45 s session timeout a member that stays would hold it for, and so does the
 *       restart.</li>
 * </ul>
 */
class QueryApiOnEngineTest {

    private static final String WATCH = "kratom|mitragynine|7-hydroxymitragynine|oxycodone|hydrocodone|adalimumab|prednisone";
    private static final String SCORE_DRUGS =
            "^(kratom|mitragynine|7-hydroxymitragynine|oxycodone|hydrocodone|ADALIMUMAB|PREDNISONE)$";
    /** A fixed MGPS prior (DuMouchel's usual starting point), given to the engine and to {@code score}. */
    private static final String PRIOR = "0.2,0.1,2,4,0.3333";
    private static final String LAST_QUARTER = "2024Q2";
    private static final int PARTITIONS = 6;
    /** Active tasks of the topology: latest-version and count/score, one per partition each. */
    private static final int TASKS = 2 * PARTITIONS;
    private static final double TOLERANCE = 1e-9;
    /** The consumer's default session timeout, which a member that does not leave holds its tasks for. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    @Test
    void twoLiveInstancesAnswerEveryQueryTheSameAndForwardToTheOwner() throws Exception {
        long t0 = System.nanoTime();
        Path faers = dir.resolve("faers");
        CliRun g = CliRun.of("generate", "faers", "--reports", "1000", "--quarters", "2023Q1.." + LAST_QUARTER, "--out",
                faers.toString(), "--seed", "17", "--malformed-rate", "0", "--follow-up-rate", "0.3", "--deletion-rate", "0.05");
        assertThat(g.status()).as(g.err()).isZero();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            EngineConfig config = EngineConfig.defaults().withWatch(WatchList.parse(WATCH))
                    .withIntervals(Duration.ofMillis(500), Duration.ofHours(1)); // no refits: a given prior
            int portA = freePort();
            int portB = freePort();
            QueryClient qa = new QueryClient(portA);
            QueryClient qb = new QueryClient(portB);
            SignalEngine a = null;
            SignalEngine b = null;
            try {
                // A starts before the input topic exists: it waits for it.
                a = SignalEngine.start(settings(client, "a", portA), config);
                assertThat(a.awaitingInput()).as("A waits for ae.reports.v1").isTrue();
                JsonNode waiting = qa.json("/health", 503);
                assertThat(waiting.get("status").textValue()).isEqualTo("DOWN");
                assertThat(waiting.get("state").textValue()).isEqualTo("CREATED");
                // the prior both instances score with (published now, so that one scoring pass suffices)
                a.useHyperparameters(ScoreCommand.parseHyper(PRIOR), LAST_QUARTER);
                // The input topic as `ingest --partitions 6` creates it; A starts when it appears. (Created
                // here, not by the ingest run below: ingest's idempotent producer, sending right after it
                // created the topic, was seen stuck on OUT_OF_ORDER_SEQUENCE_NUMBER until its 300 s delivery
                // timeout when its first batch to a new partition met NOT_LEADER_OR_FOLLOWER.)
                TopicSetup.ensure(client, List.of(Topics.REPORTS, Topics.QUARANTINE), PARTITIONS, (short) 1);
                a.awaitRunning(Duration.ofMinutes(1));
                assertThat(a.awaitingInput()).isFalse();
                b = SignalEngine.start(settings(client, "b", portB), config);
                b.awaitRunning(Duration.ofMinutes(1));
                QueryClient.awaitBalanced(TASKS, Duration.ofSeconds(60), qa, qb);
                phase("both instances running with their share of the tasks", t0);
                CliRun i = CliRun.of("ingest", "faers", faers.toString(), "--create-key-file", dir.resolve("key").toString(),
                        "--bootstrap-server", broker.bootstrapServers(), "--partitions", Integer.toString(PARTITIONS));
                assertThat(i.status()).as(i.err()).isZero();
                phase("ingested", t0);

                awaitIdle(a, b);
                assertThat(currentPeriod(a, b)).isEqualTo(LAST_QUARTER);
                phase("counted and scored with the given prior", t0);

                Map<String, DisproportionalitySignal> held = held(a, b);
                assertThat(held).hasSizeGreaterThan(200).hasSizeLessThanOrEqualTo(10_000);

                // ---- /signals: the same complete list from either instance, equal to the stores
                JsonNode listA = qa.json("/signals?limit=10000", 200);
                JsonNode listB = qb.json("/signals?limit=10000", 200);
                for (JsonNode list : List.of(listA, listB)) {
                    assertThat(list.get("partial").booleanValue()).isFalse();
                    assertThat(list.get("failedInstances")).isEmpty();
                    assertThat(list.get("count").intValue()).isEqualTo(held.size());
                    assertThat(list.get("matched").intValue()).isEqualTo(held.size());
                    assertThat(list.get("signals")).hasSize(held.size());
                    Set<String> seen = new HashSet<>();
                    for (JsonNode s : list.get("signals")) {
                        String key = signalKey(s);
                        assertThat(seen.add(key)).as("listed once: %s", key).isTrue();
                        assertThat(held).as("held by an instance: %s", key).containsKey(key);
                        assertSameJson(s, SignalJson.toJson(held.get(key)), key, Set.of());
                    }
                }
                assertThat(listB.get("signals")).isEqualTo(listA.get("signals"));

                // ---- ...and its cumulative rows equal batch scoring of the live reports
                Path export = dir.resolve("engine.csv");
                try (Writer w = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
                    SignalTable.write(w, held.values().stream()
                            .filter(s -> s.getScope() == Scope.CUMULATIVE && s.getComparator().equals("all")).toList());
                }
                BatchScore.Scored batch = BatchScore.ofFaers(faers, dir, SCORE_DRUGS, PRIOR);
                assertThat(batch.live().deleted).isNotEmpty();
                assertThat(batch.live().replaced).isPositive();
                int batchRows = BatchScore.assertSameTable(batch.table(), export, false);
                phase("/signals checked: " + held.size() + " records, " + batchRows + " rows equal to score", t0);

                // ---- /signals/{s}/{e}: every pair from both instances, half of them forwarded
                Map<String, List<DisproportionalitySignal>> pairs = new LinkedHashMap<>();
                held.values().stream().sorted(java.util.Comparator.comparing(QueryApiOnEngineTest::signalKey))
                        .forEach(s -> pairs.computeIfAbsent(s.getSubstance() + "\u0000" + s.getEvent(), k -> new ArrayList<>())
                                .add(s));
                Set<String> ownedByA = pairsOf(a.localSignals());
                Set<String> ownedByB = pairsOf(b.localSignals());
                assertThat(ownedByA).doesNotContainAnyElementsOf(ownedByB);
                Map<String, String> answers = new LinkedHashMap<>();
                int forwarded = 0;
                long directNanos = 0;
                long forwardedNanos = 0;
                int localChecks = 0;
                for (Map.Entry<String, List<DisproportionalitySignal>> pair : pairs.entrySet()) {
                    String[] names = pair.getKey().split("\u0000");
                    String path = QueryClient.pairPath(names[0], names[1]);
                    boolean atA = ownedByA.contains(pair.getKey());
                    long t = System.nanoTime();
                    QueryClient.Reply fromA = qa.get(path);
                    long tA = System.nanoTime() - t;
                    t = System.nanoTime();
                    QueryClient.Reply fromB = qb.get(path);
                    long tB = System.nanoTime() - t;
                    directNanos += atA ? tA : tB;
                    forwardedNanos += atA ? tB : tA;
                    assertThat(fromA.status()).as("A: GET %s: %s", path, fromA.body()).isEqualTo(200);
                    assertThat(fromB.status()).as("B: GET %s: %s", path, fromB.body()).isEqualTo(200);
                    assertThat(fromB.body()).as("same answer from both: %s", path).isEqualTo(fromA.body());
                    JsonNode body = fromA.json();
                    assertThat(body.get("substance").textValue()).isEqualTo(names[0]);
                    assertThat(body.get("event").textValue()).isEqualTo(names[1]);
                    assertThat(body.get("count").intValue()).as(path).isEqualTo(pair.getValue().size());
                    for (JsonNode s : body.get("signals")) {
                        assertSameJson(s, SignalJson.toJson(held.get(signalKey(s))), signalKey(s), Set.of());
                    }
                    // exactly one instance holds it; asked locally (as another instance would), the other has none
                    assertThat(atA).as("held by exactly one instance: %s", path).isNotEqualTo(ownedByB.contains(pair.getKey()));
                    if (pairs.size() < 100 || answers.size() % 5 == 0) { // a sample: each local answer is one more call
                        QueryClient.Reply localA = qa.getLocal(path);
                        QueryClient.Reply localB = qb.getLocal(path);
                        assertThat(localA.status()).as("A alone: %s", path).isEqualTo(atA ? 200 : 404);
                        assertThat(localB.status()).as("B alone: %s", path).isEqualTo(atA ? 404 : 200);
                        assertThat((atA ? localA : localB).body()).isEqualTo(fromA.body());
                        localChecks++;
                    }
                    forwarded++; // one of the two calls went to the instance that does not hold the pair
                    answers.put(path, fromA.body());
                }
                assertThat(ownedByA).isNotEmpty();
                assertThat(ownedByB).isNotEmpty();
                double directMs = directNanos / 1e6 / pairs.size();
                double forwardedMs = forwardedNanos / 1e6 / pairs.size();
                phase(String.format("%d pairs asked of both instances: %d calls forwarded (%d pairs held by A, %d by B),"
                        + " 0 mismatches, %d pairs also asked of each alone; %.1f ms per direct answer, %.1f ms per forwarded"
                        + " one", pairs.size(), forwarded, ownedByA.size(), ownedByB.size(), localChecks, directMs,
                        forwardedMs), t0);
                // no ~40 ms delayed-ACK stall per answer (the JDK server's Nagle default; see QueryServer)
                assertThat(directMs).as("ms per direct pair answer").isLessThan(20);

                // ---- errors: JSON, never a stack trace
                for (QueryClient q : List.of(qa, qb)) {
                    assertError(q, QueryClient.pairPath("no-such-substance", "no-such-event"), 404);
                    assertError(q, QueryClient.pairPath("kratom", "no such event"), 404);
                    assertError(q, QueryClient.pairPath("no-such-substance", "no-such-event") + "/history", 404);
                    // a request target that is not a URI is refused by the JDK server itself, before any
                    // handler (HTML, not JSON): still a 400 without a stack trace
                    QueryClient.Reply raw = q.getRaw("/signals/kratom/%ZZ");
                    assertThat(raw.status()).as(raw.body()).isEqualTo(400);
                    assertThat(raw.body()).doesNotContain("\tat ").doesNotContain("org.kratomwatch");
                    assertError(q, "/signals/kratom/%C3%28", 400);
                    assertError(q, "/signals?limit=abc", 400);
                    assertError(q, "/signals?sort=nonsense", 400);
                    assertError(q, "/signals?unknown=1", 400);
                    assertError(q, "/interactions?signal=maybe", 400);
                    assertError(q, QueryClient.pairPath("kratom", "x") + "?extra=1", 400);
                    assertError(q, "/signals/a/b/c/d", 404);
                }

                // ---- history: per period, oldest first; its last cumulative row is the current record
                DisproportionalitySignal top = held.values().stream()
                        .filter(s -> s.getScope() == Scope.CUMULATIVE && s.getComparator().equals("all")
                                && s.getEventKind() == EventKind.PREFERRED_TERM)
                        .max(java.util.Comparator.comparingLong(DisproportionalitySignal::getA)
                                .thenComparing(QueryApiOnEngineTest::signalKey, java.util.Comparator.reverseOrder()))
                        .orElseThrow();
                String historyPath = QueryClient.pairPath(top.getSubstance(), top.getEvent()) + "/history";
                JsonNode historyA = qa.json(historyPath, 200);
                JsonNode historyB = qb.json(historyPath, 200);
                assertSameJson(historyB, historyA, historyPath, Set.of("updatedAt"));
                assertThat(historyA.get("count").intValue()).isEqualTo(historyA.get("history").size()).isPositive();
                List<String> periods = new ArrayList<>();
                JsonNode current = null;
                for (JsonNode h : historyA.get("history")) {
                    assertThat(h.get("substance").textValue()).isEqualTo(top.getSubstance());
                    assertThat(h.get("event").textValue()).isEqualTo(top.getEvent());
                    periods.add(h.get("period").textValue());
                    if (h.get("period").textValue().equals(top.getPeriod()) && h.get("comparator").textValue().equals("all")
                            && h.get("scope").textValue().equals("CUMULATIVE")
                            && h.get("eventKind").textValue().equals(top.getEventKind().name())) {
                        current = h;
                    }
                }
                assertThat(periods).isSorted();
                assertThat(new TreeSet<>(periods)).hasSizeGreaterThan(1).last().isEqualTo(top.getPeriod());
                assertThat(current).as("history row of the current period").isNotNull();
                JsonNode now = SignalJson.toJson(top);
                for (String f : List.of("a", "b", "c", "d", "n", "expected", "prr", "ror", "rorLower95", "ic", "ic025", "ebgm",
                        "eb05")) {
                    assertSameJson(current.get(f), now.get(f), historyPath + " " + f, Set.of());
                }

                // ---- interactions, filtered by watch substance
                List<InteractionSignal> interactions = new ArrayList<>(a.localInteractions());
                interactions.addAll(b.localInteractions());
                assertThat(interactions).isNotEmpty();
                Map<String, Long> perWatch = new TreeMap<>();
                interactions.forEach(x -> perWatch.merge(x.getWatchSubstance(), 1L, Long::sum));
                String watched = perWatch.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                Map<String, InteractionSignal> expectedInteractions = new HashMap<>();
                interactions.stream().filter(x -> x.getWatchSubstance().equals(watched))
                        .forEach(x -> expectedInteractions.put(interactionKey(SignalJson.toJson(x)), x));
                String interactionsPath = "/interactions?limit=10000&watchSubstance=" + QueryClient.param(watched);
                JsonNode ia = qa.json(interactionsPath, 200);
                JsonNode ib = qb.json(interactionsPath, 200);
                assertThat(ib).isEqualTo(ia);
                assertThat(ia.get("partial").booleanValue()).isFalse();
                assertThat(ia.get("count").intValue()).isEqualTo(expectedInteractions.size());
                for (JsonNode x : ia.get("interactions")) {
                    assertThat(x.get("watchSubstance").textValue()).isEqualTo(watched);
                    assertSameJson(x, SignalJson.toJson(expectedInteractions.get(interactionKey(x))), interactionKey(x), Set.of());
                }
                long fired = expectedInteractions.values().stream().filter(InteractionSignal::getSignal).count();
                assertThat(qa.json(interactionsPath + "&signal=true", 200).get("count").intValue()).isEqualTo((int) fired);

                // ---- health and metrics
                List<JsonNode> health = List.of(qa.json("/health", 200), qb.json("/health", 200));
                for (int n = 0; n < 2; n++) {
                    JsonNode h = health.get(n);
                    assertThat(h.get("status").textValue()).isEqualTo("UP");
                    assertThat(h.get("state").textValue()).isEqualTo("RUNNING");
                    assertThat(h.get("instance").textValue()).isEqualTo("127.0.0.1:" + (n == 0 ? portA : portB));
                    assertThat(h.get("activeTasks")).isNotEmpty();
                }
                assertThat(QueryClient.texts(health.get(0).get("partitions")))
                        .doesNotContainAnyElementsOf(QueryClient.texts(health.get(1).get("partitions")));
                QueryClient.Reply metrics = qa.get("/metrics");
                assertThat(metrics.status()).isEqualTo(200);
                assertThat(metrics.contentType()).startsWith("text/plain");
                assertThat(metrics.body()).containsPattern("(?m)^kafka_stream_\\w+\\{.*client_id=\"" + StreamsSettings.APPLICATION_ID)
                        .contains("kratomwatch_query_requests_seconds_count{endpoint=\"/signals/{substance}/{event}\"")
                        .contains("jvm_memory_used_bytes");
                phase("history, interactions (" + expectedInteractions.size() + " of " + watched + "), health and metrics checked", t0);

                // ---- a clean close leaves the group: A takes every task over at once ...
                long closing = System.nanoTime();
                b.close();
                b = null;
                qa.awaitTasks(TASKS, SESSION_TIMEOUT);
                double takeover = (System.nanoTime() - closing) / 1e9;
                phase(String.format("B closed; A took over all %d tasks in %.1f s", TASKS, takeover), t0);
                assertThat(takeover).as("takeover after a clean close (s)").isLessThan(SESSION_TIMEOUT.getSeconds() / 2.0);

                // ... and a restart (same state folder and port) gets its share back at once too
                long restarting = System.nanoTime();
                b = SignalEngine.start(settings(client, "b", portB), config);
                b.awaitRunning(Duration.ofMinutes(1));
                QueryClient.awaitBalanced(TASKS, SESSION_TIMEOUT, qa, qb);
                double rejoin = (System.nanoTime() - restarting) / 1e9;
                phase(String.format("B restarted and rebalanced in %.1f s", rejoin), t0);
                assertThat(rejoin).as("restart rebalance (s)").isLessThan(SESSION_TIMEOUT.getSeconds() / 2.0);
                awaitIdle(a, b);
                int again = 0;
                int n = 0;
                for (Map.Entry<String, String> answer : answers.entrySet()) {
                    if (n++ % 3 != 0) {
                        continue; // a third of the pairs, from B (half of them forwarded to A)
                    }
                    QueryClient.Reply fromB = qb.get(answer.getKey());
                    assertThat(fromB.status()).as("after the restart, B: %s", answer.getKey()).isEqualTo(200);
                    assertSameJson(fromB.json(), SignalJson.MAPPER.readTree(answer.getValue()), answer.getKey(), Set.of("updatedAt"));
                    again++;
                }
                assertThat(a.failure()).isEmpty();
                assertThat(b.failure()).isEmpty();
                System.out.printf("QueryApiOnEngineTest: %d signal records, %d pairs asked of both instances (%d calls"
                        + " forwarded, 0 mismatches; %.1f ms direct, %.1f ms forwarded), %d rows equal to score, takeover after"
                        + " a clean close %.1f s, restart %.1f s, %d pairs asked again after it, %.1f s%n", held.size(),
                        pairs.size(), forwarded, directMs, forwardedMs, batchRows, takeover, rejoin, again,
                        (System.nanoTime() - t0) / 1e9);
            } finally {
                if (b != null) {
                    b.close();
                }
                if (a != null) {
                    a.close();
                }
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private SignalEngine.Settings settings(Map<String, Object> client, String name, int port) {
        return new SignalEngine.Settings(client, dir.resolve("state-" + name), PARTITIONS, (short) 1,
                StreamsSettings.APPLICATION_ID, 1, "127.0.0.1", port, "127.0.0.1:" + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Both idle, one after the other (each checks the shared group and its own replica and scorers). */
    private static void awaitIdle(SignalEngine a, SignalEngine b) throws Exception {
        a.awaitIdle(Duration.ofSeconds(90));
        b.awaitIdle(Duration.ofSeconds(90));
        a.awaitIdle(Duration.ofSeconds(90));
    }

    private static String currentPeriod(SignalEngine a, SignalEngine b) {
        List<DisproportionalitySignal> all = new ArrayList<>(a.localSignals());
        all.addAll(b.localSignals());
        return all.stream().map(DisproportionalitySignal::getPeriod).max(String::compareTo).orElseThrow();
    }

    /** What the two instances' stores hold together, by signal key; no key in both. */
    private static Map<String, DisproportionalitySignal> held(SignalEngine a, SignalEngine b) {
        Map<String, DisproportionalitySignal> out = new HashMap<>();
        for (SignalEngine e : List.of(a, b)) {
            for (DisproportionalitySignal s : e.localSignals()) {
                assertThat(out.put(signalKey(SignalJson.toJson(s)), s)).as("held twice: %s", s).isNull();
            }
        }
        return out;
    }

    private static Set<String> pairsOf(List<DisproportionalitySignal> signals) {
        Set<String> out = new HashSet<>();
        signals.forEach(s -> out.add(s.getSubstance() + "\u0000" + s.getEvent()));
        return out;
    }

    private static String signalKey(DisproportionalitySignal s) {
        return signalKey(SignalJson.toJson(s));
    }

    private static String signalKey(JsonNode s) {
        return Keys.join(s.get("substance").textValue(), s.get("eventKind").textValue(), s.get("event").textValue(),
                s.get("comparator").textValue(), s.get("scope").textValue());
    }

    private static String interactionKey(JsonNode x) {
        return Keys.join(x.get("watchSubstance").textValue(), x.get("coDrug").textValue(), x.get("eventKind").textValue(),
                x.get("event").textValue());
    }

    /** A JSON error with this status, its message and path, and no trace of a Java exception. */
    private static void assertError(QueryClient q, String path, int status) throws Exception {
        assertError(q.get(path), path, status);
    }

    private static void assertError(QueryClient.Reply r, String path, int status) {
        assertThat(r.status()).as("GET %s: %s", path, r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode e = r.json();
        assertThat(e.get("status").intValue()).isEqualTo(status);
        assertThat(e.get("error").textValue()).isNotBlank();
        assertThat(e.get("path")).isNotNull();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("org.apache")
                .doesNotContain("org.kratomwatch");
    }

    /** Equal JSON, numbers to 1e-9 relative, fields in {@code ignored} skipped at any depth. */
    private static void assertSameJson(JsonNode actual, JsonNode expected, String what, Set<String> ignored) {
        if (expected == null || expected.isNull()) {
            assertThat(actual == null || actual.isNull()).as("%s: expected null, got %s", what, actual).isTrue();
        } else if (expected.isNumber()) {
            assertThat(actual.isNumber()).as("%s: expected a number, got %s", what, actual).isTrue();
            double x = expected.doubleValue();
            assertThat(actual.doubleValue()).as(what).isCloseTo(x, within(TOLERANCE * Math.max(1, Math.abs(x))));
        } else if (expected.isObject()) {
            assertThat(actual.isObject()).as("%s: expected an object, got %s", what, actual).isTrue();
            Set<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            Set<String> actualNames = new TreeSet<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            assertThat(actualNames).as("%s: fields", what).isEqualTo(names);
            for (String n : names) {
                if (!ignored.contains(n)) {
                    assertSameJson(actual.get(n), expected.get(n), what + "." + n, ignored);
                }
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as("%s: expected an array, got %s", what, actual).isTrue();
            assertThat(actual.size()).as("%s: length", what).isEqualTo(expected.size());
            Iterator<JsonNode> ai = actual.elements();
            int n = 0;
            for (JsonNode e : expected) {
                assertSameJson(ai.next(), e, what + "[" + n++ + "]", ignored);
            }
        } else {
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    private static void phase(String what, long t0) {
        System.out.printf("QueryApiOnEngineTest: %6.1f s %s%n", (System.nanoTime() - t0) / 1e9, what);
    }
}
