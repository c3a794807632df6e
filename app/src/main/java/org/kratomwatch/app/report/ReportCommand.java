package org.kratomwatch.app.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.kratomwatch.app.cli.KafkaOptions;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.report.PeriodicReport;
import org.kratomwatch.report.ReportFormat;
import org.kratomwatch.report.model.ReportModel;
import org.kratomwatch.report.pdf.Chromium;
import org.kratomwatch.report.pdf.ChromiumUnavailableException;
import org.kratomwatch.schemas.Periods;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kratomwatch report}: the periodic signal report of one period, from a running engine's
 * query API or from its topics, as HTML, CSV and PDF (see {@link PeriodicReport}).
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes the periodic signal report of one period (summary with the data lock point, signal table with"
                + " the comparators side by side, forest plots, time trends, reports per period, interactions, anonymized case"
                + " series, methods) from a running engine: HTML with inline SVG charts, a CSV file per table, and a PDF"
                + " printed by headless Chromium. The same input and period give the same report.")
public final class ReportCommand implements Callable<Integer> {

    /** The query API the report reads when no source is given. */
    static final String DEFAULT_API = "http://127.0.0.1:7070";

    @Spec
    CommandSpec spec;

    @Option(names = "--period", paramLabel = "YYYYQn",
            description = "The reporting period; its end is the data lock point. Default: the engine's latest period.")
    String period;

    @ArgGroup(exclusive = true)
    Source source = new Source();

    /** Where the engine's records come from. */
    static final class Source {
        @Option(names = "--from-api", paramLabel = "URL",
                description = "Read the engine's query API at URL (every period's history). Default: " + DEFAULT_API + ".")
        String api;

        @Option(names = "--from-topic",
                description = "Read ae.signals.v1 and ae.interactions.v1 from Kafka instead (the periods the compacted topics still hold).")
        boolean topic;
    }

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--case-series", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Read the anonymized reports (ae.reports.v1) for the case series: with --from-topic, or with"
                    + " --from-api when --bootstrap-server (or its variable) is given. --no-case-series skips them.")
    boolean caseSeries;

    @Option(names = "--substance", paramLabel = "REGEX",
            description = "Only these watch substances (whole name, case-insensitive). Default: every substance the engine watches.")
    String substance;

    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR", description = "Folder for the files. Default: the current folder.")
    Path out;

    @Option(names = "--format", defaultValue = "html,csv", paramLabel = "html,csv,pdf",
            description = "Outputs. pdf needs Chromium (Debian: apt-get install chromium). Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Set<ReportFormat> formats;
        try {
            formats = ReportFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--format: " + e.getMessage());
        }
        if (formats.contains(ReportFormat.PDF) && Chromium.locate().isEmpty()) {
            throw new UserInputException("--format pdf: " + Chromium.HOW_TO_INSTALL);
        }
        if (period != null && !Periods.isPeriod(period)) {
            throw new UserInputException("--period: expected a quarter like 2024Q4, got '" + period + "'");
        }
        Pattern substances;
        try {
            substances = substance == null ? null : Pattern.compile(substance, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new UserInputException("--substance: not a valid regular expression: " + e.getDescription());
        }
        boolean fromTopic = source.topic;
        Map<String, Object> client = fromTopic || kafka.given() ? kafka.clientConfig() : null;
        EngineRecords engine = fromTopic ? SignalTopicReader.read(client, PeriodicReports.TIMEOUT)
                : new QueryApiReader(api(), PeriodicReports.TIMEOUT).read();
        ReportModel model = PeriodicReports.model(engine, period, caseSeries ? client : null,
                substances == null ? s -> true : s -> substances.matcher(s).matches());
        List<Path> files;
        try {
            files = PeriodicReport.write(model, out, formats);
        } catch (ChromiumUnavailableException e) {
            throw new UserInputException("--format pdf: " + e.getMessage());
        }
        o.printf("Periodic signal report %s (data lock point %s), from %s:%n", model.period(),
                org.kratomwatch.report.PeriodicReport.lockPoint(model.period()), model.provenance().source());
        for (Path f : files) {
            o.println("  " + f);
        }
        if (model.caseSeries() == null) {
            o.println("  (no case series: the anonymized reports were not read; give --bootstrap-server)");
        }
        o.flush();
        return 0;
    }

    private URI api() {
        String url = source.api == null ? DEFAULT_API : source.api;
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new UserInputException("--from-api: expected an http URL such as " + DEFAULT_API + ", got '" + url + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UserInputException("--from-api: not a URL: '" + url + "'");
        }
    }
}
