package org.kratomwatch.ingest.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Planted signals are in the files with their planted strength: among exposed cases after the onset, the event is
 * reported strength times as often as it would be without the substance (everything else equal), within sampling
 * error; before the onset, at the background rate. The expected rates are recomputed here from the files (drug names
 * and classes of each case) and the catalog, not taken from the generator's bookkeeping.
 */
class PlantedSignalTest {

    /** What the files give one planted signal. */
    record Measured(long cases, long exposed, long eventCases, long a, long exposedAfter, long aAfter,
            double expectedAfter, double backgroundAfter, double varianceAfter, long exposedBefore, long aBefore,
            double backgroundBefore, double varianceBefore) {
    }

    static Measured measure(GeneratorOptions o, Cases cases, PlantedSignal p) {
        List<PlantedSignal> all = o.resolvedSignals();
        List<String> events = new ArrayList<>();
        all.forEach(s -> events.add(s.event()));
        Catalog cat = new Catalog(o.seed(), o.drugCatalogSize(), o.eventCatalogSize(), events);
        int t = cat.trackedIndex(p.event());
        long n = 0;
        long exposed = 0;
        long m = 0;
        long a = 0;
        long nAfter = 0;
        long aAfter = 0;
        long nBefore = 0;
        long aBefore = 0;
        double exp = 0;
        double bg = 0;
        double var = 0;
        double bgBefore = 0;
        double varBefore = 0;
        for (Cases.Report r : cases.analysable()) {
            n++;
            int mask = 0;
            for (String name : r.drugnames) {
                Integer id = cat.productByName.get(Cases.baseName(name));
                assertThat(id).as("a catalog drug: " + name).isNotNull();
                mask |= cat.classMask[id];
            }
            int q = cases.initialQuarter.get(r.caseid);
            boolean event = r.pts.contains(p.event());
            m += event ? 1 : 0;
            if (!exposed(p, r, mask, cat)) {
                continue;
            }
            exposed++;
            a += event ? 1 : 0;
            double pi = cat.backgroundRate(t, mask);
            for (PlantedSignal s : all) {
                if (s.event().equals(p.event()) && q >= s.onset().minus(o.firstQuarter()) && exposed(s, r, mask, cat)) {
                    pi *= s.strength();
                }
            }
            if (q >= p.onset().minus(o.firstQuarter())) {
                double with = Math.min(Catalog.CAP, pi);
                nAfter++;
                aAfter += event ? 1 : 0;
                exp += with;
                bg += Math.min(Catalog.CAP, pi / p.strength());
                var += with * (1 - with);
            } else {
                double p0 = Math.min(Catalog.CAP, pi);
                nBefore++;
                aBefore += event ? 1 : 0;
                bgBefore += p0;
                varBefore += p0 * (1 - p0);
            }
        }
        return new Measured(n, exposed, m, a, nAfter, aAfter, exp, bg, var, nBefore, aBefore, bgBefore, varBefore);
    }

    private static boolean exposed(PlantedSignal s, Cases.Report r, int mask, Catalog cat) {
        return Cases.names(r, s.substance())
                && (s.interactingWith() == null || (mask & cat.classBit(s.interactingWith())) != 0);
    }

    static void assertPlanted(GeneratorOptions o, GroundTruth gt, Cases cases, int minEvents) {
        for (GroundTruth.SignalTruth st : gt.signals()) {
            PlantedSignal p = st.signal();
            Measured x = measure(o, cases, p);
            GroundTruth.Observed g = st.observed();
            String at = p.id();
            // the ground truth holds exactly what the files hold
            assertThat(g.cases()).as(at).isEqualTo(x.cases());
            assertThat(g.exposedCases()).as(at).isEqualTo(x.exposed());
            assertThat(g.eventCases()).as(at).isEqualTo(x.eventCases());
            assertThat(g.exposedWithEvent()).as(at).isEqualTo(x.a());
            assertThat(g.exposedAfterOnset()).as(at).isEqualTo(x.exposedAfter());
            assertThat(g.exposedWithEventAfterOnset()).as(at).isEqualTo(x.aAfter());
            assertThat(g.exposedBeforeOnset()).as(at).isEqualTo(x.exposedBefore());
            assertThat(g.exposedWithEventBeforeOnset()).as(at).isEqualTo(x.aBefore());
            assertThat(g.expectedAfterOnset()).as(at).isCloseTo(x.expectedAfter(), within(1e-6 * (1 + x.expectedAfter())));
            assertThat(g.backgroundAfterOnset()).as(at)
                    .isCloseTo(x.backgroundAfter(), within(1e-6 * (1 + x.backgroundAfter())));
            // enough data for the check to mean something
            assertThat(x.aAfter()).as(at + " events after onset").isGreaterThanOrEqualTo(minEvents);
            // strength x background, up to the 0.9 cap
            assertThat(x.expectedAfter() / x.backgroundAfter()).as(at + " realised strength")
                    .isBetween(0.9 * p.strength(), p.strength() + 1e-9);
            // what the files show is that, within sampling error (4 sigma)
            assertThat((double) x.aAfter()).as(at + " reports with the event after onset")
                    .isCloseTo(x.expectedAfter(), within(4 * Math.sqrt(x.varianceAfter()) + 1));
            // and before onset the background rate
            assertThat((double) x.aBefore()).as(at + " reports with the event before onset")
                    .isCloseTo(x.backgroundBefore(), within(4 * Math.sqrt(x.varianceBefore()) + 1));
            // a crude look, as an analyst would take: the reporting proportion after onset is far above the one
            // of the same event among all other cases
            double after = (double) x.aAfter() / x.exposedAfter();
            double others = (double) (x.eventCases() - x.a()) / (x.cases() - x.exposed());
            assertThat(after).as(at + " crude proportion after onset vs. all other cases")
                    .isGreaterThan(Math.min(1.5, p.strength() / 2) * others);
        }
    }

