package org.kratomwatch.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.count.PairCount;
import org.kratomwatch.stats.count.ReportPairCounter;
import org.kratomwatch.stats.mgps.MgpsHyperparameters;
import org.kratomwatch.stats.mgps.MgpsPosterior;
import org.kratomwatch.stats.omega.InteractionCounts;
import org.kratomwatch.stats.omega.Omega;
import org.kratomwatch.stats.score.PairScore;
import org.kratomwatch.stats.score.PairScorer;
import org.kratomwatch.streams.count.ReportContribution;
import org.kratomwatch.streams.score.Hyperparameters;

/**
 * The signal records the topology ends with against batch scoring of the same live reports: for
 * every watched pair, comparator and scope, the 2×2 table from the batch counter
 * ({@link ReportPairCounter}) or plain loops, scored by {@link PairScorer}, with EBGM from the
 * hyperparameters published on the topic; and every Ω record against {@link Omega} of
 * loop-counted triples.
 */
class ScoringTest {

    private static final double TOLERANCE = 1e-9;
    private static final MgpsHyperparameters PRIOR = new MgpsHyperparameters(0.2, 0.1, 2.0, 4.0, 0.3);

    @TempDir
    Path stateDir;

    /** Exposures of a report: "S|substance" and "G|group". */
    static Set<String> exposures(AdverseEventReport r) {
        Set<String> out = new LinkedHashSet<>();
        for (Drug d : r.getDrugs()) {
            if (d.getSubstance() != null) {
                out.add(Keys.join("S", d.getSubstance()));
            }
            for (String g : d.getSubstanceGroups()) {
                out.add(Keys.join("G", g));
            }
        }
        return out;
    }

    static Set<String> events(AdverseEventReport r, EngineConfig config) {
        Set<String> out = new LinkedHashSet<>();
        r.getReactions().forEach(e -> out.add(Keys.join("T", e)));
        config.termGroups().groupsOf(r.getReactions()).forEach(g -> out.add(Keys.join("G", g)));
        return out;
    }

