package org.kratomwatch.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.RoleFilter;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalState;

/** What the demo prints as the engine's records change from one period to the next. */
class SignalFeedTest {

    @Test
    void announcesAPairWhenThreeDisproportionalityRulesAgreeThenEachNewRuleThenClosure() {
        SignalFeed feed = new SignalFeed();
        // evans and ror025 alone (the usual a=3 pair of chance): not on screen, but remembered
        List<SignalFeed.Line> q1 = feed.update("2023Q1", List.of(signal("kratom", "drug dependence", 3,
                List.of("evans", "ror025"), first("evans", "2023Q1", "ror025", "2023Q1"))), List.of());
        assertThat(q1).isEmpty();
        assertThat(feed.anySignal()).isFalse();

        List<SignalFeed.Line> q2 = feed.update("2023Q2", List.of(signal("kratom", "drug dependence", 5,
                List.of("evans", "ror025", "ic025"), first("evans", "2023Q1", "ror025", "2023Q1", "ic025", "2023Q2"))), List.of());
        assertThat(q2).singleElement().satisfies(l -> {
            assertThat(l.signal()).isTrue();
            assertThat(l.text()).startsWith("  NEW    kratom x drug dependence").contains("a=5 ")
                    .contains("PRR 4.00  ROR 5.00 (1.50-16.00)  IC025 0.30  EB05 -")
                    .contains("rules: evans 2023Q1, ror025 2023Q1, ic025 2023Q2");
        });
        assertThat(feed.anySignal()).isTrue();

        List<SignalFeed.Line> q3 = feed.update("2023Q3", List.of(signal("kratom", "drug dependence", 9,
                List.of("evans", "ror025", "ic025", "eb05"),
                first("evans", "2023Q1", "ror025", "2023Q1", "ic025", "2023Q2", "eb05", "2023Q3"))), List.of());
        assertThat(q3).singleElement().satisfies(l -> assertThat(l.text()).startsWith("  +RULE  kratom x drug dependence")
                .contains("eb05 2023Q3"));

        // unchanged: nothing to say
        assertThat(feed.update("2023Q4", List.of(signal("kratom", "drug dependence", 9,
                List.of("evans", "ror025", "ic025", "eb05"),
                first("evans", "2023Q1", "ror025", "2023Q1", "ic025", "2023Q2", "eb05", "2023Q3"))), List.of())).isEmpty();

        List<SignalFeed.Line> q5 = feed.update("2024Q1", List.of(signal("kratom", "drug dependence", 9, List.of(),
                first("evans", "2023Q1", "ror025", "2023Q1", "ic025", "2023Q2", "eb05", "2023Q3"))), List.of());
        assertThat(q5).singleElement().satisfies(l -> assertThat(l.text()).startsWith("  CLOSED kratom x drug dependence")
                .contains("rules: none; earlier evans 2023Q1, ror025 2023Q1, ic025 2023Q2, eb05 2023Q3"));

        assertThat(feed.firstFired("kratom", "Drug  Dependence")).containsEntry("eb05", "2023Q3").hasSize(4);
    }

    @Test
    void showsOnlyCumulativeWholeDatabaseResultsOfSubstancesNotTheGroup() {
        SignalFeed feed = new SignalFeed();
        List<String> three = List.of("evans", "ror025", "ic025");
        Map<String, String> first = first("evans", "2023Q1", "ror025", "2023Q1", "ic025", "2023Q1");
        DisproportionalitySignal group = signal("kratom-related", "drug dependence", 5, three, first);
        DisproportionalitySignal period = signal("kratom", "drug dependence", 5, three, first);
        period.setScope(Scope.PERIOD);
        DisproportionalitySignal exclOpioid = signal("kratom", "drug dependence", 5, three, first);
        exclOpioid.setComparator("excl-opioid");
        DisproportionalitySignal termGroup = signal("kratom", "withdrawal", 5, three, first);
        termGroup.setEventKind(EventKind.TERM_GROUP);

        List<SignalFeed.Line> lines = feed.update("2023Q1", List.of(group, period, exclOpioid, termGroup), List.of());
        assertThat(lines).singleElement().satisfies(l -> assertThat(l.text()).contains("kratom x withdrawal [group]"));
    }

    @Test
    void remembersTheFirstPeriodOmegaFlaggedAnInteraction() {
        SignalFeed feed = new SignalFeed();
        feed.update("2023Q1", List.of(), List.of(interaction(false)));
        feed.update("2023Q2", List.of(), List.of(interaction(true)));
        feed.update("2023Q3", List.of(), List.of(interaction(true)));
        assertThat(feed.omegaFirstDetected("kratom", "benzodiazepine", "Respiratory depression")).isEqualTo("2023Q2");
        assertThat(feed.omegaFirstDetected("kratom", "opioid", "Respiratory depression")).isNull();
    }

    @Test
    void numbersAreTwoDecimalsWithDashForUndefined() {
        assertThat(SignalFeed.num(Double.NaN)).isEqualTo("-");
        assertThat(SignalFeed.num(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(SignalFeed.num(2.345)).isEqualTo("2.35");
        assertThat(PlantedSummary.quartersBetween("2023Q3", "2024Q2")).isEqualTo(3);
        assertThat(PlantedSummary.quartersBetween("2024Q1", "2023Q4")).isEqualTo(-1);
    }

    private static Map<String, String> first(String... ruleThenPeriod) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < ruleThenPeriod.length; i += 2) {
            m.put(ruleThenPeriod[i], ruleThenPeriod[i + 1]);
        }
        return m;
    }

    private static DisproportionalitySignal signal(String substance, String event, long a, List<String> fired,
            Map<String, String> firstFired) {
        return DisproportionalitySignal.newBuilder().setSubstance(substance).setEvent(event)
                .setEventKind(EventKind.PREFERRED_TERM).setComparator("all").setRoleFilter(RoleFilter.ANY_ROLE)
                .setStratified(false).setPeriod("2023Q1").setScope(Scope.CUMULATIVE).setA(a).setB(20).setC(30).setD(1000)
                .setN(a + 1050).setExpected(1).setPrr(4).setPrrLower95(1).setPrrUpper95(8).setChiSquare(5).setChiSquareYates(4)
                .setRor(5).setRorLower95(1.5).setRorUpper95(16).setIc(1).setIc025(0.3).setIc975(2).setEbgm(Double.NaN)
                .setEb05(Double.NaN).setEb95(Double.NaN).setSignalsFired(fired).setFirstFired(firstFired)
                .setState(fired.isEmpty() ? SignalState.CLOSED : SignalState.NEW).setUpdatedAt(java.time.Instant.EPOCH).build();
    }

    private static InteractionSignal interaction(boolean signal) {
        return InteractionSignal.newBuilder().setWatchSubstance("kratom").setCoDrug("benzodiazepine")
                .setEvent("respiratory depression").setEventKind(EventKind.PREFERRED_TERM).setPeriod("2023Q1").setN111(3)
                .setN11(10).setN101(1).setN10(50).setN011(2).setN01(100).setN001(10).setN00(1000).setG11(0.1).setExpected(1)
                .setOmega(1).setOmega025(signal ? 0.2 : -0.2).setOmega975(2).setSignal(signal)
                .setUpdatedAt(java.time.Instant.EPOCH).build();
    }
}
