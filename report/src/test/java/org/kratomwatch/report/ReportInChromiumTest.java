package org.kratomwatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.report.browser.HeadlessChromium;
import org.kratomwatch.report.pdf.Chromium;

/**
 * The report as a reader sees it, in headless Chromium: it loads without console errors, the
 * signal table has the expected rows, every chart has drawn its marks with a real size, and a
 * screenshot is left in {@code target/screenshots} for review. Skipped where Chromium is absent.
 */
class ReportInChromiumTest {

    @TempDir
    Path dir;

    @Test
    void reportRendersInChromium() throws Exception {
        assumeTrue(HeadlessChromium.available(), () -> HeadlessChromium.missingReason().orElse(""));
        List<Path> files = PeriodicReport.write(ReportFixtures.model(), dir, EnumSet.of(ReportFormat.HTML));
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            HeadlessChromium.Page page = browser.open(files.get(0).toUri().toString());
            assertThat(page.consoleErrors()).isEmpty();
            assertThat(page.eval("[...document.querySelectorAll('#signal-table tbody tr')]"
                    + ".map(r => r.dataset.substance + '|' + r.dataset.event)"))
                    .extracting(n -> n.asText()).containsExactlyElementsOf(PeriodicReportTest.EXPECTED_ORDER);
            // what the browser drew: marks with a non-zero box, as many as the chart says it plotted
            for (String chart : List.of("#forest-ror", "#forest-omega", "#reports-per-period")) {
                int drawn = page.eval("[...document.querySelectorAll('" + chart + " .mark')]"
                        + ".filter(m => { const b = m.getBBox(); return b.width > 0 && b.height > 0; }).length").asInt();
                int declared = page.eval("Number(document.querySelector('" + chart + "').dataset.marks)").asInt();
                assertThat(drawn).as(chart).isPositive().isEqualTo(declared);
            }
            assertThat(page.eval("document.querySelectorAll('svg.trend').length").asInt()).isEqualTo(10);
            assertThat(page.eval("[...document.querySelectorAll('svg.trend')].every(s => "
                    + "s.querySelectorAll('circle.mark').length === Number(s.dataset.marks) "
                    + "&& s.getBoundingClientRect().width > 100)").asBoolean()).isTrue();
            Path dir = HeadlessChromium.screenshotDir();
            page.screenshotOf("#signals", dir.resolve("report-2024Q4-signal-table.png"));
            page.screenshotOf("#figures", dir.resolve("report-2024Q4-pictures.png"));
            page.screenshotOf("#interactions", dir.resolve("report-2024Q4-interactions.png"));
            page.screenshotOf("#case-series", dir.resolve("report-2024Q4-case-series.png"));
            Path png = dir.resolve("report-2024Q4.png");
            page.screenshot(png);
            assertThat(Files.size(png)).isGreaterThan(10_000);
        }
    }

    @Test
    void pdfIsPrintedFromTheSameHtml() throws Exception {
        assumeTrue(Chromium.locate().isPresent(), () -> HeadlessChromium.missingReason().orElse(""));
        List<Path> files = PeriodicReport.write(ReportFixtures.model(), dir, EnumSet.of(ReportFormat.PDF));
        assertThat(files).singleElement().satisfies(p -> assertThat(p.getFileName().toString())
                .isEqualTo("kratomwatch-report-2024Q4.pdf"));
        byte[] pdf = Files.readAllBytes(files.get(0));
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(pdf.length).isGreaterThan(20_000);
        Path copy = HeadlessChromium.screenshotDir().resolve("report-2024Q4.pdf");
        Files.createDirectories(copy.getParent());
        Files.copy(files.get(0), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(dir.resolve("kratomwatch-report-2024Q4.html")).doesNotExist(); // PDF alone leaves no HTML behind
    }
}
