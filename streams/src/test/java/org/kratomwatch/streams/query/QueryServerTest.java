package org.kratomwatch.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kratomwatch.streams.query.InMemorySignalQueries.interaction;
import static org.kratomwatch.streams.query.InMemorySignalQueries.signal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalState;

/**
 * Two real query servers on ephemeral loopback ports over in-memory queries: instance A holds some
 * signals, instance B others, and each knows the other as an instance (and, for some pairs, as the
 * owner).
 */
class QueryServerTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final InMemorySignalQueries qa = new InMemorySignalQueries();
    private final InMemorySignalQueries qb = new InMemorySignalQueries();
    private QueryServer a;
    private QueryServer b;
    private HostInfo hostA;
    private HostInfo hostB;

    @BeforeEach
    void start() throws IOException {
        a = QueryServer.builder(qa).port(0).registry(Metrics.registry(null)).peerTimeout(Duration.ofSeconds(2))
                .start();
        b = QueryServer.builder(qb).port(0).peerTimeout(Duration.ofSeconds(2)).start();
        hostA = new HostInfo("127.0.0.1", a.port());
        hostB = new HostInfo("127.0.0.1", b.port());
        for (InMemorySignalQueries q : List.of(qa, qb)) {
            q.instances = List.of(hostA, hostB);
        }
        qa.self = hostA;
        qb.self = hostB;

        qa.signals.add(signal("kratom", "drug withdrawal syndrome", EventKind.PREFERRED_TERM, 12, 3.5,
                SignalState.NEW, "evans", "ror025", "eb05"));
        qa.signals.add(signal("kratom", "dependence/abuse", EventKind.TERM_GROUP, 30, 2.5, SignalState.ONGOING,
                "evans", "ror025", "ic025", "eb05"));
        qa.signals.add(signal("kratom", "drug withdrawal syndrome", EventKind.PREFERRED_TERM, "all", Scope.PERIOD,
                "2024Q4", 3, 1.1, SignalState.NONE));
        qb.signals.add(signal("kratom", "nausea", EventKind.PREFERRED_TERM, 4, Double.NaN, SignalState.NONE));
        qb.signals.add(signal("kratom", "nausea", EventKind.PREFERRED_TERM, "excl-opioid", Scope.CUMULATIVE,
                "2024Q4", 4, Double.NaN, SignalState.NONE));
        qb.signals.add(signal("loperamide", "cardiac arrest", EventKind.PREFERRED_TERM, 7,
                Double.POSITIVE_INFINITY, SignalState.STRENGTHENED, "ic025", "eb05"));
        qa.owner("kratom", "nausea", hostB);
        qb.owner("kratom", "drug withdrawal syndrome", hostA);

        qa.interactions.add(interaction("kratom", "fentanyl", "death", 1.2));
        qb.interactions.add(interaction("kratom", "quetiapine", "death", -0.4));
        qb.interactions.add(interaction("kratom", "alprazolam", "respiratory depression", Double.NaN));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        a.registry().close();
    }

    @Test
    void signalsAreGatheredFromEveryInstanceAndSortedByEb05() throws Exception {
        JsonNode body = json(get(a, "/signals"), 200);
        assertThat(body.get("partial").booleanValue()).isFalse();
        assertThat(body.get("failedInstances")).isEmpty();
        assertThat(body.get("count").intValue()).isEqualTo(6);
        assertThat(body.get("matched").longValue()).isEqualTo(6);
        // -eb05: Infinity first, then by value, NaN last (ties in key order)
        assertThat(eventsOf(body)).containsExactly("cardiac arrest", "drug withdrawal syndrome",
                "dependence/abuse", "drug withdrawal syndrome", "nausea", "nausea");
        JsonNode first = body.get("signals").get(0);
        assertThat(first.get("eb05").textValue()).isEqualTo("Infinity");
        assertThat(body.get("signals").get(5).get("eb05").isNull()).isTrue();
        assertThat(body.get("signals").get(4).get("comparator").textValue()).isEqualTo("all");
        assertThat(body.get("signals").get(5).get("comparator").textValue()).isEqualTo("excl-opioid");

        // the same from B
        assertThat(json(get(b, "/signals"), 200).get("count").intValue()).isEqualTo(6);
        // local=true: this instance only
        assertThat(json(get(b, "/signals?local=true"), 200).get("count").intValue()).isEqualTo(3);
    }

    @Test
    void filters() throws Exception {
        assertThat(eventsOf(json(get(a, "/signals?substance=loperamide"), 200))).containsExactly("cardiac arrest");
        assertThat(eventsOf(json(get(a, "/signals?substance=KRATOM&eventKind=GROUP"), 200)))
                .containsExactly("dependence/abuse");
        assertThat(eventsOf(json(get(a, "/signals?eventKind=TERM&scope=PERIOD"), 200)))
                .containsExactly("drug withdrawal syndrome");
        assertThat(eventsOf(json(get(a, "/signals?event=dependence%2Fabuse"), 200))).containsExactly(
                "dependence/abuse");
        assertThat(eventsOf(json(get(a, "/signals?event=drug+withdrawal+syndrome&scope=cumulative"), 200)))
                .containsExactly("drug withdrawal syndrome");
        assertThat(eventsOf(json(get(a, "/signals?comparator=excl-opioid"), 200))).containsExactly("nausea");
        assertThat(eventsOf(json(get(a, "/signals?rule=ic025"), 200))).containsExactly("cardiac arrest",
                "dependence/abuse");
        assertThat(eventsOf(json(get(a, "/signals?state=new"), 200))).containsExactly("drug withdrawal syndrome");
        assertThat(eventsOf(json(get(a, "/signals?minA=7&sort=a"), 200))).containsExactly("cardiac arrest",
                "drug withdrawal syndrome", "dependence/abuse");
        assertThat(eventsOf(json(get(a, "/signals?minA=7&sort=-a"), 200))).containsExactly("dependence/abuse",
                "drug withdrawal syndrome", "cardiac arrest");
        assertThat(json(get(a, "/signals?substance=nothing"), 200).get("signals")).isEmpty();
    }

    @Test
    void sortingAndLimit() throws Exception {
        assertThat(substancesOf(json(get(a, "/signals?sort=-substance&limit=2"), 200))).containsExactly(
                "loperamide", "kratom");
        JsonNode limited = json(get(a, "/signals?limit=1"), 200);
        assertThat(limited.get("count").intValue()).isEqualTo(1);
        assertThat(limited.get("matched").longValue()).isEqualTo(6);
        assertThat(eventsOf(limited)).containsExactly("cardiac arrest");
        // ascending eb05: NaN still last
        assertThat(eventsOf(json(get(a, "/signals?sort=eb05"), 200))).containsExactly("drug withdrawal syndrome",
                "dependence/abuse", "drug withdrawal syndrome", "cardiac arrest", "nausea", "nausea");
        assertThat(eventsOf(json(get(a, "/signals?sort=event&substance=kratom&scope=CUMULATIVE"), 200)))
                .containsExactly("dependence/abuse", "drug withdrawal syndrome", "nausea", "nausea");
        assertThat(json(get(a, "/signals?limit=0"), 200).get("matched").longValue()).isEqualTo(6);
    }

    @Test
    void badParametersAre400NamingTheParameter() throws Exception {
        Map<String, String> cases = Map.of(
                "/signals?sort=foo", "sort",
                "/signals?limit=10001", "limit",
                "/signals?limit=ten", "limit",
                "/signals?minA=-1", "minA",
                "/signals?eventKind=DRUG", "eventKind",
                "/signals?scope=YEAR", "scope",
                "/signals?rule=magic", "rule",
                "/signals?substnce=kratom", "substnce",
                "/signals?substance=a&substance=b", "substance",
                "/interactions?signal=maybe", "signal");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = get(a, c.getKey());
            JsonNode error = json(r, 400);
            assertThat(error.get("status").intValue()).isEqualTo(400);
            assertThat(error.get("error").textValue()).as(c.getKey()).contains("parameter " + c.getValue());
            assertThat(error.get("path").textValue()).isEqualTo(c.getKey().substring(0, c.getKey().indexOf('?')));
        }
        assertThat(json(get(a, "/signals/kratom/bad%FF"), 400).get("error").textValue()).contains("UTF-8");
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        for (String path : List.of("/nope", "/dashboard/nope.js", "/signals/a/b/c/d", "/signals//x", "/health/x")) {
            JsonNode error = json(get(a, path), 404);
            assertThat(error.get("status").intValue()).isEqualTo(404);
            assertThat(error.get("path").textValue()).isEqualTo(path);
            assertThat(error.get("error").textValue()).isNotBlank();
        }
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(a, "/signals"))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode error = json(r, 405);
            assertThat(error.get("error").textValue()).contains(method);
            assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
        }
        assertThat(json(http.send(HttpRequest.newBuilder(uri(a, "/nope")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()), 405).get("status").intValue()).isEqualTo(405);
    }

    @Test
    void aPairIsAnsweredByItsOwner() throws Exception {
        // A does not hold kratom/nausea: it forwards to B and relays B's answer
        JsonNode body = json(get(a, "/signals/kratom/nausea"), 200);
        assertThat(body.get("substance").textValue()).isEqualTo("kratom");
        assertThat(body.get("event").textValue()).isEqualTo("nausea");
        assertThat(body.get("count").intValue()).isEqualTo(2);
        assertThat(body.get("signals").get(0).get("comparator").textValue()).isEqualTo("all");
        assertThat(qb.pairQueries.get()).isEqualTo(1);
        assertThat(qa.pairQueries.get()).isZero();

        // A owns its pair and answers it; the group name with a slash arrives as %2F
        assertThat(json(get(a, "/signals/kratom/drug%20withdrawal%20syndrome"), 200).get("count").intValue())
                .isEqualTo(2);
        JsonNode group = json(get(a, "/signals/kratom/dependence%2Fabuse"), 200);
        assertThat(group.get("event").textValue()).isEqualTo("dependence/abuse");
        assertThat(group.get("signals").get(0).get("eventKind").textValue()).isEqualTo("TERM_GROUP");

        // B forwards to A; the owner's 404 is relayed
        assertThat(json(get(b, "/signals/kratom/drug%20withdrawal%20syndrome"), 200).get("count").intValue())
                .isEqualTo(2);
        JsonNode missing = json(get(a, "/signals/kratom/headache"), 404);
        assertThat(missing.get("path").textValue()).isEqualTo("/signals/kratom/headache");
    }

    @Test
    void forwardingDoesNotLoop() throws Exception {
        // B believes A owns kratom/nausea, A believes B does: one hop, then B answers from its own store
        qb.owner("kratom", "nausea", hostA);
        assertThat(json(get(a, "/signals/kratom/nausea"), 200).get("count").intValue()).isEqualTo(2);
        // asked directly, B forwards to A, which answers locally (it holds nothing): 404
        assertThat(json(get(b, "/signals/kratom/nausea"), 404).get("status").intValue()).isEqualTo(404);
        assertThat(qa.pairQueries.get()).isEqualTo(1);
    }

    @Test
    void historyFromAnyInstance() throws Exception {
        qa.histories.add(signal("kratom", "nausea", EventKind.PREFERRED_TERM, "all", Scope.CUMULATIVE, "2024Q3",
                2, Double.NaN, SignalState.NONE));
        qa.histories.add(signal("kratom", "nausea", EventKind.PREFERRED_TERM, "all", Scope.CUMULATIVE, "2024Q4",
                4, Double.NaN, SignalState.NONE));
        JsonNode body = json(get(a, "/signals/kratom/nausea/history"), 200);
        assertThat(body.get("count").intValue()).isEqualTo(2);
        assertThat(body.get("history").get(0).get("period").textValue()).isEqualTo("2024Q3");
        assertThat(body.get("history").get(1).get("period").textValue()).isEqualTo("2024Q4");
        assertThat(qb.pairQueries.get()).isZero();
        assertThat(json(get(a, "/signals/kratom/headache/history"), 404).get("error").textValue())
                .contains("headache");
        assertThat(json(get(a, "/signals/kratom/history"), 404).get("error").textValue()).contains("history");
    }

    @Test
    void anInstanceThatDoesNotAnswerMakesThePartial() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        HostInfo dead = new HostInfo("127.0.0.1", deadPort);
        qa.instances = List.of(hostA, hostB, dead);
        JsonNode body = json(get(a, "/signals"), 200);
        assertThat(body.get("partial").booleanValue()).isTrue();
        assertThat(body.get("failedInstances")).hasSize(1);
        assertThat(body.get("failedInstances").get(0).textValue()).isEqualTo("127.0.0.1:" + deadPort);
        assertThat(body.get("count").intValue()).isEqualTo(6);

        // an owner that does not answer: 502
        qa.owner("kratom", "nausea", dead);
        assertThat(json(get(a, "/signals/kratom/nausea"), 502).get("error").textValue()).contains("did not answer");
    }

    @Test
    void withoutAnAdvertisedAddressAnInstanceAnswersAlone() throws Exception {
        qa.self = null;
        assertThat(json(get(a, "/signals"), 200).get("count").intValue()).isEqualTo(3);
    }

    @Test
    void interactionsAreGatheredAndFiltered() throws Exception {
        JsonNode all = json(get(a, "/interactions"), 200);
        assertThat(all.get("count").intValue()).isEqualTo(3);
        assertThat(all.get("partial").booleanValue()).isFalse();
        List<String> coDrugs = new ArrayList<>();
        all.get("interactions").forEach(i -> coDrugs.add(i.get("coDrug").textValue()));
        assertThat(coDrugs).containsExactly("fentanyl", "quetiapine", "alprazolam");

        JsonNode signals = json(get(a, "/interactions?signal=true"), 200);
        assertThat(signals.get("count").intValue()).isEqualTo(1);
        assertThat(signals.get("interactions").get(0).get("coDrug").textValue()).isEqualTo("fentanyl");
        assertThat(json(get(a, "/interactions?signal=false&event=DEATH"), 200).get("count").intValue()).isEqualTo(1);
        assertThat(json(get(a, "/interactions?coDrug=alprazolam&watchSubstance=kratom"), 200).get("interactions")
                .get(0).get("omega025").isNull()).isTrue();
        assertThat(json(get(a, "/interactions?limit=1"), 200).get("matched").longValue()).isEqualTo(3);
    }

    @Test
    void health() throws Exception {
        JsonNode up = json(get(a, "/health"), 200);
        assertThat(up.get("status").textValue()).isEqualTo("UP");
        assertThat(up.get("state").textValue()).isEqualTo("RUNNING");
        assertThat(up.get("instance").textValue()).isEqualTo("127.0.0.1:" + a.port());
        // what the instance works on (none known here: InMemorySignalQueries keeps the default)
        assertThat(up.get("activeTasks").isArray()).isTrue();
        assertThat(up.get("standbyTasks").isArray()).isTrue();
        assertThat(up.get("partitions").isArray()).isTrue();
        qa.healthy = false;
        qa.state = "ERROR";
        JsonNode down = json(get(a, "/health"), 503);
        assertThat(down.get("status").textValue()).isEqualTo("DOWN");
        assertThat(down.get("state").textValue()).isEqualTo("ERROR");

        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri(a, "/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "application/json"));
    }

    /**
     * Answers do not wait for the client's delayed ACK: with Nagle's algorithm on (the JDK server's
     * default) each one took ~40 ms on Linux, twice that when forwarded.
     */
    @Test
    void answersAndForwardedAnswersTakeMillisecondsNotDelayedAcks() throws Exception {
        assertThat(System.getProperty(QueryServer.NODELAY_PROPERTY)).isEqualTo("true");
        for (int i = 0; i < 10; i++) { // warm-up
            json(get(b, "/signals/kratom/drug%20withdrawal%20syndrome"), 200);
        }
        int n = 50;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            json(get(a, "/health"), 200);
        }
        double direct = (System.nanoTime() - t0) / 1e6 / n;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            json(get(b, "/signals/kratom/drug%20withdrawal%20syndrome"), 200); // forwarded to A
        }
        double forwarded = (System.nanoTime() - t0) / 1e6 / n;
        System.out.printf("QueryServerTest: %.1f ms per answer, %.1f ms per forwarded answer%n", direct, forwarded);
        assertThat(direct).as("ms per answer").isLessThan(20);
        assertThat(forwarded).as("ms per forwarded answer").isLessThan(30);
    }

    @Test
    void storeFailuresAreJsonWithoutStackTraces() throws Exception {
        qa.failure = InMemorySignalQueries.rebalancing();
        HttpResponse<String> r = get(a, "/signals");
        assertThat(json(r, 503).get("error").textValue()).contains("rebalancing");
        assertThat(r.headers().firstValue("Retry-After")).contains("1");

        qa.failure = new IllegalStateException("boom\n\tat secret.Frame(Secret.java:1)");
        JsonNode error = json(get(a, "/signals"), 500);
        assertThat(error.get("error").textValue()).isEqualTo("internal error (IllegalStateException)");
        assertThat(error.toString()).doesNotContain("secret", "Frame");
    }

    @Test
    void signalEventsWithoutKafkaSettingsAre503() throws Exception {
        assertThat(json(get(a, "/signal-events"), 503).get("error").textValue()).contains("not configured");
        assertThat(json(get(a, "/signal-events?from=middle"), 400).get("error").textValue())
                .contains("parameter from");
    }

    @Test
    void metricsCountRequestsPerEndpoint() throws Exception {
        get(a, "/signals");
        get(a, "/signals/kratom/nausea");
        get(a, "/nope");
        HttpResponse<String> r = get(a, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "text/plain"));
        assertThat(r.body())
                .contains("kratomwatch_query_requests_seconds_count{endpoint=\"/signals\",method=\"GET\",status=\"200\"} 1")
                .contains("endpoint=\"/signals/{substance}/{event}\"")
                .contains("kratomwatch_query_requests_seconds_count{endpoint=\"other\",method=\"GET\",status=\"404\"} 1")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_threads_live_threads");
        // B was asked by A with local=true, and counted it
        assertThat(get(b, "/metrics").body()).contains("endpoint=\"/signals\",method=\"GET\",status=\"200\"");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static URI uri(QueryServer server, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private HttpResponse<String> get(QueryServer server, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(server, pathAndQuery)).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws IOException {
        assertThat(r.statusCode()).as(r.uri() + " -> " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "application/json"));
        return SignalJson.MAPPER.readTree(r.body());
    }

    private static List<String> eventsOf(JsonNode body) {
        List<String> events = new ArrayList<>();
        body.get("signals").forEach(s -> events.add(s.get("event").textValue()));
        return events;
    }

    private static List<String> substancesOf(JsonNode body) {
        List<String> substances = new ArrayList<>();
        body.get("signals").forEach(s -> substances.add(s.get("substance").textValue()));
        return substances;
    }
}
