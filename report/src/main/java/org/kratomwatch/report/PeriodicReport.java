package org.kratomwatch.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kratomwatch.report.model.ReportModel;
import org.kratomwatch.report.pdf.Chromium;
import org.kratomwatch.report.view.ReportView;

/**
 * The periodic signal report of one period: HTML (a precompiled, type-checked jte template,
 * escaping everything it prints, charts as inline SVG), a CSV file per table, and a PDF printed
 * from the same HTML by headless Chromium.
 *
 * <p>Reproducible: the output depends on the model only (no clock, no locale, no map iteration
 * order), so the same records and period give byte-identical HTML and CSV. The report states what
 * it was built from instead of when.
 *
 * <pre>
 *   List&lt;Path&gt; files = PeriodicReport.write(model, Path.of("reports"), EnumSet.of(ReportFormat.HTML, ReportFormat.CSV));
 * </pre>
 */
public final class PeriodicReport {

    /** How long Chromium may take to print one report. */
    static final Duration PDF_TIMEOUT = Duration.ofMinutes(2);

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    private PeriodicReport() {
    }

    /** The common start of a period's file names, {@code kratomwatch-report-2024Q4}. */
    public static String baseName(String period) {
        return "kratomwatch-report-" + period;
    }

    /** The data lock point of a period {@code YYYYQn}: its last day, {@code YYYY-MM-DD}. */
    public static String lockPoint(String period) {
        return ReportViews.lockPoint(period);
    }

    /** The HTML file's name for a period. */
    public static String htmlName(String period) {
        return baseName(period) + ".html";
    }

    /** The PDF file's name for a period. */
    public static String pdfName(String period) {
        return baseName(period) + ".pdf";
    }

    /** The CSV files' names for a period, in the order the report lists them. */
    public static List<String> csvFiles(String period) {
        return CsvTables.FILES.stream().map(f -> baseName(period) + "-" + f).toList();
    }

    /**
     * Writes the report in the given formats into {@code dir} (created when missing).
     *
     * @return the files written, HTML first
     * @throws org.kratomwatch.report.pdf.ChromiumUnavailableException when PDF is asked for and
     *         Chromium is missing or fails; nothing of the PDF is then written (HTML and CSV are)
     */
    public static List<Path> write(ReportModel model, Path dir, Set<ReportFormat> formats) throws IOException {
        Files.createDirectories(dir);
        ReportContent content = new ReportContent(model);
        ReportView view = ReportViews.of(content);
        String html = render(view);
        List<Path> written = new ArrayList<>();
        Path htmlFile = dir.resolve(htmlName(model.period()));
        if (formats.contains(ReportFormat.HTML)) {
            Files.writeString(htmlFile, html, StandardCharsets.UTF_8);
            written.add(htmlFile);
        }
        if (formats.contains(ReportFormat.CSV)) {
            written.addAll(CsvTables.write(content, view, dir));
        }
        if (formats.contains(ReportFormat.PDF)) {
            Path pdf = dir.resolve(pdfName(model.period()));
            if (formats.contains(ReportFormat.HTML)) {
                Chromium.printToPdf(htmlFile, pdf, PDF_TIMEOUT);
            } else {
                Path tmp = Files.createTempFile(dir, ".report", ".html");
                try {
                    Files.writeString(tmp, html, StandardCharsets.UTF_8);
                    Chromium.printToPdf(tmp, pdf, PDF_TIMEOUT);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            written.add(pdf);
        }
        return written;
    }

    /** The report as one HTML document. */
    public static String html(ReportModel model) {
        return render(ReportViews.of(new ReportContent(model)));
    }

    private static String render(ReportView view) {
        StringOutput out = new StringOutput(64 * 1024);
        TEMPLATES.render("report.jte", view, out);
        return out.toString();
    }
}
