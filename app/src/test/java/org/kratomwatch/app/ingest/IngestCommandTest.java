package org.kratomwatch.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.KratomWatch;
import org.kratomwatch.stats.SharedData;

/** The ingest command without a broker: dry runs, the summary file, and one-line errors. */
class IngestCommandTest {

    @TempDir
    Path dir;

    @Test
    void dryRunOfTheRealCaersLongFormWritesABalancedSummary() throws IOException {
        Path caers = SharedData.require("caers/caers.csv");
        Path summary = dir.resolve("s.json");
        CliRun run = CliRun.of("ingest", "caers", caers.toString(), "--dry-run", "--period", "2012Q4", "--summary-json",
                summary.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("throw-away pseudonym key");
        assertThat(run.out()).contains("read 3,356 = accepted 3,356 + superseded 0 + retracted 0 + quarantined 0");
        assertThat(Files.readString(summary)).contains("\"read\" : 3356", "\"kratomReports\" : 0", "\"total\" : 0");
    }

    @Test
    void missingInputIsAOneLineError() {
        CliRun run = CliRun.of("ingest", "faers", dir.resolve("nope.zip").toString(), "--dry-run");
        assertThat(run.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(run.err().lines().filter(l -> l.contains("error")).toList()).hasSize(1);
        assertThat(run.err()).contains("nope.zip: no such file or folder").doesNotContain("\tat ");
    }

    @Test
    void aFileThatIsNotAnArchiveIsAOneLineError() throws IOException {
        Path bogus = Files.writeString(dir.resolve("faers_ascii_2024Q1.zip"), "this is not a zip file\n");
        CliRun run = CliRun.of("ingest", "faers", bogus.toString(), "--dry-run");
        assertThat(run.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(run.err()).contains("faers_ascii_2024Q1.zip").doesNotContain("\tat ", "Exception");
    }

    @Test
    void badPeriodAndUnknownFormatAreOneLineErrors() throws IOException {
        Path f = Files.writeString(dir.resolve("x.csv"), "id,var1,var2\n1,A,B\n");
        CliRun period = CliRun.of("ingest", "caers", f.toString(), "--dry-run", "--period", "2012-Q4");
        assertThat(period.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(period.err()).contains("--period");
        CliRun format = CliRun.of("ingest", "vaers", f.toString(), "--dry-run");
        assertThat(format.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(format.err()).contains("vaers");
    }
}
