package org.kratomwatch.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kratomwatch.streams.engine.TestReports.report;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.streams.count.BatchRecount;
import org.kratomwatch.streams.count.Cell;
import org.kratomwatch.streams.count.CountKeys;

/**
 * The counting part of the topology against a batch recount: after any sequence of new versions,
 * older versions arriving late, repeats and retractions, the owners' exact counts and the replica
 * every instance reads equal a recount ({@link BatchRecount}) of the latest version of every live
 * case, per cell (period × stratum × comparator flags).
 */
class CountingTest {

    private static final EngineConfig CONFIG = EngineConfig.defaults();

    @TempDir
    Path stateDir;

    private static String fine(String coarse) {
        return CountKeys.fine(coarse, new Cell("2024Q1", Cell.UNSTRATIFIED, 0));
    }

    private static String pair(String s, String e) {
        return fine(CountKeys.pair("S", s, "T", e));
    }

    @Test
    void newVersionReplacesRetractionRemovesAndLateOlderVersionsLose() {
        try (EngineDriver d = new EngineDriver(stateDir, CONFIG)) {
            d.pipe(report("c1", 1, List.of("kratom"), List.of("nausea")));
            d.pipe(report("c2", 1, List.of("kratom", "ibuprofen"), List.of("nausea", "drug withdrawal syndrome")));
            assertThat(d.ownerCounts()).containsEntry(fine("N"), 2L).containsEntry(pair("kratom", "nausea"), 2L)
                    .containsEntry(fine(CountKeys.pair("G", "kratom-related", "T", "nausea")), 2L);

            d.pipe(report("c1", 2, List.of("ibuprofen"), List.of("nausea")));   // follow-up: kratom gone
            d.pipe(report("c1", 1, List.of("kratom"), List.of("nausea")));      // v1 arriving late: ignored
            assertThat(d.ownerCounts()).containsEntry(fine("N"), 2L).containsEntry(pair("kratom", "nausea"), 1L)
                    .containsEntry(pair("ibuprofen", "nausea"), 2L);

            d.retract("c2");
            d.pipe(report("c2", 3, List.of("kratom"), List.of("nausea")));      // a retracted case cannot come back
            assertThat(d.ownerCounts()).isEqualTo(Map.of(fine("N"), 1L, fine(CountKeys.exposure("S", "ibuprofen")), 1L,
                    fine(CountKeys.event("T", "nausea")), 1L, pair("ibuprofen", "nausea"), 1L));
            assertThat(d.replicaCounts()).isEqualTo(d.ownerCounts());
        }
    }

    @Test
    void aReportCountsOnceForATermGroupWhateverNumberOfItsTerms() {
        try (EngineDriver d = new EngineDriver(stateDir, CONFIG)) {
            d.pipe(report("c1", 1, List.of("kratom"), List.of("drug withdrawal syndrome", "withdrawal syndrome")));
            d.pipe(report("c2", 1, List.of("kratom"), List.of("drug dependence", "nausea")));
            assertThat(d.ownerCounts()).containsEntry(fine(CountKeys.event("G", "withdrawal")), 1L)
                    .containsEntry(fine(CountKeys.pair("S", "kratom", "G", "withdrawal")), 1L)
                    .containsEntry(fine(CountKeys.event("G", "dependence/abuse")), 1L)
                    .doesNotContainKey(fine(CountKeys.event("G", "interaction")));
            d.pipe(report("c1", 2, List.of("kratom"), List.of("nausea")));
            assertThat(d.ownerCounts()).doesNotContainKey(fine(CountKeys.event("G", "withdrawal")));
        }
    }

    @Test
    void aSuspectOpioidFlagsTheReportForTheExclOpioidComparatorAndAConcomitantOneDoesNot() {
        try (EngineDriver d = new EngineDriver(stateDir, CONFIG)) {
            d.pipe(TestReports.report("c1", 1, "2024Q1", List.of(TestReports.drug("fentanyl",
                    org.kratomwatch.avro.DrugRole.SECONDARY_SUSPECT)), List.of("death"), org.kratomwatch.avro.AgeBand.UNKNOWN,
                    org.kratomwatch.avro.Sex.UNKNOWN));
            d.pipe(TestReports.report("c2", 1, "2024Q1", List.of(TestReports.drug("fentanyl",
                    org.kratomwatch.avro.DrugRole.CONCOMITANT)), List.of("death"), org.kratomwatch.avro.AgeBand.UNKNOWN,
                    org.kratomwatch.avro.Sex.UNKNOWN));
            assertThat(d.ownerCounts())
                    .containsEntry(CountKeys.fine("N", new Cell("2024Q1", "-", 1)), 1L)
                    .containsEntry(CountKeys.fine("N", new Cell("2024Q1", "-", 0)), 1L)
                    .containsEntry(CountKeys.fine(CountKeys.exposure("G", "opioid"), new Cell("2024Q1", "-", 1)), 1L);
        }
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 10).mapToObj(i -> 1000L + i);
    }

    /** Random histories of versions, late versions, repeats and retractions equal a batch recount. */
    @ParameterizedTest
    @MethodSource("seeds")
    void randomHistoriesEqualABatchRecount(long seed) {
        Random rng = new Random(seed);
        EngineConfig config = seed % 2 == 0 ? CONFIG : CONFIG.withStratify(true).withPeriodBasis(PeriodBasis.RECEIVED);
        Map<String, AdverseEventReport> live = new HashMap<>();
        Map<String, Long> maxVersion = new HashMap<>();
        Set<String> retracted = new HashSet<>();
        try (EngineDriver d = new EngineDriver(stateDir, config)) {
            for (int i = 0; i < 500; i++) {
                String key = "case-" + rng.nextInt(100);
                if (rng.nextInt(20) == 0) {
                    d.retract(key);
                    retracted.add(key);
                    live.remove(key);
                    continue;
                }
                long version = 1 + rng.nextInt(5);
                AdverseEventReport r = TestReports.random(rng, key, version);
                d.pipe(r);
                if (!retracted.contains(key) && version > maxVersion.getOrDefault(key, 0L)) {
                    maxVersion.put(key, version);
                    live.put(key, r);
                }
            }
            Map<String, Long> expected = BatchRecount.of(live.values(), config);
            assertThat(d.ownerCounts()).isEqualTo(expected);
            assertThat(d.replicaCounts()).isEqualTo(expected);
            assertThat(expected.keySet()).anyMatch(k -> Keys.split(k).get(0).equals("T"));
        }
    }
}
