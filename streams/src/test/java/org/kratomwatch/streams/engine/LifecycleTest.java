package org.kratomwatch.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.avro.AgeBand;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.schemas.topic.Topics;

/**
 * A signal's life across data periods, as the records and events show it: none, new, strengthened,
 * closed, then gone when its cases are retracted; and records that cannot be read go to the
 * dead-letter topic without stopping the engine.
 */
class LifecycleTest {

    private static final String WITHDRAWAL = Keys.signal("kratom", EventKind.PREFERRED_TERM, "drug withdrawal syndrome",
            "all", Scope.CUMULATIVE);

    @TempDir
    Path stateDir;

    private int next;

    private void background(EngineDriver d, String period, int n) {
        String[] events = {"nausea", "vomiting", "seizure", "death", "drug withdrawal syndrome"};
        for (int i = 0; i < n; i++) {
            String e = events[i % events.length];
            d.pipe(TestReports.report("bg-" + next++, 1, period, List.of(TestReports.drug(i % 2 == 0 ? "ibuprofen"
                    : "acetaminophen", DrugRole.PRIMARY_SUSPECT)), List.of(e), AgeBand.UNKNOWN, Sex.UNKNOWN));
        }
    }

    private List<String> kratom(EngineDriver d, String period, int n, String event) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = "kr-" + next++;
            keys.add(key);
            d.pipe(TestReports.report(key, 1, period, List.of(TestReports.drug("kratom", DrugRole.PRIMARY_SUSPECT)),
                    List.of(event), AgeBand.UNKNOWN, Sex.UNKNOWN));
        }
        return keys;
    }

    private static List<SignalState> states(List<SignalEvent> events, String key) {
        return events.stream().filter(e -> Keys.signal(e).equals(key)).map(SignalEvent::getNewState).toList();
    }

    @Test
    void aSignalIsBornGrowsClosesAndIsRemovedWithItsCases() {
        try (EngineDriver d = new EngineDriver(stateDir, EngineConfig.defaults())) {
            background(d, "2024Q1", 200);
            List<String> early = kratom(d, "2023Q1", 2, "nausea"); // before the increased-reporting window
            d.score();
            assertThat(d.signals()).containsKey(Keys.signal("kratom", EventKind.PREFERRED_TERM, "nausea", "all", Scope.CUMULATIVE));
            assertThat(d.events()).isEmpty();

            background(d, "2024Q2", 200);
            List<String> q2 = kratom(d, "2024Q2", 8, "drug withdrawal syndrome");
            d.score();
            DisproportionalitySignal s = d.signals().get(WITHDRAWAL);
            assertThat(s.getState()).isEqualTo(SignalState.NEW);
            assertThat(s.getPeriod()).isEqualTo("2024Q2");
            // Withdrawal was never reported with kratom before 2023Q3: 8 reports in the last 12 months are an increase.
            assertThat(s.getSignalsFired()).contains("evans", "ror025", "ic025", "increased-reporting");
            assertThat(s.getFirstFired()).containsEntry("evans", "2024Q2").containsEntry("ic025", "2024Q2");
            assertThat(states(d.events(), WITHDRAWAL)).containsExactly(SignalState.NEW);
            SignalEvent born = d.events().stream().filter(e -> Keys.signal(e).equals(WITHDRAWAL)).findFirst().orElseThrow();
            assertThat(born.getPreviousState()).isEqualTo(SignalState.NONE);
            assertThat(born.getPeriod()).isEqualTo("2024Q2");
            assertThat(born.getA()).isEqualTo(8);

            background(d, "2024Q3", 200);
            List<String> q3 = kratom(d, "2024Q3", 30, "drug withdrawal syndrome");
            d.score();
            s = d.signals().get(WITHDRAWAL);
            assertThat(s.getPeriod()).isEqualTo("2024Q3");
            assertThat(s.getState()).isEqualTo(SignalState.STRENGTHENED);
            assertThat(s.getFirstFired()).containsEntry("evans", "2024Q2"); // the first period stays

            // Retractions leave two cases: no rule fires any more.
            List<String> gone = new ArrayList<>(q2);
            gone.addAll(q3.subList(0, q3.size() - 2));
            gone.forEach(d::retract);
            d.score();
            s = d.signals().get(WITHDRAWAL);
            assertThat(s.getA()).isEqualTo(2);
            assertThat(s.getState()).isEqualTo(SignalState.CLOSED);
            assertThat(s.getFirstFired()).containsKey("evans");
            assertThat(states(d.events(), WITHDRAWAL)).containsExactly(SignalState.NEW, SignalState.STRENGTHENED,
                    SignalState.CLOSED);

            q3.subList(q3.size() - 2, q3.size()).forEach(d::retract);
            d.score();
            assertThat(d.signals()).doesNotContainKey(WITHDRAWAL);
            assertThat(early).hasSize(2);
        }
    }

    /**
     * A report that cannot be processed (here: a data period that is not a quarter) goes to the
     * dead-letter topic with its origin and error in headers, and the engine goes on. (Records that
     * cannot be deserialized take the same route on a real broker, see the app module's tests;
     * TopologyTestDriver does not deliver dead-letter records of the deserialization handler.)
     */
    @Test
    void unprocessableRecordsGoToTheDeadLetterTopicAndCountingGoesOn() {
        try (EngineDriver d = new EngineDriver(stateDir, EngineConfig.defaults())) {
            TestOutputTopic<byte[], byte[]> dlq = d.driver().createOutputTopic(Topics.DLQ.name(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            kratom(d, "2024Q1", 3, "nausea");
            d.pipe(TestReports.report("bad-1", 1, "2024Q1", List.of(TestReports.drug("kratom", DrugRole.PRIMARY_SUSPECT)),
                    List.of("nausea"), AgeBand.UNKNOWN, Sex.UNKNOWN));
            org.kratomwatch.avro.AdverseEventReport bad = TestReports.report("bad-2", 1, "2024Q1",
                    List.of(TestReports.drug("kratom", DrugRole.PRIMARY_SUSPECT)), List.of("nausea"), AgeBand.UNKNOWN, Sex.UNKNOWN);
            bad.setDataPeriod("2024-Q1");
            d.pipe(bad);
            kratom(d, "2024Q1", 2, "nausea");
            d.score();
            List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
            assertThat(dead).hasSize(1);
            Map<String, String> headers = new java.util.HashMap<>();
            for (Header h : dead.get(0).headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(headers.get("__streams.errors.topic")).isEqualTo(Topics.REPORTS.name());
            assertThat(headers).containsKey("__streams.errors.offset").containsKey("__streams.errors.partition");
            assertThat(headers.get("__streams.errors.message")).contains("2024-Q1").contains("not YYYYQn");
            assertThat(new String(dead.get(0).key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("bad-2");
            assertThat(d.signals().get(Keys.signal("kratom", EventKind.PREFERRED_TERM, "nausea", "all", Scope.CUMULATIVE))
                    .getA()).isEqualTo(6);
        }
    }
}
