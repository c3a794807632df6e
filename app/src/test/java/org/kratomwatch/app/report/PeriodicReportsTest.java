package org.kratomwatch.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.report.ReportFixtures;
import org.kratomwatch.report.model.ReportModel;

/**
 * A period's records: the engine's current ones for the latest period, the history's for an
 * earlier one with the life cycle replayed by the engine's state rules.
 */
class PeriodicReportsTest {

    /** kratom × seizure: no rule in Q1, rules in Q2 and Q3 (stronger in Q3), none in Q4. */
    private static final long[][] SEIZURE = {{1, 99, 900, 99000}, {6, 194, 1000, 98800}, {14, 286, 1100, 98600},
        {3, 397, 1200, 98400}};

    private static List<DisproportionalitySignal> history() {
        List<DisproportionalitySignal> h = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            h.add(ReportFixtures.signal("kratom", EventKind.PREFERRED_TERM, "seizure", "all", Scope.CUMULATIVE,
                    ReportFixtures.PERIODS.get(i), SEIZURE[i], true, SignalState.NONE, Map.of()));
        }
        return h;
    }

    private static EngineRecords engine() {
        DisproportionalitySignal current = ReportFixtures.signal("kratom", EventKind.PREFERRED_TERM, "seizure", "all",
                Scope.CUMULATIVE, "2024Q4", SEIZURE[3], true, SignalState.CLOSED, Map.of("ror025", "2024Q2"));
        return new EngineRecords(List.of(current), history(), false, List.of(), "test", List.of());
    }

    @Test
    void theLatestPeriodIsTheEnginesCurrentRecord() {
        ReportModel m = PeriodicReports.model(engine(), null, null, s -> true);
        assertThat(m.period()).isEqualTo("2024Q4");
        assertThat(m.signals()).singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(SignalState.CLOSED);
            assertThat(s.getFirstFired()).containsEntry("ror025", "2024Q2");
        });
        assertThat(m.caseSeries()).isNull();
    }

    @Test
    void anEarlierPeriodGetsItsLifeCycleFromTheHistory() {
        assertThat(history().get(0).getSignalsFired()).isEmpty();
        assertThat(history().get(1).getSignalsFired()).isNotEmpty();
        DisproportionalitySignal q2 = PeriodicReports.model(engine(), "2024Q2", null, s -> true).signals().get(0);
        assertThat(q2.getState()).isEqualTo(SignalState.NEW);
        assertThat(q2.getFirstFired().values()).containsOnly("2024Q2");
        DisproportionalitySignal q3 = PeriodicReports.model(engine(), "2024Q3", null, s -> true).signals().get(0);
        assertThat(q3.getState()).isIn(SignalState.STRENGTHENED, SignalState.ONGOING);
        assertThat(q3.getA()).isEqualTo(14);
        DisproportionalitySignal q1 = PeriodicReports.model(engine(), "2024Q1", null, s -> true).signals().get(0);
        assertThat(q1.getState()).isEqualTo(SignalState.NONE);
        assertThat(q1.getFirstFired()).isEmpty();
    }

    @Test
    void aPeriodWithoutDataIsAOneLineError() {
        assertThatThrownBy(() -> PeriodicReports.model(engine(), "2025Q1", null, s -> true))
                .isInstanceOf(UserInputException.class)
                .hasMessage("no data for 2025Q1 yet: the engine's latest period is 2024Q4");
        assertThatThrownBy(() -> PeriodicReports.model(engine(), null, null, s -> s.equals("loperamide")))
                .hasMessage("the engine holds no signal records for these substances");
    }
}
