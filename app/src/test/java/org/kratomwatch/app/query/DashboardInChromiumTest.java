package org.kratomwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kratomwatch.app.broker.SharedBroker;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.report.ReportFixtures;
import org.kratomwatch.report.browser.HeadlessChromium;
import org.kratomwatch.report.table.PairRow;
import org.kratomwatch.report.table.SignalRows;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.query.Metrics;
import org.kratomwatch.streams.query.QueryServer;
import org.kratomwatch.streams.query.SignalQueries;

/**
 * The live dashboard as a person sees it, in headless Chromium against a real query server whose
 * event stream reads a real broker: the page loads without console errors, the table shows the
 * current cumulative signals in strength order, the selected signal's trend is drawn (a mark per
 * period and measure), a state change published on {@code ae.signal-events.v1} shows up live (in
 * the event list and, after the reload it triggers, in the table), and a click draws another
 * signal's trend. Screenshot: {@code target/screenshots/dashboard.png}. Skipped without Chromium.
 */
@ExtendWith(SharedBroker.class)
class DashboardInChromiumTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void dashboardShowsSignalsTrendsAndLiveChanges() throws Exception {
        assumeTrue(HeadlessChromium.available(), () -> HeadlessChromium.missingReason().orElse(""));
        Map<String, Object> client = Map.of("bootstrap.servers", SharedBroker.bootstrapServers());
        TopicSetup.ensure(client, List.of(Topics.SIGNAL_EVENTS), 3, (short) 1);
        FixtureQueries queries = new FixtureQueries();
        QueryServer server = QueryServer.builder(queries).port(0).registry(Metrics.registry(null)).kafkaConfig(client)
                .heartbeat(Duration.ofSeconds(1)).start();
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            HeadlessChromium.Page page = browser.open(url);
            List<String> expected = SignalRows.rows(queries.signals, ReportFixtures.PERIOD).stream()
                    .map(PairRow::key).map(k -> k.substance() + "|" + k.event()).toList();
            page.waitUntil("document.querySelectorAll('#signals tbody tr').length === " + expected.size(), WAIT);
            assertThat(page.eval("[...document.querySelectorAll('#signals tbody tr')]"
                    + ".map(r => r.dataset.substance + '|' + r.dataset.event)"))
                    .extracting(n -> n.asText()).containsExactlyElementsOf(expected);
            // the strongest signal is selected and its trend drawn: IC025 and EB05, a mark per period
            page.waitUntil("document.querySelectorAll('#trend svg circle.mark').length === 8", WAIT);
            assertThat(page.eval("[...document.querySelectorAll('#trend svg')].map(s => s.dataset.measure)"))
                    .extracting(n -> n.asText()).containsExactly("IC025", "EB05");
            assertThat(page.eval("[...document.querySelectorAll('#trend svg')].every(s => s.getBoundingClientRect().width > 100"
                    + " && s.querySelectorAll('line.threshold').length === 1)").asBoolean()).isTrue();
            page.waitUntil("document.getElementById('status').dataset.state === 'live'", WAIT);

            // a new signal appears: the engine's record, then its state change on the topic
            queries.signals.add(ReportFixtures.signal("kratom", EventKind.PREFERRED_TERM, "respiratory depression", "all",
                    Scope.CUMULATIVE, ReportFixtures.PERIOD, new long[] {9, 391, 300, 99300}, true, SignalState.NEW,
                    Map.of("ror025", ReportFixtures.PERIOD)));
            publish(client, event("respiratory depression"));
            page.waitUntil("document.querySelector('#events li[data-event=\"respiratory depression\"]') !== null", WAIT);
            page.waitUntil("document.querySelector('#signals tbody tr[data-event=\"respiratory depression\"]') !== null", WAIT);
            assertThat(page.eval("document.querySelectorAll('#signals tbody tr').length").asInt()).isEqualTo(expected.size() + 1);

            // another signal's trend on a click
            page.eval("document.querySelector('#signals tbody tr[data-event=\"withdrawal\"]').click()");
            page.waitUntil("document.getElementById('trend-title').textContent.endsWith('kratom-related × withdrawal')"
                    + " && document.querySelectorAll('#trend svg circle.mark').length === 8", WAIT);

            assertThat(page.consoleErrors()).isEmpty();
            Path png = HeadlessChromium.screenshotDir().resolve("dashboard.png");
            page.screenshot(png);
            assertThat(Files.size(png)).isGreaterThan(10_000);
        } finally {
            server.close();
            server.registry().close();
        }
    }

    private static SignalEvent event(String event) {
        return SignalEvent.newBuilder().setSubstance("kratom").setEvent(event).setEventKind(EventKind.PREFERRED_TERM)
                .setComparator("all").setScope(Scope.CUMULATIVE).setPeriod(ReportFixtures.PERIOD)
                .setPreviousState(SignalState.NONE).setNewState(SignalState.NEW).setSignalsFired(List.of("ror025"))
                .setA(9).setExpected(1.2).setPrr(7.5).setChiSquareYates(40).setRor(7.6).setRorLower95(3.9).setIc(2.6)
                .setIc025(1.5).setEbgm(4.1).setEb05(2.3).setOccurredAt(Instant.now()).build();
    }

    private static void publish(Map<String, Object> client, SignalEvent e) {
        Map<String, Object> p = new HashMap<>(client);
        p.put("transactional.id", "dashboard-test-" + System.nanoTime());
        p.put("enable.idempotence", true);
        p.put("acks", "all");
        try (KafkaProducer<String, SignalEvent> producer = new KafkaProducer<>(p, new StringSerializer(),
                Topics.SIGNAL_EVENTS.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.SIGNAL_EVENTS.name(), Keys.signal(e), e));
            producer.commitTransaction();
        }
    }

    /** The report fixtures' records as one engine instance's stores. */
    private static final class FixtureQueries implements SignalQueries {

        final List<DisproportionalitySignal> signals = new CopyOnWriteArrayList<>(ReportFixtures.signals());
        final List<DisproportionalitySignal> history = ReportFixtures.history();

        @Override
        public List<DisproportionalitySignal> localSignals() {
            return List.copyOf(signals);
        }

        @Override
        public List<DisproportionalitySignal> localSignals(String substance, String event) {
            return signals.stream().filter(s -> s.getSubstance().equals(substance) && s.getEvent().equals(event)).toList();
        }

        @Override
        public List<DisproportionalitySignal> history(String substance, String event) {
            return history.stream().filter(s -> s.getSubstance().equals(substance) && s.getEvent().equals(event)).toList();
        }

        @Override
        public List<InteractionSignal> localInteractions() {
            return ReportFixtures.interactions();
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
