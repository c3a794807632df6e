package org.kratomwatch.ingest.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same options give byte-identical files; the seed changes them; the layout does not change the rows. */
class DeterminismTest {

    @ParameterizedTest
    @MethodSource("org.kratomwatch.ingest.synthetic.Scenarios#seeds")
    void sameSeedSameBytes(long seed, @TempDir Path dir) throws IOException {
        GeneratorOptions a = Scenarios.random(seed, dir.resolve("a"));
        GeneratorOptions b = a.toBuilder().outDir(dir.resolve("b")).build();
        GroundTruth ga = FaersGenerator.generate(a);
        GroundTruth gb = FaersGenerator.generate(b);
        assertThat(files(a.outDir())).containsExactlyElementsOf(files(b.outDir()));
        for (Path p : files(a.outDir())) {
            assertThat(Files.readAllBytes(a.outDir().resolve(p))).as(p.toString())
                    .isEqualTo(Files.readAllBytes(b.outDir().resolve(p)));
        }
        assertThat(gb.toJson()).isEqualTo(ga.toJson());
        assertThat(gb.quarters()).isEqualTo(ga.quarters());
    }

    @Test
    void otherSeedOtherData(@TempDir Path dir) throws IOException {
        GeneratorOptions a = GeneratorOptions.builder(dir.resolve("a")).reports(500).quarters("2023Q1..2023Q2")
                .seed(1).build();
        GeneratorOptions b = a.toBuilder().outDir(dir.resolve("b")).seed(2).build();
        FaersGenerator.generate(a);
        FaersGenerator.generate(b);
        GeneratedFiles fa = GeneratedFiles.read(a);
        GeneratedFiles fb = GeneratedFiles.read(b);
        assertThat(fa.all(FaersLayout.DRUG).stream().map(r -> r[4]).toList())
                .isNotEqualTo(fb.all(FaersLayout.DRUG).stream().map(r -> r[4]).toList());
    }

    @Test
    void zipAndFolderHoldTheSameRows(@TempDir Path dir) throws IOException {
        GeneratorOptions zip = GeneratorOptions.builder(dir.resolve("zip")).reports(1500).quarters("2022Q2..2023Q1")
                .seed(99).malformedRate(0.05).identifierCases(2).build();
        GeneratorOptions folder = zip.toBuilder().outDir(dir.resolve("folder"))
                .layout(GeneratorOptions.Layout.DIRECTORY).build();
        GroundTruth gz = FaersGenerator.generate(zip);
        GroundTruth gf = FaersGenerator.generate(folder);
        GeneratedFiles z = GeneratedFiles.read(zip);
        GeneratedFiles f = GeneratedFiles.read(folder);
        for (int i = 0; i < z.quarters.size(); i++) {
            for (String t : FaersLayout.TABLES) {
                List<byte[]> rz = z.quarters.get(i).raw.get(t);
                List<byte[]> rf = f.quarters.get(i).raw.get(t);
                assertThat(rz).hasSameSizeAs(rf);
                for (int j = 0; j < rz.size(); j++) {
                    assertThat(rz.get(j)).isEqualTo(rf.get(j));
                }
            }
            assertThat(z.quarters.get(i).deleteLines).isEqualTo(f.quarters.get(i).deleteLines);
        }
        assertThat(gz.totals()).isEqualTo(gf.totals());
        assertThat(gz.signals()).isEqualTo(gf.signals());
        assertThat(gz.plantedIdentifiers()).isEqualTo(gf.plantedIdentifiers());
        try (Stream<Path> s = Files.list(zip.outDir())) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no scratch files left")
                    .allMatch(n -> n.endsWith(".zip") || n.equals(GroundTruth.FILE_NAME));
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
