package org.kratomwatch.ingest.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every count of the ground truth equals what the written files hold, counted here from the files. */
class GroundTruthCountsTest {

    @ParameterizedTest
    @MethodSource("org.kratomwatch.ingest.synthetic.Scenarios#seeds")
    void perQuarterCountsEqualTheFiles(long seed, @TempDir Path dir) throws IOException {
        GeneratorOptions o = Scenarios.random(seed, dir);
        GroundTruth gt = FaersGenerator.generate(o);
        GeneratedFiles files = GeneratedFiles.read(o);
        assertThat(gt.quarters()).hasSameSizeAs(files.quarters);
        for (int i = 0; i < files.quarters.size(); i++) {
            GeneratedFiles.QuarterFiles q = files.quarters.get(i);
            GroundTruth.QuarterCounts c = gt.quarters().get(i);
            String at = o + " " + q.quarter;
            assertThat(c.quarter()).isEqualTo(q.quarter);
            List<String[]> demo = q.valid.get(FaersLayout.DEMO);
            assertThat(c.reports()).as(at).isEqualTo(demo.size());
            assertThat(c.initialReports()).as(at).isEqualTo(demo.stream().filter(d -> d[3].equals("I")).count());
            assertThat(c.followUpReports()).as(at).isEqualTo(demo.stream().filter(d -> d[3].equals("F")).count());
            assertThat(c.drugRows()).as(at).isEqualTo(q.valid.get(FaersLayout.DRUG).size());
            assertThat(c.reactionRows()).as(at).isEqualTo(q.valid.get(FaersLayout.REAC).size());
            assertThat(c.outcomeRows()).as(at).isEqualTo(q.valid.get(FaersLayout.OUTC).size());
            assertThat(c.deletedCases()).as(at).isEqualTo(q.deleteLines.size() - 1);
            // malformed rows: exactly the planted number, by table and by kind, as a strict reader classifies them
            for (String t : FaersLayout.TABLES) {
                assertThat(q.raw.get(t).size()).as(at + " lines of " + t)
                        .isEqualTo(q.valid.get(t).size() + c.malformedByTable().get(t));
                assertThat((long) q.malformedCount(t)).as(at + " malformed " + t)
                        .isEqualTo(c.malformedByTable().get(t));
            }
            for (MalformedKind k : MalformedKind.values()) {
                assertThat((long) q.malformedCount(k)).as(at + " " + k).isEqualTo(c.malformedByKind().get(k));
                if (!o.malformedKinds().contains(k)) {
                    assertThat(c.malformedByKind().get(k)).isZero();
                }
            }
            assertThat(c.malformedRows()).isEqualTo(c.malformedByKind().values().stream().mapToLong(x -> x).sum());
        }
        Cases cases = new Cases(files);
        long kratomReports = cases.reports.values().stream()
                .filter(r -> Cases.names(r, PlantedSignal.KRATOM)).count();
        long sevenOhReports = cases.reports.values().stream()
                .filter(r -> Cases.names(r, PlantedSignal.SEVEN_OH)).count();
        assertThat(gt.totals().kratomReports()).isEqualTo(kratomReports);
        assertThat(gt.totals().sevenOhReports()).isEqualTo(sevenOhReports);
        assertThat(gt.totals().cases()).isEqualTo(cases.initialQuarter.size()).isEqualTo(o.reports());
        assertThat(gt.totals().reports()).isEqualTo(cases.reports.size());
        List<Cases.Report> analysable = cases.analysable();
        assertThat(gt.totals().analysableCases()).isEqualTo(analysable.size());
        assertThat(gt.totals().kratomCases())
                .isEqualTo(analysable.stream().filter(r -> Cases.names(r, PlantedSignal.KRATOM)).count());
        assertThat(gt.totals().sevenOhCases())
                .isEqualTo(analysable.stream().filter(r -> Cases.names(r, PlantedSignal.SEVEN_OH)).count());
        assertThat(gt.totals().deletedCases()).isEqualTo(cases.deleted.size());
    }

    @ParameterizedTest
    @MethodSource("org.kratomwatch.ingest.synthetic.Scenarios#seeds")
    void deletionsAndVersionsBehaveLikeFaers(long seed, @TempDir Path dir) throws IOException {
        GeneratorOptions o = Scenarios.random(seed, dir).toBuilder().deletionRate(0.2).followUpRate(0.5).build();
        FaersGenerator.generate(o);
        GeneratedFiles files = GeneratedFiles.read(o);
        Cases cases = new Cases(files);
        Set<String> seen = new HashSet<>();
        for (int qi = 0; qi < files.quarters.size(); qi++) {
            GeneratedFiles.QuarterFiles q = files.quarters.get(qi);
            String prev = "";
            for (String line : q.deleteLines.subList(1, q.deleteLines.size())) {
                assertThat(seen).as("a deleted case was reported in an earlier quarter").contains(line);
                assertThat(cases.latest.get(line).quarterIndex).as("no version after the deletion").isLessThan(qi);
                assertThat(line.compareTo(prev)).as("DELETE sorted").isPositive();
                prev = line;
            }
            for (String[] d : q.valid.get(FaersLayout.DEMO)) {
                seen.add(d[1]);
            }
        }
        for (Cases.Report r : cases.reports.values()) {
            Integer first = cases.initialQuarter.get(r.caseid);
            assertThat(first).as("every case has its initial version written").isNotNull();
            assertThat(r.quarterIndex).isGreaterThanOrEqualTo(first);
        }
    }