    @Test
    void defaultSignalsHaveTheirPlantedStrength(@TempDir Path dir) throws IOException {
        GeneratorOptions o = GeneratorOptions.builder(dir).reports(25_000).quarters("2021Q1..2022Q4").seed(7)
                .kratomShare(0.12, 0.12).sevenOhFrom(new Quarter(2021, 2)).sevenOhShare(0.35).malformedRate(0.01)
                .followUpRate(0.3).deletionRate(0.03).build();
        GroundTruth gt = FaersGenerator.generate(o);
        assertThat(gt.signals()).extracting(s -> s.signal().id()).containsExactly(
                "kratom|Drug withdrawal syndrome", "kratom|Drug dependence", "kratom|Hepatotoxicity",
                "7-hydroxymitragynine|Withdrawal syndrome", "kratom+benzodiazepine|Respiratory depression");
        Cases cases = new Cases(GeneratedFiles.read(o));
        assertPlanted(o, gt, cases, 12);
        GroundTruth.InteractionCells cells = gt.signal("kratom+benzodiazepine|Respiratory depression").observed()
                .interaction();
        // beyond additive: the joint excess is larger than the sum of the single excesses
        double base = (double) cells.neitherWithEvent() / cells.neither();
        double both = (double) cells.bothWithEvent() / cells.both();
        double s = (double) cells.substanceOnlyWithEvent() / cells.substanceOnly();
        double c = (double) cells.classOnlyWithEvent() / cells.classOnly();
        assertThat(both - base).isGreaterThan(2 * ((s - base) + (c - base)));
    }

    static Stream<Arguments> customSignals() {
        return Stream.of(
                Arguments.of(11L, List.of("kratom:Seizure:3:+1", "kratom+opioid:Accidental death:6:+2")),
                Arguments.of(12L, List.of("kratom:Nausea:4", "7-hydroxymitragynine:Drug dependence:5:2022Q1")),
                Arguments.of(13L, List.of("kratom:Completely new event:20:+3")));
    }

    @ParameterizedTest
    @MethodSource("customSignals")
    void configuredSignalsHaveTheirPlantedStrength(long seed, List<String> specs, @TempDir Path dir)
            throws IOException {
        Quarter first = new Quarter(2021, 1);
        List<PlantedSignal> signals = specs.stream().map(s -> PlantedSignal.parse(s, first)).toList();
        GeneratorOptions o = GeneratorOptions.builder(dir).reports(15_000).quarters(first, first.plus(5)).seed(seed)
                .kratomShare(0.15, 0.15).sevenOhFrom(first).sevenOhShare(0.4).signals(signals).build();
        GroundTruth gt = FaersGenerator.generate(o);
        assertThat(gt.signals()).extracting(GroundTruth.SignalTruth::signal).containsExactlyElementsOf(signals);
        assertPlanted(o, gt, new Cases(GeneratedFiles.read(o)), 5);
    }

    @Test
    void noSignalsMeansNoPlantedEffect(@TempDir Path dir) throws IOException {
        GeneratorOptions o = GeneratorOptions.builder(dir).reports(10_000).quarters("2021Q1..2021Q4").seed(3)
                .kratomShare(0.1, 0.1).signals(List.of()).build();
        GroundTruth gt = FaersGenerator.generate(o);
        assertThat(gt.signals()).isEmpty();
        // kratom x Drug withdrawal syndrome now only carries co-reported drugs' effects: measured as if planted x1
        PlantedSignal none = PlantedSignal.single(PlantedSignal.KRATOM, "Drug withdrawal syndrome", 1, o.firstQuarter());
        Measured x = measure(o.toBuilder().signals(List.of(none)).build(), new Cases(GeneratedFiles.read(o)), none);
        assertThat((double) x.aAfter()).isCloseTo(x.expectedAfter(), within(4 * Math.sqrt(x.varianceAfter()) + 1));
    }
}
