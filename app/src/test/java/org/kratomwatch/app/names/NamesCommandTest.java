package org.kratomwatch.app.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.KratomWatch;

class NamesCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsNameSubstanceMethodForEachLine() throws IOException {
        Path in = Files.writeString(dir.resolve("names.txt"), "KRATOM\nMAENG DA KRATOM POWDER\nKRAATOM\nKETOROLAC\nASPIRIN 81 MG\n");
        CliRun run = CliRun.of("names", "--input", in.toString());
        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("name\tsubstance\tmethod");
        assertThat(lines.get(1)).isEqualTo("KRATOM\tkratom\texact");
        assertThat(lines.get(2)).startsWith("MAENG DA KRATOM POWDER\tkratom\t");
        assertThat(lines.get(3)).isEqualTo("KRAATOM\tkratom\tfuzzy");
        // look-alike drugs are never kratom
        assertThat(lines.get(4)).doesNotContain("kratom");
        assertThat(run.err()).contains("5 names");
    }

    @Test
    void missingFileAndBadDictionaryAreOneLineErrors() throws IOException {
        CliRun missing = CliRun.of("names", "--input", dir.resolve("nope.txt").toString());
        assertThat(missing.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(missing.err()).contains("nope.txt: no such file").doesNotContain("\tat ");

        Path bad = Files.writeString(dir.resolve("bad.tsv"), "substance\tterm\tscope\nkratom\tKRATOMZ\tanywhere\n");
        Path in = Files.writeString(dir.resolve("n.txt"), "KRATOM\n");
        CliRun run = CliRun.of("names", "--input", in.toString(), "--dictionary", bad.toString());
        assertThat(run.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).contains("bad.tsv:2").contains("scope");
    }
}