    @ParameterizedTest
    @EnumSource(MalformedKind.class)
    void eachMalformedKindIsCountedExactlyAndAddsRowsOnly(MalformedKind kind, @TempDir Path dir) throws IOException {
        GeneratorOptions clean = GeneratorOptions.builder(dir.resolve("clean")).reports(1500).quarters("2022Q1..2022Q4")
                .seed(kind.ordinal()).malformedRate(0).build();
        GeneratorOptions dirty = clean.toBuilder().outDir(dir.resolve("dirty")).malformedRate(0.3)
                .malformedKinds(EnumSet.of(kind)).build();
        GroundTruth gtClean = FaersGenerator.generate(clean);
        GroundTruth gtDirty = FaersGenerator.generate(dirty);
        GeneratedFiles c = GeneratedFiles.read(clean);
        GeneratedFiles d = GeneratedFiles.read(dirty);
        assertThat(gtClean.totals().malformedRows()).isZero();
        assertThat(gtDirty.malformed(kind)).isGreaterThan(200).isEqualTo(gtDirty.totals().malformedRows());
        long found = d.quarters.stream().mapToLong(q -> q.malformedCount(kind)).sum();
        long any = d.quarters.stream().mapToLong(q -> FaersLayout.TABLES.stream().mapToLong(q::malformedCount).sum())
                .sum();
        assertThat(found).isEqualTo(any).isEqualTo(gtDirty.malformed(kind));
        // the valid rows are exactly those of the clean run: malformed rows never replace or damage valid ones
        for (int i = 0; i < c.quarters.size(); i++) {
            for (String t : FaersLayout.TABLES) {
                assertThat(d.quarters.get(i).valid.get(t)).as(t)
                        .usingElementComparator((x, y) -> String.join("$", x).compareTo(String.join("$", y)))
                        .containsExactlyElementsOf(c.quarters.get(i).valid.get(t));
            }
        }
        assertThat(gtDirty.signals()).isEqualTo(gtClean.signals());
        assertThat(gtDirty.totals().analysableCases()).isEqualTo(gtClean.totals().analysableCases());
    }

    @Test
    void jsonCarriesTheRecord(@TempDir Path dir) throws IOException {
        GeneratorOptions o = GeneratorOptions.builder(dir).reports(2000).quarters("2022Q1..2023Q2")
                .identifierCases(3).build();
        GroundTruth gt = FaersGenerator.generate(o);
        Object json = Json.read(dir.resolve(GroundTruth.FILE_NAME));
        assertThat(Json.at(json, "format")).isEqualTo(GroundTruth.FORMAT);
        assertThat(Json.at(json, "synthetic")).isEqualTo(true);
        assertThat(Json.at(json, "options", "reports")).isEqualTo(2000L);
        assertThat(Json.at(json, "options", "sevenOhFrom")).isEqualTo("2023Q1");
        assertThat(Json.at(json, "totals", "reports")).isEqualTo(gt.totals().reports());
        assertThat(Json.at(json, "totals", "malformedByKind", "ORPHAN_ROW")).isEqualTo(gt.malformed(MalformedKind.ORPHAN_ROW));
        assertThat(Json.at(json, "quarters", 5, "quarter")).isEqualTo("2023Q2");
        assertThat(Json.at(json, "quarters", 5, "drugRows")).isEqualTo(gt.quarters().get(5).drugRows());
        assertThat(Json.at(json, "plantedSignals", 0, "id")).isEqualTo("kratom|Drug withdrawal syndrome");
        assertThat(Json.at(json, "plantedSignals", 0, "strength")).isEqualTo(8.0);
        assertThat(Json.at(json, "plantedSignals", 0, "onsetQuarter")).isEqualTo("2022Q3");
        assertThat(Json.at(json, "plantedSignals", 0, "observed", "afterOnset", "exposedWithEvent"))
                .isEqualTo(gt.signals().get(0).observed().exposedWithEventAfterOnset());
        assertThat(Json.at(json, "plantedSignals", 4, "type")).isEqualTo("interaction");
        assertThat(Json.at(json, "plantedSignals", 4, "observed", "interaction", "both", "cases"))
                .isEqualTo(gt.signals().get(4).observed().interaction().both());
        assertThat(Json.at(json, "plantedIdentifiers", 0, "value"))
                .isEqualTo(gt.plantedIdentifiers().get(0).value());
        assertThat((List<?>) Json.at(json, "plantedIdentifiers")).hasSize(gt.plantedIdentifiers().size());
        assertThat(Json.at(json, "malformedKinds", 0, "quarantineReason")).isEqualTo("WRONG_COLUMN_COUNT");
        assertThat(Json.at(json, "substanceEvents", 0, "substance")).isEqualTo("kratom");
        assertThat(gt.summary()).contains("2,000 cases").contains("kratom x Drug withdrawal syndrome: x8 from 2022Q3")
                .contains("kratom + benzodiazepine x Respiratory depression: x5").contains("Planted identifiers: 33");
    }
}
