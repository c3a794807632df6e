package org.kratomwatch.app.ingest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.kratomwatch.app.cli.ConfigFileDefaults;
import org.kratomwatch.app.cli.ConfigFileOption;
import org.kratomwatch.app.cli.KafkaOptions;
import org.kratomwatch.app.cli.TopicOptions;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.DryRunPublisher;
import org.kratomwatch.ingest.publish.KafkaReportPublisher;
import org.kratomwatch.ingest.publish.ReportPublisher;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.IngestSummary;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kratomwatch ingest}: real report formats to anonymized Avro reports on Kafka. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = ConfigFileDefaults.class,
        description = {"Reads adverse-event reports (faers, openfda, caers, e2b), recognizes kratom, anonymizes, and publishes",
            "Avro reports to " + "ae.reports.v1" + " (quarantined records to ae.quarantine.v1), accounting for every record.",
            "Options with a variable in their default can also be set in a --config file."})
public final class IngestCommand implements Callable<Integer> {

    /**
     * Variables read directly rather than as option defaults: the pseudonym key is a secret, so it
     * belongs on neither a command line nor in the --config file.
     */
    public static final List<String> KEY_ENVIRONMENT = List.of(CaseKeyer.KEY_ENV, CaseKeyer.KEY_FILE_ENV);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "faers, openfda, caers or e2b.")
    InputFormat format;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Input files or folders, read in order.")
    List<Path> inputs;

    @Mixin
    ConfigFileOption config;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--dry-run", description = "Parse, normalize, anonymize and encode, but publish nothing (no Kafka needed).")
    boolean dryRun;

    @Option(names = "--period", paramLabel = "YYYYQn",
            description = "Data period of reports whose source has no receipt date (e.g. the CAERS long form); without it they are quarantined.")
    String period;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the record accounting as JSON.")
    Path summaryJson;

    @ArgGroup(exclusive = true)
    KeySource key;

    static final class KeySource {
        @Option(names = "--key-file", paramLabel = "FILE",
                description = "File holding the pseudonym key (64 hex digits); default: $" + CaseKeyer.KEY_ENV
                        + " or $" + CaseKeyer.KEY_FILE_ENV + ".")
        Path keyFile;

        @Option(names = "--create-key-file", paramLabel = "FILE", description = "Create a new random key in FILE and use it.")
        Path createKeyFile;
    }

    @Mixin
    TopicOptions topics;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw UserInputException.in(p, "no such file or folder");
            }
        }
        CaseKeyer keyer = keyer(err);
        Map<String, Object> client = kafka.clientConfig();
        try (ReportPublisher publisher = dryRun ? new DryRunPublisher() : kafkaPublisher(client)) {
            if (period != null && !org.kratomwatch.schemas.Periods.isPeriod(period)) {
                throw new UserInputException("--period: expected a quarter like 2012Q4, got '" + period + "'");
            }
            IngestRun run = new IngestRun(format, keyer, publisher).fallbackPeriod(period);
            ProgressLine progress = new ProgressLine(err, System.console() != null,
                    format == InputFormat.faers ? ProgressLine.quarters(inputs) : 0);
            IngestSummary summary;
            try {
                summary = run.run(inputs, progress::update, 5_000);
            } catch (UnreadableInputException e) {
                progress.clear();
                throw new UserInputException(e.getMessage());
            } catch (KafkaException e) {
                progress.clear();
                throw new UserInputException("Kafka at " + client.get("bootstrap.servers") + ": " + e.getMessage());
            }
            progress.clear();
            spec.commandLine().getOut().println("kratomwatch ingest " + format + ": " + summary.line());
            spec.commandLine().getOut().flush();
            if (summaryJson != null) {
                try (Writer w = Files.newBufferedWriter(summaryJson, StandardCharsets.UTF_8)) {
                    summary.writeJson(w);
                }
            }
            if (!summary.balanced()) {
                throw new IllegalStateException("record accounting does not add up: " + summary);
            }
        }
        return 0;
    }

    private ReportPublisher kafkaPublisher(Map<String, Object> client) {
        try {
            TopicSetup.ensure(client, List.of(Topics.REPORTS, Topics.QUARANTINE), topics.partitions(), topics.replicationFactor());
        } catch (KafkaException e) {
            throw new UserInputException(e.getMessage() + " (use --dry-run to ingest without Kafka)");
        }
        return new KafkaReportPublisher(client);
    }

    private CaseKeyer keyer(PrintWriter err) {
        try {
            if (key != null && key.createKeyFile != null) {
                if (Files.exists(key.createKeyFile)) {
                    throw UserInputException.in(key.createKeyFile, "already exists; use --key-file to use it");
                }
                return CaseKeyer.createKeyFile(key.createKeyFile);
            }
            if (key != null && key.keyFile != null) {
                return CaseKeyer.fromFile(key.keyFile);
            }
            CaseKeyer fromEnv = CaseKeyer.fromEnvironment(System.getenv());
            if (fromEnv != null) {
                return fromEnv;
            }
        } catch (IllegalArgumentException | IOException e) {
            throw new UserInputException(e.getMessage());
        }
        if (!dryRun) {
            throw new UserInputException("no pseudonym key: publishing needs a secret key so that case keys are stable and"
                    + " unlinkable; set $" + CaseKeyer.KEY_ENV + " or $" + CaseKeyer.KEY_FILE_ENV
                    + ", or give --key-file / --create-key-file (or use --dry-run)");
        }
        err.println("kratomwatch ingest: dry run with a throw-away pseudonym key (case keys are not stable across runs)");
        return CaseKeyer.throwAway();
    }
}
