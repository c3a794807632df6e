package org.kratomwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kratomwatch.app.broker.SharedBroker;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.query.Metrics;
import org.kratomwatch.streams.query.QueryServer;
import org.kratomwatch.streams.query.SignalJson;
import org.kratomwatch.streams.query.SignalQueries;

/**
 * {@code GET /signal-events} on a real broker: signal events written by a transactional producer
 * with the Avro serde arrive as Server-Sent Events with parseable JSON, from the beginning or only
 * the new ones, and the server closes its consumer when the client goes away. The topic is shared
 * with other test classes, so each test recognizes its own events by a unique substance name.
 */
@ExtendWith(SharedBroker.class)
class SignalEventsSseTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService readers = Executors.newCachedThreadPool();
    private Map<String, Object> client;
    private QueryServer server;

    @BeforeEach
    void start() throws IOException {
        client = Map.of("bootstrap.servers", SharedBroker.bootstrapServers());
        TopicSetup.ensure(client, List.of(Topics.SIGNAL_EVENTS), 3, (short) 1);
        server = QueryServer.builder(new NoSignals()).port(0).registry(Metrics.registry(null)).kafkaConfig(client)
                .heartbeat(Duration.ofMillis(300)).start();
    }

    @AfterEach
    void stop() {
        server.close();
        server.registry().close();
        readers.shutdownNow();
    }

    @Test
    void eventsFromEarliestArriveAsServerSentEvents() throws Exception {
        String substance = "sse-earliest-" + System.nanoTime();
        produce(event(substance, "drug withdrawal syndrome", SignalState.NEW),
                event(substance, "dependence/abuse", SignalState.STRENGTHENED));

        HttpResponse<InputStream> response = open("/signal-events?from=earliest");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        List<Sse> events;
        try (BufferedReader lines = reader(response)) {
            events = readUntil(lines, substance, 2);
            assertThat(waitForStreams(1)).isEqualTo(1);
        }
        assertThat(events).hasSize(2);
        for (Sse e : events) {
            assertThat(e.event()).isEqualTo("signal-event");
            assertThat(e.id()).matches("\\d+-\\d+");
        }
        JsonNode first = events.get(0).json();
        JsonNode second = events.get(1).json();
        // same substance and comparator and scope, different events: different keys, maybe different partitions
        assertThat(List.of(first.get("event").textValue(), second.get("event").textValue()))
                .containsExactlyInAnyOrder("drug withdrawal syndrome", "dependence/abuse");
        JsonNode withdrawal = first.get("event").textValue().equals("drug withdrawal syndrome") ? first : second;
        assertThat(withdrawal.get("substance").textValue()).isEqualTo(substance);
        assertThat(withdrawal.get("eventKind").textValue()).isEqualTo("PREFERRED_TERM");
        assertThat(withdrawal.get("previousState").textValue()).isEqualTo("NONE");
        assertThat(withdrawal.get("newState").textValue()).isEqualTo("NEW");
        assertThat(withdrawal.get("signalsFired").get(0).textValue()).isEqualTo("ror025");
        assertThat(withdrawal.get("a").longValue()).isEqualTo(5);
        assertThat(withdrawal.get("prr").textValue()).isEqualTo("Infinity");
        assertThat(withdrawal.get("eb05").isNull()).isTrue();
        assertThat(withdrawal.get("occurredAt").longValue()).isEqualTo(1_735_000_000_000L);

        // the client has gone: the next heartbeat fails and the stream (and its consumer) ends
        assertThat(waitForStreams(0)).isZero();
    }

    @Test
    void fromLatestSendsOnlyNewEvents() throws Exception {
        String substance = "sse-latest-" + System.nanoTime();
        produce(event(substance, "old event", SignalState.NEW));

        HttpResponse<InputStream> response = open("/signal-events");
        assertThat(response.statusCode()).isEqualTo(200);
        List<Sse> events;
        try (BufferedReader lines = reader(response)) {
            // the opening comment: positions are fixed, anything produced now is sent
            assertThat(lines.readLine()).startsWith(": " + Topics.SIGNAL_EVENTS.name() + " from latest");
            produce(event(substance, "new event", SignalState.ONGOING));
            events = readUntil(lines, substance, 1);
            // quiet now: a heartbeat comment follows within the (test's 300 ms) heartbeat interval
            Future<String> heartbeat = readers.submit(() -> {
                String line;
                while ((line = lines.readLine()) != null && !line.startsWith(": heartbeat")) {
                    // other events of other tests on the shared topic
                }
                return line;
            });
            assertThat(heartbeat.get(30, TimeUnit.SECONDS)).isEqualTo(": heartbeat");
        }
        assertThat(events).hasSize(1);
        assertThat(events.get(0).json().get("event").textValue()).isEqualTo("new event");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** One Server-Sent Event. */
    private record Sse(String id, String event, String data) {
        JsonNode json() throws IOException {
            return SignalJson.MAPPER.readTree(data);
        }
    }

    private HttpResponse<InputStream> open(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static BufferedReader reader(HttpResponse<InputStream> response) {
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** Reads events until {@code count} of this substance have arrived, or 60 s have passed. */
    private List<Sse> readUntil(BufferedReader lines, String substance, int count) throws Exception {
        Future<List<Sse>> read = readers.submit(() -> {
            List<Sse> mine = new ArrayList<>();
            Map<String, String> fields = new HashMap<>();
            String line;
            while (mine.size() < count && (line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (fields.containsKey("data")) {
                        Sse e = new Sse(fields.get("id"), fields.get("event"), fields.get("data"));
                        if (substance.equals(e.json().get("substance").textValue())) {
                            mine.add(e);
                        }
                    }
                    fields.clear();
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    fields.put(line.substring(0, colon), line.substring(colon + 1).stripLeading());
                }
            }
            return mine;
        });
        return read.get(60, TimeUnit.SECONDS);
    }

    private int waitForStreams(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int open;
        do {
            open = (int) server.registry().get("kratomwatch.query.sse.streams").gauge().value();
            if (open == expected) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return open;
    }

    private void produce(SignalEvent... events) {
        Map<String, Object> p = new HashMap<>(client);
        p.put("transactional.id", "sse-test-" + System.nanoTime());
        p.put("enable.idempotence", true);
        p.put("acks", "all");
        try (KafkaProducer<String, SignalEvent> producer = new KafkaProducer<>(p, new StringSerializer(),
                Topics.SIGNAL_EVENTS.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (SignalEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.SIGNAL_EVENTS.name(), Keys.signal(e), e));
            }
            producer.commitTransaction();
        }
    }

    private static SignalEvent event(String substance, String event, SignalState state) {
        boolean group = event.contains("/");
        return SignalEvent.newBuilder()
                .setSubstance(substance)
                .setEvent(event)
                .setEventKind(group ? EventKind.TERM_GROUP : EventKind.PREFERRED_TERM)
                .setComparator("all")
                .setScope(Scope.CUMULATIVE)
                .setPeriod("2024Q4")
                .setPreviousState(state == SignalState.NEW ? SignalState.NONE : SignalState.NEW)
                .setNewState(state)
                .setSignalsFired(List.of("ror025"))
                .setA(5)
                .setExpected(0.8)
                .setPrr(Double.POSITIVE_INFINITY)
                .setChiSquareYates(12.5)
                .setRor(7.5)
                .setRorLower95(2.1)
                .setIc(1.9)
                .setIc025(0.6)
                .setEbgm(Double.NaN)
                .setEb05(Double.NaN)
                .setOccurredAt(Instant.ofEpochMilli(1_735_000_000_000L))
                .build();
    }

    /** The engine side is not under test here: no stores, one healthy instance. */
    private static final class NoSignals implements SignalQueries {

        @Override
        public List<DisproportionalitySignal> localSignals() {
            return List.of();
        }

        @Override
        public List<DisproportionalitySignal> localSignals(String substance, String event) {
            return List.of();
        }

        @Override
        public List<DisproportionalitySignal> history(String substance, String event) {
            return List.of();
        }

        @Override
        public List<InteractionSignal> localInteractions() {
            return List.of();
        }

        @Override
        public Optional<HostInfo> ownerOf(String substance, String event) {
            return Optional.empty();
        }

        @Override
        public List<HostInfo> instances() {
            return List.of();
        }

        @Override
        public HostInfo self() {
            return null;
        }

        @Override
        public boolean healthy() {
            return true;
        }

        @Override
        public String state() {
            return "RUNNING";
        }
    }
}
