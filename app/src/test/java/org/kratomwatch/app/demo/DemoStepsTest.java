package org.kratomwatch.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;

/** How the demo cuts a user's input into periods, each ingested and analysed before the next. */
class DemoStepsTest {

    @TempDir
    Path dir;

    @Test
    void faersQuartersAreStepsInQuarterOrderWhetherAFolderOrZipsGivenOneByOne() throws IOException {
        Path zips = generate("zips", GeneratorOptions.Layout.ZIP);
        assertThat(DemoSteps.of(InputFormat.faers, List.of(zips))).extracting(DemoSteps.Step::label)
                .containsExactly("2024Q2", "2024Q3", "2024Q4");
        List<DemoSteps.Step> byHand = DemoSteps.of(InputFormat.faers, List.of(zips.resolve("faers_ascii_2024Q4.zip"),
                zips.resolve("faers_ascii_2024Q2.zip")));
        assertThat(byHand).extracting(DemoSteps.Step::label).containsExactly("2024Q2", "2024Q4");
        assertThat(byHand.get(0).inputs()).containsExactly(zips.resolve("faers_ascii_2024Q2.zip"));
        assertThat(DemoSteps.generated(zips)).extracting(DemoSteps.Step::label).containsExactly("2024Q2", "2024Q3", "2024Q4");

        Path folders = generate("folders", GeneratorOptions.Layout.DIRECTORY);
        assertThat(DemoSteps.of(InputFormat.faers, List.of(folders))).extracting(DemoSteps.Step::label)
                .containsExactly("2024Q2", "2024Q3", "2024Q4");
    }

    @Test
    void tablesOfSeveralQuartersSideBySideAndOtherFormatsAreOneStep() throws IOException {
        Path folders = generate("folders", GeneratorOptions.Layout.DIRECTORY);
        Path loose = Files.createDirectories(dir.resolve("loose"));
        try (Stream<Path> files = Files.walk(folders)) {
            for (Path f : files.filter(p -> p.toString().contains("ASCII") && Files.isRegularFile(p)).toList()) {
                Files.copy(f, loose.resolve(f.getFileName()));
            }
        }
        List<DemoSteps.Step> steps = DemoSteps.of(InputFormat.faers, List.of(loose));
        assertThat(steps).singleElement().satisfies(s -> {
            assertThat(s.label()).isEqualTo("input");
            assertThat(s.inputs()).containsExactly(loose);
        });
        Path json = Files.writeString(dir.resolve("events.json"), "{\"results\": []}");
        assertThat(DemoSteps.of(InputFormat.openfda, List.of(json))).singleElement()
                .satisfies(s -> assertThat(s.label()).isEqualTo("input"));
    }

    @Test
    void aMissingOrUnreadableInputIsAOneLineError() throws IOException {
        assertThatThrownBy(() -> DemoSteps.of(InputFormat.faers, List.of(dir.resolve("nope.zip"))))
                .isInstanceOf(UserInputException.class).hasMessageContaining("nope.zip: no such file or folder");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> DemoSteps.of(InputFormat.faers, List.of(empty)))
                .isInstanceOf(UserInputException.class).hasMessageContaining("no FAERS data");
    }

    @Test
    void aPreviousDemosQuartersAreClearedButNothingElse() throws IOException {
        Path zips = generate("zips", GeneratorOptions.Layout.ZIP);
        Path mine = Files.writeString(zips.resolve("notes.txt"), "mine");
        DemoSteps.clearGenerated(zips);
        try (Stream<Path> left = Files.list(zips)) {
            assertThat(left.toList()).containsExactly(mine);
        }
    }

    private Path generate(String name, GeneratorOptions.Layout layout) throws IOException {
        Path out = dir.resolve(name);
        FaersGenerator.generate(GeneratorOptions.builder(out).reports(300).quarters("2024Q2..2024Q4").seed(3).layout(layout)
                .build());
        return out;
    }
}
