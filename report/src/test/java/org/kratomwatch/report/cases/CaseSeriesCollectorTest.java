package org.kratomwatch.report.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.AgeBand;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.KratomFlags;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.RecognitionMethod;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;
import org.kratomwatch.report.table.PairKey;

/** Case series count cases as the engine does: latest version, retractions, groups, period cut-off. */
class CaseSeriesCollectorTest {

    private static final PairKey WITHDRAWAL = new PairKey("kratom-related", EventKind.TERM_GROUP, "withdrawal");
    private static final PairKey SEIZURE = new PairKey("kratom", EventKind.PREFERRED_TERM, "seizure");

    private final CaseSeriesCollector collector = new CaseSeriesCollector(List.of(WITHDRAWAL, SEIZURE), "2024Q4",
            term -> term.equals("drug withdrawal syndrome") ? Set.of("withdrawal") : Set.of());

    @Test
    void latestVersionWinsAndRetractionsStayRemoved() {
        collector.accept("a", report(1, "2024Q1", Sex.FEMALE, List.of(), drugs("kratom"), "drug withdrawal syndrome"));
        collector.accept("a", report(2, "2024Q2", Sex.MALE, List.of(Outcome.DEATH), drugs("kratom", "fentanyl"),
                "drug withdrawal syndrome", "seizure"));
        collector.accept("a", report(1, "2024Q1", Sex.FEMALE, List.of(), drugs("kratom"), "nausea")); // late, older
        collector.accept("b", report(1, "2024Q3", Sex.UNKNOWN, List.of(), drugs("7-hydroxymitragynine"),
                "drug withdrawal syndrome"));
        collector.accept("c", report(1, "2024Q3", Sex.FEMALE, List.of(), drugs("kratom"), "drug withdrawal syndrome"));
        collector.accept("c", null); // retracted
        collector.accept("c", report(2, "2024Q3", Sex.FEMALE, List.of(), drugs("kratom"), "drug withdrawal syndrome"));
        collector.accept("d", report(1, "2025Q1", Sex.FEMALE, List.of(), drugs("kratom"), "drug withdrawal syndrome"));
        collector.accept("e", report(1, "2024Q4", Sex.FEMALE, List.of(), drugs("kratom"), "nausea"));
        collector.accept("f", report(1, "2024Q4", Sex.FEMALE, List.of(), drugs("fentanyl"), "drug withdrawal syndrome"));

        List<CaseSeries> series = collector.result();
        assertThat(series).extracting(CaseSeries::pair).containsExactly(SEIZURE, WITHDRAWAL); // key order
        CaseSeries withdrawal = series.get(1);
        assertThat(withdrawal.cases()).isEqualTo(2); // a (version 2) and b (7-OH is kratom-related)
        assertThat(withdrawal.sex()).containsExactly(Map.entry("male", 1L), Map.entry("unknown", 1L));
        assertThat(withdrawal.outcomes()).containsExactly(Map.entry("death", 1L), Map.entry("none reported", 1L));
        assertThat(withdrawal.coSubstances()).containsExactly(Map.entry("fentanyl", 1L));
        assertThat(withdrawal.byPeriod()).containsExactly(Map.entry("2024Q2", 1L), Map.entry("2024Q3", 1L));
        assertThat(withdrawal.ageBands()).containsExactly(Map.entry("18-44", 2L));
        CaseSeries seizure = series.get(0);
        assertThat(seizure.cases()).isEqualTo(1);
        assertThat(seizure.coSubstances()).containsExactly(Map.entry("fentanyl", 1L));
    }

    @Test
    void coSubstancesAreRankedAndCapped() {
        for (int i = 0; i < 12; i++) {
            String[] names = new String[i + 2];
            names[0] = "kratom";
            for (int k = 1; k <= i + 1; k++) {
                names[k] = "drug" + (char) ('a' + k - 1);
            }
            collector.accept("k" + i, report(1, "2024Q4", Sex.MALE, List.of(), drugs(names), "seizure"));
        }
        CaseSeries s = collector.result().get(0);
        assertThat(s.coSubstances()).hasSize(CaseSeriesCollector.TOP_CO_SUBSTANCES);
        assertThat(s.coSubstances().keySet()).startsWith("druga", "drugb");
        assertThat(s.coSubstances().get("druga")).isEqualTo(12L);
        assertThat(s.moreCoSubstances()).isEqualTo(2);
    }

    private static List<Drug> drugs(String... substances) {
        return java.util.Arrays.stream(substances).map(s -> new Drug(s.toUpperCase(java.util.Locale.ROOT), s,
                s.equals("kratom") || s.startsWith("7-") ? List.of("kratom-related") : List.of("opioid"),
                DrugRole.CONCOMITANT, RecognitionMethod.EXACT)).toList();
    }

    private static AdverseEventReport report(long version, String period, Sex sex, List<Outcome> outcomes,
            List<Drug> drugs, String... reactions) {
        return AdverseEventReport.newBuilder().setCaseKey("x").setCaseVersion(version).setSource(Source.FAERS)
                .setDataPeriod(period).setAgeBand(AgeBand.AGE_18_44).setSex(sex).setReporterType(ReporterType.UNKNOWN)
                .setSerious(!outcomes.isEmpty()).setOutcomes(outcomes).setDrugs(drugs).setReactions(List.of(reactions))
                .setKratomFlags(new KratomFlags(true, true, false, false, List.of())).build();
    }
}
