package org.kratomwatch.ingest.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OptionsTest {

    private static final Path DIR = Path.of("unused");

    @Test
    void quarters() {
        assertThat(Quarter.parse("2024Q4")).isEqualTo(new Quarter(2024, 4));
        assertThat(Quarter.parse("2024q1").shortLabel()).isEqualTo("24Q1");
        assertThat(Quarter.parseRange("2021Q1..2024Q4")).containsExactly(new Quarter(2021, 1), new Quarter(2024, 4));
        assertThat(Quarter.range(new Quarter(2023, 3), new Quarter(2024, 2))).extracting(Quarter::toString)
                .containsExactly("2023Q3", "2023Q4", "2024Q1", "2024Q2");
        assertThat(new Quarter(2024, 1).lastDay()).hasToString("2024-03-31");
        assertThat(new Quarter(2024, 4).plus(-4)).isEqualTo(new Quarter(2023, 4));
        assertThatThrownBy(() -> Quarter.parse("2024Q5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quarter.parseRange("2024Q2..2024Q1")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("org.kratomwatch.ingest.synthetic.Scenarios#seeds")
    void quarterArithmeticIsConsistent(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 200; i++) {
            Quarter q = new Quarter(1990 + r.nextInt(60), 1 + r.nextInt(4));
            int n = r.nextInt(200) - 100;
            assertThat(q.plus(n).minus(q)).isEqualTo(n);
            assertThat(Quarter.of(q.firstDay())).isEqualTo(q);
            assertThat(Quarter.of(q.lastDay())).isEqualTo(q);
            assertThat(Quarter.parse(q.toString())).isEqualTo(q);
            int day = (int) q.firstDay().plusDays(r.nextInt(90)).toEpochDay();
            assertThat(Dates.yyyymmdd(day)).isEqualTo(Integer.parseInt(
                    java.time.LocalDate.ofEpochDay(day).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)));
        }
    }

    @Test
    void signalSpecs() {
        Quarter first = new Quarter(2021, 1);
        assertThat(PlantedSignal.parse("kratom:Drug withdrawal syndrome:8:2021Q3", first))
                .isEqualTo(PlantedSignal.single("kratom", "Drug withdrawal syndrome", 8, new Quarter(2021, 3)));
        assertThat(PlantedSignal.parse("kratom+Benzodiazepine:Respiratory depression:x5:+2", first)).isEqualTo(
                PlantedSignal.interaction("kratom", "benzodiazepine", "Respiratory depression", 5, new Quarter(2021, 3)));
        assertThat(PlantedSignal.parse("7-hydroxymitragynine:Withdrawal syndrome:10", first).onset()).isEqualTo(first);
        assertThat(PlantedSignal.parse("kratom:Hepatotoxicity:4", first).id()).isEqualTo("kratom|Hepatotoxicity");
        assertThatThrownBy(() -> PlantedSignal.parse("aspirin:Nausea:2", first))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlantedSignal.parse("kratom:Nausea:-2", first))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlantedSignal.parse("kratom:Nausea", first))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaults() {
        GeneratorOptions o = GeneratorOptions.builder(DIR).build();
        assertThat(o.reports()).isEqualTo(10_000);
        assertThat(o.quarters()).hasSize(16);
        assertThat(o.layout()).isEqualTo(GeneratorOptions.Layout.ZIP);
        assertThat(o.malformedKinds()).containsExactly(MalformedKind.values());
        assertThat(o.resolvedSevenOhFrom()).isEqualTo(new Quarter(2023, 1));
        assertThat(o.resolvedSignals()).extracting(PlantedSignal::id, s -> s.onset().toString(), PlantedSignal::strength)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("kratom|Drug withdrawal syndrome", "2021Q3", 8.0),
                        org.assertj.core.groups.Tuple.tuple("kratom|Drug dependence", "2022Q1", 6.0),
                        org.assertj.core.groups.Tuple.tuple("kratom|Hepatotoxicity", "2021Q1", 4.0),
                        org.assertj.core.groups.Tuple.tuple("7-hydroxymitragynine|Withdrawal syndrome", "2023Q2", 10.0),
                        org.assertj.core.groups.Tuple.tuple("kratom+benzodiazepine|Respiratory depression", "2021Q3",
                                5.0));
        // a range without 2023: 7-OH from the middle, onsets clamped into the range
        GeneratorOptions short2 = GeneratorOptions.builder(DIR).quarters("2019Q1..2019Q2").build();
        assertThat(short2.resolvedSevenOhFrom()).isEqualTo(new Quarter(2019, 1));
        assertThat(short2.resolvedSignals()).allMatch(s -> s.onset().compareTo(new Quarter(2019, 2)) <= 0);
        assertThat(GeneratorOptions.builder(DIR).signals(List.of()).build().resolvedSignals()).isEmpty();
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> GeneratorOptions.builder(DIR).reports(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeneratorOptions.builder(DIR).malformedRate(1.5).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeneratorOptions.builder(DIR).quarters("2024Q1..2023Q1").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeneratorOptions.builder(DIR).reports(10).identifierCases(11).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeneratorOptions.builder(DIR).malformedKinds(java.util.Set.of()).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaersGenerator.generate(GeneratorOptions.builder(DIR)
                .signals(List.of(PlantedSignal.interaction("kratom", "nonsense", "Nausea", 2, new Quarter(2021, 1))))
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nonsense");
    }

    @Test
    void primaryidIsCaseidFollowedByVersion() {
        assertThat(FaersGenerator.primaryid(10021305, 37)).isEqualTo(1002130537L);
        assertThat(FaersGenerator.primaryid(20211337, 3)).isEqualTo(202113373L);
        assertThat(FaersGenerator.primaryid(20211337, 10)).isEqualTo(2021133710L);
    }
}
