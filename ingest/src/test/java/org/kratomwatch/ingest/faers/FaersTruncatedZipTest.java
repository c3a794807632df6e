package org.kratomwatch.ingest.faers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.avro.PositionUnit;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawReport;

/**
 * Real quarterly zips cut after their first N bytes (read in place, the cut copy written to a temp
 * dir): what can be read is read, nothing incomplete is emitted as a report, and the accounting
 * still balances.
 */
class FaersTruncatedZipTest {

    /** The 2022Q4 zip cut {@code extra} bytes into the data of entry {@code entry}. */
    private static Path cut(Path zip, String entry, int extra, Path dir) throws IOException {
        byte[] all = Files.readAllBytes(zip);
        int at = localHeader(all, entry);
        int dataStart = at + 30 + entry.length();
        int n = extra < 0 ? at : dataStart + extra;
        Path out = dir.resolve(zip.getFileName());
        Files.write(out, Arrays.copyOf(all, n));
        return out;
    }

    private static int localHeader(byte[] all, String entry) {
        byte[] name = entry.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + 30 + name.length <= all.length; i++) {
            if (all[i] == 'P' && all[i + 1] == 'K' && all[i + 2] == 3 && all[i + 3] == 4
                    && Arrays.equals(all, i + 30, i + 30 + name.length, name, 0, name.length)) {
                return i;
            }
        }
        throw new AssertionError("no local header for " + entry);
    }

    private static Collected full(Path zip) {
        Collected c = new Collected();
        new FaersReader().read(zip, c);
        return c;
    }

    @Test
    void cutInsideReacEmitsTheCompleteReportsAndQuarantinesTheRest(@TempDir Path tmp) throws IOException {
        Path zip = cut(Samples.zip2022q4(), "ASCII/REAC22Q4.txt", 3400, tmp);
        Collected c = new Collected();
        FaersReadSummary s = new FaersReader().read(zip, c);
        Samples.assertAccounted(s, c);
        Collected whole = full(Samples.zip2022q4());
        Map<String, RawReport> complete = whole.reportsByCaseAndVersion();

        // every report emitted is exactly the one of the whole file
        for (RawReport r : c.reports) {
            assertThat(Collected.content(r))
                    .isEqualTo(Collected.content(complete.get(r.caseId() + "/" + r.caseVersion())));
        }
        List<QuarantineItem> lost = c.quarantined.stream()
                .filter(q -> q.reason() == QuarantineReason.TRUNCATED_ARCHIVE
                        && q.origin().file().endsWith("DEMO22Q4.txt"))
                .collect(Collectors.toList());
        assertThat(c.reports).isNotEmpty();
        assertThat(lost).isNotEmpty();
        assertThat(c.reports.size() + lost.size()).isEqualTo(258);
        assertThat(lost.get(0).message()).contains("REAC22Q4.txt ends early, so rows of this report may be lost");
        // the reports emitted are those before the cut in key order: all of them precede all lost ones
        assertThat(c.reports.get(c.reports.size() - 1).origin().position())
                .isLessThan(lost.get(0).origin().position());
        // one item for the archive, one for the table that ends early; the DELETE list is lost
        assertThat(c.quarantined).filteredOn(q -> q.origin().unit() == PositionUnit.BYTE).singleElement()
                .satisfies(q -> {
                    assertThat(q.origin().file()).isEqualTo("faers_ascii_2022Q4.zip");
                    assertThat(q.reason()).isEqualTo(QuarantineReason.TRUNCATED_ARCHIVE);
                    assertThat(q.message()).contains("central directory is unreadable");
                });
        assertThat(c.quarantined).filteredOn(q -> q.message().startsWith("faers_ascii_2022Q4.zip!/ASCII/REAC22Q4.txt"
                + " ends early after line")).hasSize(1);
        assertThat(c.retractions).isEmpty();
        // the OUTC orphans are still found: OUTC is complete
        assertThat(c.reasons().get(QuarantineReason.ORPHAN_ROW)).isEqualTo(846);
        assertThat(s.quarters().get(0).truncatedInputs()).isEqualTo(2);
    }

    @Test
    void cutInsideDrugLosesReacAndOutcSoNoReportIsEmitted(@TempDir Path tmp) throws IOException {
        Path zip = cut(Samples.zip2022q4(), "ASCII/DRUG22Q4.txt", 2000, tmp);
        Collected c = new Collected();
        FaersReadSummary s = new FaersReader().read(zip, c);
        Samples.assertAccounted(s, c);
        assertThat(c.reports).isEmpty();
        assertThat(c.quarantined).hasSize(258 + 2);
        assertThat(c.quarantined).allMatch(q -> q.reason() == QuarantineReason.TRUNCATED_ARCHIVE);
        assertThat(c.quarantined).filteredOn(q -> q.origin().file().endsWith("DEMO22Q4.txt")).hasSize(258)
                .allMatch(q -> q.message().contains("DRUG22Q4.txt ends early")
                        || q.message().contains("holds no REAC file"));
    }

    @Test
    void cutBeforeTheCentralDirectoryOnlyCostsTheArchiveItem(@TempDir Path tmp) throws IOException {
        Path zip = cut(Samples.zip2022q4(), "FAQs.pdf", -1, tmp);
        Collected c = new Collected();
        FaersReadSummary s = new FaersReader().read(zip, c);
        Samples.assertAccounted(s, c);
        Collected whole = full(Samples.zip2022q4());
        assertThat(c.reportContents()).isEqualTo(whole.reportContents());
        assertThat(c.retractions).hasSameSizeAs(whole.retractions);
        assertThat(c.quarantined).hasSize(whole.quarantined.size() + 1);
        assertThat(c.reasons().get(QuarantineReason.TRUNCATED_ARCHIVE)).isEqualTo(1);
    }

    @Test
    void cutInsideTheDeleteListKeepsItsFirstLines(@TempDir Path tmp) throws IOException {
        Path zip = cut(Samples.zip2022q4(), "Deleted/DELETE22Q4.txt", 5000, tmp);
        Collected c = new Collected();
        FaersReadSummary s = new FaersReader().read(zip, c);
        Samples.assertAccounted(s, c);
        assertThat(c.reports).hasSize(258);
        assertThat(c.retractions).isNotEmpty().hasSizeLessThan(3624);
        assertThat(c.reasons().get(QuarantineReason.TRUNCATED_ARCHIVE)).isEqualTo(2);
        Collected whole = full(Samples.zip2022q4());
        assertThat(whole.retractions.subList(0, c.retractions.size())).isEqualTo(c.retractions);
    }

    @Test
    void cutInsideTheLegacyDemoEntry(@TempDir Path tmp) throws IOException {
        // this zip holds OUTC, REAC, INDI, DRUG, then DEMO: every child table is complete
        Path zip = cut(Samples.zip2004q1(), "ascii/DEMO04Q1.TXT", 2000, tmp);
        for (FaersReader.Join join : FaersReader.Join.values()) {
            Collected c = new Collected();
            FaersReadSummary s = new FaersReader(join).read(zip, c);
            Samples.assertAccounted(s, c);
            assertThat(c.reports).as(join.name()).isNotEmpty().hasSizeLessThan(100);
            Map<String, RawReport> complete = full(Samples.zip2004q1()).reportsByCaseAndVersion();
            for (RawReport r : c.reports) {
                assertThat(Collected.content(r)).isEqualTo(Collected.content(complete.get(r.caseId() + "/"
                        + r.caseVersion())));
            }
            // child rows of the lost DEMO rows: quarantined as possibly belonging to them
            assertThat(c.quarantined).filteredOn(q -> q.message().contains("DEMO04Q1.TXT ends early, so that row may"
                    + " be lost")).isNotEmpty().allMatch(q -> q.reason() == QuarantineReason.TRUNCATED_ARCHIVE);
            assertThat(c.quarantined).filteredOn(q -> q.message().startsWith("aers_ascii_2004q1.zip!/ascii/DEMO04Q1.TXT"
                    + " ends early")).hasSize(1);
        }
    }

    @Test
    void cutBeforeTheDemoTableIsUnreadable(@TempDir Path tmp) throws IOException {
        Path zip = cut(Samples.zip2022q4(), "ASCII/DEMO22Q4.pdf", 1000, tmp);
        assertThatThrownBy(() -> new FaersReader().read(zip, new Collected()))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("faers_ascii_2022Q4.zip: truncated or damaged zip archive with no readable FAERS table");
        Path legacy = cut(Samples.zip2004q1(), "ascii/DRUG04Q1.TXT", 100, tmp);
        assertThatThrownBy(() -> new FaersReader().read(legacy, new Collected()))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("quarter 2004Q1 has aers_ascii_2004q1.zip!/ascii/")
                .hasMessageEndingWith("but no DEMO file; the archive is truncated or damaged, so its DEMO file may be lost");
    }

    @Test
    void truncatedZipFromAStream(@TempDir Path tmp) throws IOException {
        Path zip = cut(Samples.zip2022q4(), "ASCII/REAC22Q4.txt", 3400, tmp);
        Collected fromFile = new Collected();
        new FaersReader().read(zip, fromFile);
        Collected fromStream = new Collected();
        FaersReadSummary s;
        try (InputStream in = Files.newInputStream(zip)) {
            s = new FaersReader().readZip(in, "faers_ascii_2022Q4.zip", fromStream);
        }
        Samples.assertAccounted(s, fromStream);
        assertThat(fromStream.reportContents()).isEqualTo(fromFile.reportContents());
        assertThat(Set.copyOf(fromStream.quarantined)).isEqualTo(Set.copyOf(fromFile.quarantined));
    }
}
