package org.kratomwatch.streams.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.AgeBand;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.KratomFlags;
import org.kratomwatch.avro.RecognitionMethod;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;
import org.kratomwatch.schemas.topic.Topics;

/**
 * The counting topology against a batch recount: after any sequence of new versions, older
 * versions arriving late, repeats and retractions, the streamed counts equal a recount
 * ({@link BatchRecount}, on the batch counter) of the latest version of every live case.
 */
class CountingTopologyTest {

    private static final TermGroups GROUPS = TermGroups.defaults();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "counting-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put("ensure.explicit.internal.resource.naming", "true");
        return new TopologyTestDriver(CountingTopology.build(p), p);
    }

    static AdverseEventReport report(String caseKey, long version, List<String> substances, List<String> events) {
        List<Drug> drugs = new ArrayList<>();
        for (String s : substances) {
            drugs.add(Drug.newBuilder().setRawName(s.toUpperCase()).setSubstance(s).setSubstanceGroups(List.of())
                    .setRole(DrugRole.PRIMARY_SUSPECT).setRecognition(RecognitionMethod.EXACT).build());
        }
        return AdverseEventReport.newBuilder().setCaseKey(caseKey).setCaseVersion(version).setSource(Source.SYNTHETIC)
                .setReceivedMonth("2024-01").setDataPeriod("2024Q1").setAgeBand(AgeBand.UNKNOWN).setSex(Sex.UNKNOWN)
                .setReporterType(ReporterType.UNKNOWN).setReporterCountry(null).setSerious(false).setOutcomes(List.of())
                .setDrugs(drugs).setReactions(new ArrayList<>(events))
                .setKratomFlags(KratomFlags.newBuilder().setAnyKratom(false).setLeafKratom(false).setSevenOh(false)
                        .setNarrativeMention(false).setEvidence(List.of()).build())
                .setIngestionRunId(null).build();
    }

    private static Map<String, Long> counts(TopologyTestDriver d) {
        KeyValueStore<String, Long> store = d.getKeyValueStore(CountingTopology.COUNTS_STORE);
        Map<String, Long> out = new HashMap<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != 0) {
                    out.put(kv.key, kv.value);
                }
            });
        }
        return out;
    }

    @Test
    void newVersionReplacesRetractionRemovesAndLateOlderVersionsLose() {
        try (TopologyTestDriver d = driver()) {
            TestInputTopic<String, AdverseEventReport> in = d.createInputTopic(Topics.REPORTS.name(), new StringSerializer(),
                    Topics.REPORTS.valueSerde().serializer());
            in.pipeInput("c1", report("c1", 1, List.of("kratom"), List.of("nausea")));
            in.pipeInput("c2", report("c2", 1, List.of("kratom", "aspirin"), List.of("nausea", "drug withdrawal syndrome")));
            assertThat(counts(d)).containsEntry("N", 2L).containsEntry(CountKeys.pair("kratom", "nausea"), 2L);

            in.pipeInput("c1", report("c1", 2, List.of("aspirin"), List.of("nausea")));     // follow-up: kratom gone
            in.pipeInput("c1", report("c1", 1, List.of("kratom"), List.of("nausea")));      // v1 arriving late: ignored
            assertThat(counts(d)).containsEntry("N", 2L).containsEntry(CountKeys.pair("kratom", "nausea"), 1L)
                    .containsEntry(CountKeys.pair("aspirin", "nausea"), 2L);

            in.pipeInput("c2", (AdverseEventReport) null);                                     // retraction
            in.pipeInput("c2", report("c2", 3, List.of("kratom"), List.of("nausea")));      // cannot come back
            Map<String, Long> after = counts(d);
            assertThat(after).containsEntry("N", 1L).doesNotContainKey(CountKeys.pair("kratom", "nausea"))
                    .doesNotContainKey(CountKeys.substance("kratom"));
            assertThat(after).isEqualTo(Map.of("N", 1L, CountKeys.substance("aspirin"), 1L, CountKeys.event("nausea"), 1L,
                    CountKeys.pair("aspirin", "nausea"), 1L));
        }
    }

    @Test
    void aReportCountsOnceForATermGroupWhateverNumberOfItsTerms() {
        try (TopologyTestDriver d = driver()) {
            TestInputTopic<String, AdverseEventReport> in = d.createInputTopic(Topics.REPORTS.name(), new StringSerializer(),
                    Topics.REPORTS.valueSerde().serializer());
            in.pipeInput("c1", report("c1", 1, List.of("kratom"), List.of("drug withdrawal syndrome", "withdrawal syndrome")));
            in.pipeInput("c2", report("c2", 1, List.of("kratom"), List.of("drug dependence", "nausea")));
            Map<String, Long> c = counts(d);
            assertThat(c).containsEntry(CountKeys.group("withdrawal"), 1L).containsEntry(CountKeys.groupPair("kratom", "withdrawal"), 1L)
                    .containsEntry(CountKeys.group("dependence/abuse"), 1L).doesNotContainKey(CountKeys.group("interaction"));
            in.pipeInput("c1", report("c1", 2, List.of("kratom"), List.of("nausea")));
            assertThat(counts(d)).doesNotContainKey(CountKeys.group("withdrawal"));
        }
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 12).mapToObj(i -> 1000L + i);
    }

    /** Random histories of versions, late versions, repeats and retractions equal a batch recount. */
    @ParameterizedTest
    @MethodSource("seeds")
    void randomHistoriesEqualABatchRecount(long seed) {
        Random rng = new Random(seed);
        String[] substances = {"kratom", "7-hydroxymitragynine", "aspirin", "fentanyl", "OXYCODONE", "DRUG-1", "DRUG-2"};
        String[] events = {"nausea", "drug withdrawal syndrome", "withdrawal syndrome", "drug dependence", "drug abuse", "death",
            "seizure", "drug interaction"};
        Map<String, AdverseEventReport> live = new HashMap<>();
        Map<String, Long> maxVersion = new HashMap<>();
        java.util.Set<String> retracted = new java.util.HashSet<>();
        try (TopologyTestDriver d = driver()) {
            TestInputTopic<String, AdverseEventReport> in = d.createInputTopic(Topics.REPORTS.name(), new StringSerializer(),
                    Topics.REPORTS.valueSerde().serializer());
            for (int i = 0; i < 600; i++) {
                String key = "case-" + rng.nextInt(120);
                if (rng.nextInt(20) == 0) {
                    in.pipeInput(key, (AdverseEventReport) null);
                    retracted.add(key);
                    live.remove(key);
                    continue;
                }
                long version = 1 + rng.nextInt(5);
                List<String> subs = new ArrayList<>();
                for (int k = 0, n = 1 + rng.nextInt(3); k < n; k++) {
                    subs.add(substances[rng.nextInt(substances.length)]);
                }
                List<String> evs = new ArrayList<>();
                for (int k = 0, n = 1 + rng.nextInt(3); k < n; k++) {
                    evs.add(events[rng.nextInt(events.length)]);
                }
                AdverseEventReport r = report(key, version, subs, evs);
                in.pipeInput(key, r);
                if (!retracted.contains(key) && version > maxVersion.getOrDefault(key, 0L)) {
                    maxVersion.put(key, version);
                    live.put(key, r);
                }
            }
            assertThat(counts(d)).isEqualTo(BatchRecount.of(live.values(), GROUPS));
        }
    }
}