    static boolean suspectOpioid(AdverseEventReport r) {
        return r.getDrugs().stream().anyMatch(d -> d.getSubstanceGroups().contains("opioid")
                && ReportContribution.SUSPECT_ROLES.contains(d.getRole()));
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void finalSignalsEqualBatchScoringOfTheLiveReports(long seed) {
        Random rng = new Random(seed);
        EngineConfig config = seed == 8 ? EngineConfig.defaults().withStratify(true) : EngineConfig.defaults();
        Map<String, AdverseEventReport> live = new HashMap<>();
        try (EngineDriver d = new EngineDriver(stateDir, config)) {
            d.hyperparameters(MgpsHyperparameterSet.newBuilder().setComparator("all").setScope(Scope.CUMULATIVE)
                    .setPeriod("2024Q3").setHyperparameters(Hyperparameters.toAvro(PRIOR)).setLogLikelihood(Double.NaN)
                    .setPairsUsed(0).setFittedAt(Instant.EPOCH).build());
            for (int i = 0; i < 400; i++) {
                String key = "case-" + rng.nextInt(300);
                long version = live.containsKey(key) ? live.get(key).getCaseVersion() + 1 : 1;
                AdverseEventReport r = TestReports.random(rng, key, version);
                d.pipe(r);
                live.put(key, r);
                if (i % 100 == 99) {
                    d.score(); // intermediate rounds: the final records must not depend on them
                }
            }
            d.score();
            String current = live.values().stream().map(AdverseEventReport::getDataPeriod).max(String::compareTo).orElseThrow();
            Map<String, DisproportionalitySignal> expected = batch(live.values(), config, current);
            Set<String> missing = new java.util.TreeSet<>(expected.keySet());
            missing.removeAll(d.signals().keySet());
            Set<String> extra = new java.util.TreeSet<>(d.signals().keySet());
            extra.removeAll(expected.keySet());
            assertThat(missing).as("expected but not emitted").isEmpty();
            assertThat(extra).as("emitted but not expected").isEmpty();
            for (Map.Entry<String, DisproportionalitySignal> e : expected.entrySet()) {
                assertSame(e.getKey(), d.signals().get(e.getKey()), e.getValue());
            }
            Map<String, Estimate> omegas = omegas(live.values(), config, current);
            assertThat(d.interactions().keySet()).isEqualTo(omegas.keySet());
            for (Map.Entry<String, Estimate> e : omegas.entrySet()) {
                InteractionSignal s = d.interactions().get(e.getKey());
                assertClose(e.getKey() + " omega", s.getOmega(), e.getValue().value());
                assertClose(e.getKey() + " omega025", s.getOmega025(), e.getValue().lower());
                assertClose(e.getKey() + " omega975", s.getOmega975(), e.getValue().upper());
            }
        }
    }

    /**
     * Expected records (tables and measures only) of every watched pair with a ≥ 1 cumulatively:
     * for each comparator its cumulative record and the current period's (a = 0 when the pair has
     * no report in that period).
     */
    static Map<String, DisproportionalitySignal> batch(Iterable<AdverseEventReport> live, EngineConfig config,
            String current) {
        Map<String, DisproportionalitySignal> out = new HashMap<>();
        Map<Scope, Map<List<String>, PairCount>> byScope = new HashMap<>();
        for (Scope scope : new Scope[] {Scope.CUMULATIVE, Scope.PERIOD}) {
            ReportPairCounter counter = new ReportPairCounter();
            for (AdverseEventReport r : inScope(live, scope, current)) {
                String stratum = config.stratify() ? r.getAgeBand() + "/" + r.getSex() + "/" + r.getDataPeriod().substring(0, 4) : "";
                for (String x : exposures(r)) {
                    for (String e : events(r, config)) {
                        counter.add(r.getCaseKey(), x, e, stratum);
                    }
                }
            }
            Map<List<String>, PairCount> pairs = new HashMap<>();
            counter.counts().forEach(p -> pairs.put(List.of(p.drug(), p.event()), p));
            byScope.put(scope, pairs);
        }
        PairScorer withPrior = PairScorer.builder().ebgm(new MgpsPosterior(PRIOR)::score).build();
        PairScorer without = PairScorer.builder().build();
        for (List<String> pair : byScope.get(Scope.CUMULATIVE).keySet()) {
            List<String> x = Keys.split(pair.get(0));
            if (!isWatched(x, live)) {
                continue;
            }
            List<String> e = Keys.split(pair.get(1));
            EventKind kind = e.get(0).equals("T") ? EventKind.PREFERRED_TERM : EventKind.TERM_GROUP;
            for (Scope scope : new Scope[] {Scope.CUMULATIVE, Scope.PERIOD}) {
                List<AdverseEventReport> reports = inScope(live, scope, current);
                PairCount p = byScope.get(scope).get(pair);
                ContingencyTable all = loopTable(reports, pair, config, false);
                if (p != null) {
                    assertThat(p.table()).isEqualTo(all);
                    PairScore score = (scope == Scope.CUMULATIVE ? withPrior : without).score(p.table(), p.expected());
                    out.put(Keys.signal(x.get(1), kind, e.get(1), "all", scope), record(score));
                } else {
                    out.put(Keys.signal(x.get(1), kind, e.get(1), "all", scope), tableOnly(all));
                }
                // excl-opioid: a and b over every report, c and d over reports without a suspect opioid
                ContingencyTable t = loopTable(reports, pair, config, true);
                out.put(Keys.signal(x.get(1), kind, e.get(1), "excl-opioid", scope),
                        config.stratify() || p == null ? tableOnly(t) : record(without.score(t, t.expected())));
            }
        }
        return out;
    }

    private static List<AdverseEventReport> inScope(Iterable<AdverseEventReport> live, Scope scope, String current) {
        List<AdverseEventReport> out = new ArrayList<>();
        live.forEach(r -> {
            if (scope == Scope.CUMULATIVE || r.getDataPeriod().equals(current)) {
                out.add(r);
            }
        });
        return out;
    }

    private static ContingencyTable loopTable(List<AdverseEventReport> reports, List<String> pair, EngineConfig config,
            boolean exclOpioid) {
        long a = 0;
        long b = 0;
        long c = 0;
        long d = 0;
        for (AdverseEventReport r : reports) {
            boolean hasX = exposures(r).contains(pair.get(0));
            boolean hasE = events(r, config).contains(pair.get(1));
            if (hasX) {
                if (hasE) {
                    a++;
                } else {
                    b++;
                }
            } else if (!exclOpioid || !suspectOpioid(r)) {
                if (hasE) {
                    c++;
                } else {
                    d++;
                }
            }
        }
        return new ContingencyTable(a, b, c, d);
    }

    private static boolean isWatched(List<String> exposure, Iterable<AdverseEventReport> live) {
        if (exposure.get(0).equals("G")) {
            return exposure.get(1).equals("kratom-related");
        }
        return TestReports.GROUPS.getOrDefault(exposure.get(1), List.of()).contains("kratom-related");
    }

    private static DisproportionalitySignal record(PairScore s) {
        var m = s.measures();
        var t = m.table();
        return DisproportionalitySignal.newBuilder().setSubstance("").setEvent("").setEventKind(EventKind.PREFERRED_TERM)
                .setComparator("").setRoleFilter(org.kratomwatch.avro.RoleFilter.ANY_ROLE).setStratified(false)
                .setPeriod("").setScope(Scope.CUMULATIVE).setA(t.a()).setB(t.b()).setC(t.c()).setD(t.d()).setN(t.n())
                .setExpected(m.expected()).setPrr(m.prr().value()).setPrrLower95(m.prr().lower())
                .setPrrUpper95(m.prr().upper()).setChiSquare(m.chiSquare()).setChiSquareYates(m.chiSquareYates())
                .setRor(m.ror().value()).setRorLower95(m.ror().lower()).setRorUpper95(m.ror().upper())
                .setIc(m.ic().value()).setIc025(m.ic().lower()).setIc975(m.ic().upper()).setEbgm(m.ebgm().value())
                .setEb05(m.ebgm().lower()).setEb95(m.ebgm().upper()).setHyperparameters(null)
                .setSignalsFired(new ArrayList<>(s.verdict().fired())).setFirstFired(Map.of())
                .setState(org.kratomwatch.avro.SignalState.NONE).setUpdatedAt(Instant.EPOCH).build();
    }

    /** A record whose measures are NaN: only the table is compared. */
    private static DisproportionalitySignal tableOnly(ContingencyTable t) {
        DisproportionalitySignal r = record(PairScorer.builder().build().score(t, t.expected()));
        r.setExpected(Double.NaN);
        r.setIc(Double.NaN);
        return r;
    }

    private static void assertSame(String key, DisproportionalitySignal actual, DisproportionalitySignal expected) {
        assertThat(actual).as(key).isNotNull();
        assertThat(new long[] {actual.getA(), actual.getB(), actual.getC(), actual.getD(), actual.getN()}).as(key)
                .containsExactly(expected.getA(), expected.getB(), expected.getC(), expected.getD(), expected.getN());
        if (Double.isNaN(expected.getIc()) && Double.isNaN(expected.getExpected())) {
            return; // stratified comparator table: measures are checked for 'all' against the batch counter
        }
        String[] fields = {"expected", "prr", "prrLower95", "prrUpper95", "chiSquare", "chiSquareYates", "ror",
            "rorLower95", "rorUpper95", "ic", "ic025", "ic975", "ebgm", "eb05", "eb95"};
        for (String f : fields) {
            int pos = DisproportionalitySignal.SCHEMA$.getField(f).pos();
            assertClose(key + " " + f, (Double) actual.get(pos), (Double) expected.get(pos));
        }
        List<String> fired = new ArrayList<>(actual.getSignalsFired());
        fired.remove("increased-reporting");
        assertThat(fired).as(key + " rules").isEqualTo(expected.getSignalsFired());
    }

    static void assertClose(String what, double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(Double.isNaN(actual)).as(what + " = " + actual + ", expected NaN").isTrue();
        } else if (Double.isInfinite(expected)) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else {
            assertThat(actual).as(what).isCloseTo(expected, within(TOLERANCE * Math.max(1, Math.abs(expected))));
        }
    }

