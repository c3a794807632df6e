package org.kratomwatch.app.pipeline;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.app.score.HyperparameterJson;
import org.kratomwatch.app.score.InputTables;
import org.kratomwatch.app.score.ScoreCommand;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.publish.KafkaReportPublisher;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.IngestSummary;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.schemas.Periods;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.stats.mgps.MgpsHyperparameters;
import org.kratomwatch.streams.app.SignalEngine;

import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.engine.WatchList;
import org.kratomwatch.streams.score.Hyperparameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kratomwatch pipeline}: one file or folder through everything in one JVM (in-JVM broker,
 * ingestion, the streaming engine) until it is fully processed, then the signal table.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs ingestion and the streaming signal engine on an in-JVM Kafka broker over one input, waits until",
            "every report is counted and scored, writes the signal table (cumulative, whole-database comparator, the",
            "columns of 'score' then comparator, period, scope, event_kind) and exits."})
public final class PipelineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "FORMAT",
            description = "caers, faers, openfda, e2b or pairs (the CSV form of 'score --format pairs').")
    String source;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH", description = "Input files or folders.")
    List<Path> inputs;

    @Option(names = "--watch", defaultValue = "kratom", paramLabel = "kratom|all|REGEX",
            description = "Substances that get signal records: the kratom-related group and its members (default), all, or those matching REGEX.")
    String watch;

    @Option(names = "--export", paramLabel = "FILE", description = "Signal table CSV (default: standard output).")
    Path export;

    @Option(names = "--export-all", description = "Export every comparator and the current period's own results too, not only cumulative 'all'.")
    boolean exportAll;

    @Option(names = "--min-a", defaultValue = "1", paramLabel = "N", description = "Only export pairs with a >= N. Default: ${DEFAULT-VALUE}.")
    long minA;

    @Option(names = "--comparators", defaultValue = "excl-opioid", split = ",", paramLabel = "excl-CLASS[,...]|none",
            description = "Backgrounds besides the whole database: excl-<class> removes cases with a suspect drug of the class. Default: ${DEFAULT-VALUE}.")
    List<String> comparators;

    @Option(names = "--stratify", description = "Stratify expected counts by age band x sex x year (report formats).")
    boolean stratify;

    @Option(names = "--id-col", defaultValue = "id", description = "Report id column (pairs). Default: ${DEFAULT-VALUE}.")
    String idCol;

    @Option(names = "--drug-col", defaultValue = "drug", description = "Drug column (pairs). Default: ${DEFAULT-VALUE}.")
    String drugCol;

    @Option(names = "--event-col", defaultValue = "event", description = "Event column (pairs). Default: ${DEFAULT-VALUE}.")
    String eventCol;

    @Option(names = "--strata-cols", split = ",", paramLabel = "COL[,COL...]",
            description = "Stratify expected counts by these columns (pairs), as 'score --strata-cols'.")
    List<String> strataCols = List.of();

    @Option(names = "--period", paramLabel = "YYYYQn",
            description = "Data period of pairs (default: the current quarter), or of reports whose source gives no date (CAERS long form).")
    String period;

    @Option(names = "--hyper", paramLabel = "a1,b1,a2,b2,p",
            description = "Use these MGPS hyperparameters instead of fitting them (as 'score --hyper').")
    String hyper;

    @Option(names = "--hyper-out", paramLabel = "FILE", description = "Write the MGPS hyperparameters used (cumulative, all) as JSON.")
    Path hyperOut;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Broker and state folder, kept afterwards (default: a temporary folder, deleted).")
    Path dataDir;

    @Option(names = "--timeout", defaultValue = "PT30M", paramLabel = "DURATION",
            description = "Give up when processing takes longer (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw UserInputException.in(p, "no such file or folder");
            }
        }
        boolean pairs = "pairs".equals(source);
        InputFormat format = pairs ? null : parseFormat(source);
        if (period != null && !Periods.isPeriod(period)) {
            throw new UserInputException("--period: expected a quarter like 2012Q4, got '" + period + "'");
        }
        if (minA < 1) {
            throw new UserInputException("--min-a must be at least 1: " + minA);
        }
        if (pairs && inputs.size() != 1) {
            throw new UserInputException("--source pairs takes one --input file");
        }
        EngineConfig config = config(pairs);
        MgpsHyperparameters fixed = hyper == null ? null : ScoreCommand.parseHyper(hyper);
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("kratomwatch-pipeline") : dataDir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            SignalEngine.Settings settings = SignalEngine.Settings.local(client, dir.resolve("state")).withQuery(null, 0, null);
            try (SignalEngine engine = SignalEngine.start(settings, config)) {
                err.println("kratomwatch pipeline: reading " + source + " input");
                err.flush();
                long reports = publish(format, client, err);
                err.printf("kratomwatch pipeline: %d reports published; counting and scoring%n", reports);
                err.flush();
                long t0 = System.nanoTime();
                engine.awaitRunning(Duration.ofMinutes(2));
                engine.awaitIdle(timeout);
                err.printf("kratomwatch pipeline: counted and scored in %.1f s; fitting the MGPS prior%n",
                        (System.nanoTime() - t0) / 1e9);
                err.flush();
                t0 = System.nanoTime();
                List<MgpsHyperparameterSet> sets = fixed != null
                        ? engine.useHyperparameters(fixed, currentPeriod(engine))
                        : engine.refitNow();
                engine.awaitIdle(timeout);
                err.printf("kratomwatch pipeline: prior published and every signal rescored in %.1f s%n",
                        (System.nanoTime() - t0) / 1e9);
                err.flush();
                writeHyperOut(sets);
                List<DisproportionalitySignal> rows = new ArrayList<>();
                for (DisproportionalitySignal s : engine.localSignals()) {
                    if (s.getA() >= minA && (exportAll || (s.getScope() == Scope.CUMULATIVE && s.getComparator().equals("all")))) {
                        rows.add(s);
                    }
                }
                write(rows);
                err.printf("kratomwatch pipeline: %d signal rows written%s%n", rows.size(),
                        export == null ? "" : " to " + export);
                err.flush();
            } catch (TimeoutException e) {
                throw new UserInputException("processing did not finish within --timeout " + timeout + ": " + e.getMessage());
            }
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
        return 0;
    }

    private static String currentPeriod(SignalEngine engine) {
        String p = engine.localSignals().stream().map(DisproportionalitySignal::getPeriod).max(String::compareTo)
                .orElse(null);
        return p == null ? quarterOf(LocalDate.now()) : p;
    }

    private EngineConfig config(boolean pairs) {
        // One refit at the end of the input, none on the way (the counts are not final before); the
        // export needs final records only, so intermediate scoring is sparse.
        EngineConfig c = EngineConfig.defaults().withIntervals(Duration.ofSeconds(2), Duration.ofDays(1));
        try {
            c = c.withWatch(WatchList.parse(watch));
        } catch (PatternSyntaxException e) {
            throw new UserInputException("--watch: not a valid regular expression: " + e.getDescription());
        }
        List<org.kratomwatch.streams.engine.Comparator> list = new ArrayList<>();
        list.add(org.kratomwatch.streams.engine.Comparator.ALL);
        for (String name : comparators) {
            String n = name.trim();
            if (n.equals("none")) {
                continue;
            }
            if (!n.startsWith("excl-") || n.length() == 5) {
                throw new UserInputException("--comparators: expected excl-<class> (e.g. excl-opioid) or none, got '" + n + "'");
            }
            list.add(org.kratomwatch.streams.engine.Comparator.excluding(n.substring(5)));
        }
        c = c.withComparators(list);
        if (pairs && !strataCols.isEmpty() || !pairs && stratify) {
            c = c.withStratify(true);
        }
        return c;
    }

    private static InputFormat parseFormat(String s) {
        try {
            return InputFormat.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--source: expected caers, faers, openfda, e2b or pairs, got '" + s + "'");
        }
    }

    private long publish(InputFormat format, Map<String, Object> client, PrintWriter err) {
        TopicSetup.ensure(client, List.of(Topics.REPORTS, Topics.QUARANTINE), 3, (short) 1);
        CaseKeyer keyer = CaseKeyer.throwAway(); // one-off analysis: case keys need not outlive the run
        try (KafkaReportPublisher publisher = new KafkaReportPublisher(client)) {
            if (format == null) {
                return PairsInput.publish(inputs.get(0), new InputTables.PairColumns(idCol, drugCol, eventCol, strataCols),
                        period == null ? quarterOf(LocalDate.now()) : period, keyer, publisher);
            }
            IngestSummary summary;
            try {
                summary = new IngestRun(format, keyer, publisher).fallbackPeriod(period).run(inputs, (soFar, input, file) -> { }, 10_000);
            } catch (UnreadableInputException e) {
                throw new UserInputException(e.getMessage());
            } catch (KafkaException e) {
                throw new UserInputException("in-JVM Kafka: " + e.getMessage());
            }
            err.println("kratomwatch pipeline: ingest " + summary.line());
            return publisher.published();
        }
    }

    private void writeHyperOut(List<MgpsHyperparameterSet> sets) {
        if (hyperOut == null) {
            return;
        }
        MgpsHyperparameterSet all = sets.stream().filter(s -> s.getComparator().equals(org.kratomwatch.streams.engine.Comparator.ALL.name())
                && s.getScope() == Scope.CUMULATIVE).findFirst().orElse(null);
        if (all == null) {
            throw new UserInputException("--hyper-out: no MGPS prior could be fitted (too few pairs)");
        }
        HyperparameterJson.write(hyperOut, Hyperparameters.toStats(all.getHyperparameters()), all.getLogLikelihood());
    }

    private void write(List<DisproportionalitySignal> rows) {
        try (Writer w = export == null
                ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8) {
                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                }
                : Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
            SignalTable.write(w, rows);
        } catch (IOException | UncheckedIOException e) {
            throw new UserInputException("cannot write " + (export == null ? "standard output" : export) + ": " + e.getMessage());
        }
    }

    static String quarterOf(LocalDate d) {
        return d.getYear() + "Q" + ((d.getMonthValue() - 1) / 3 + 1);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing the run
        }
    }
}