    /** Ω of every (watched exposure, other exposure, event) with n111 ≥ 1, by loops over reports. */
    static Map<String, Estimate> omegas(Iterable<AdverseEventReport> live, EngineConfig config, String current) {
        List<AdverseEventReport> all = new ArrayList<>();
        live.forEach(all::add);
        Set<List<String>> triples = new LinkedHashSet<>();
        for (AdverseEventReport r : all) {
            Set<String> xs = exposures(r);
            for (String x : xs) {
                if (!isWatched(Keys.split(x), all)) {
                    continue;
                }
                for (String y : xs) {
                    if (y.equals(x) || sameDrug(r, x, y)) {
                        continue;
                    }
                    for (String e : events(r, config)) {
                        triples.add(List.of(x, y, e));
                    }
                }
            }
        }
        Map<String, Estimate> out = new HashMap<>();
        for (List<String> t : triples) {
            long[] n = new long[8]; // index: x*4 + y*2 + e
            for (AdverseEventReport r : all) {
                Set<String> xs = exposures(r);
                int i = (xs.contains(t.get(0)) ? 4 : 0) + (xs.contains(t.get(1)) ? 2 : 0)
                        + (events(r, config).contains(t.get(2)) ? 1 : 0);
                n[i]++;
            }
            InteractionCounts c = new InteractionCounts(n[0] + n[1], n[1], n[4] + n[5], n[5], n[2] + n[3], n[3],
                    n[6] + n[7], n[7]);
            List<String> e = Keys.split(t.get(2));
            out.put(Keys.interaction(Keys.split(t.get(0)).get(1), Keys.split(t.get(1)).get(1),
                    e.get(0).equals("T") ? EventKind.PREFERRED_TERM : EventKind.TERM_GROUP, e.get(1)), Omega.of(c));
        }
        return out;
    }

    private static boolean sameDrug(AdverseEventReport r, String x, String y) {
        for (Drug d : r.getDrugs()) {
            Set<String> line = new LinkedHashSet<>();
            if (d.getSubstance() != null) {
                line.add(Keys.join("S", d.getSubstance()));
            }
            d.getSubstanceGroups().forEach(g -> line.add(Keys.join("G", g)));
            if (line.contains(x) && line.contains(y)) {
                return true;
            }
        }
        return false;
    }
}
