package org.kratomwatch.app.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.app.pipeline.SignalTable;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.KafkaReportPublisher;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.IngestSummary;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;
import org.kratomwatch.ingest.synthetic.GroundTruth;
import org.kratomwatch.schemas.Periods;
import org.kratomwatch.app.report.PeriodicReports;
import org.kratomwatch.report.PeriodicReport;
import org.kratomwatch.report.ReportFormat;
import org.kratomwatch.streams.app.SignalEngine;
import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.engine.WatchList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kratomwatch demo}: the whole streaming system on one machine, watching kratom signals
 * emerge quarter by quarter.
 *
 * <p>Starts a real Kafka broker in this JVM (KRaft, 127.0.0.1, data kept under {@code --data-dir}),
 * the streaming engine and its query API; generates synthetic FAERS quarters with planted kratom
 * signals ({@code generate}), or takes the user's own files; ingests them one data period at a
 * time with the real reader, recognizer and anonymizer; after each period waits until the engine
 * has counted and scored everything, refits the MGPS prior for that period, and prints the kratom
 * signals that emerged or changed. At the end it says where each planted signal was found, then
 * keeps serving the API until Ctrl-C (or returns with {@code --exit-when-done}).
 *
 * <p>The terminal gets progress and signals only: every log line (broker, clients, streams) goes to
 * {@code kratomwatch.log} in the data folder.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts an in-JVM Kafka broker, the streaming signal engine and its query API; generates a few years of"
                + " synthetic FAERS data with planted kratom signals (or takes --input files), ingests it quarter by quarter and"
                + " prints the kratom signals as they emerge, then where each planted signal was found. Keeps serving the API"
                + " until Ctrl-C unless --exit-when-done. Logs go to kratomwatch.log in the data folder.")
public final class DemoCommand implements Callable<Integer> {

    /** Default synthetic cases: sized so that the first signals appear well within a minute on 2 cores. */
    static final String DEFAULT_CASES = "8000";
    /**
     * Share of new cases that are kratom-related in the first and the last quarter. Real FAERS has
     * far fewer (~0.1%); the demo has more so that its signals emerge from a few thousand cases
     * instead of millions. The background and its MGPS prior are unchanged.
     */
    static final double KRATOM_SHARE_FIRST = 0.02;
    static final double KRATOM_SHARE_LAST = 0.05;

    @Spec
    CommandSpec spec;

    @Option(names = "--cases", defaultValue = DEFAULT_CASES, description = "Synthetic cases to generate. Default: ${DEFAULT-VALUE}.")
    long cases;

    @Option(names = "--quarters", defaultValue = "2021Q1..2024Q4", paramLabel = "FIRST..LAST",
            description = "Quarter range of the synthetic data. Default: ${DEFAULT-VALUE}.")
    String quarters;

    @Option(names = "--seed", defaultValue = "2026", description = "Random seed of the synthetic data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--input", arity = "1..*", paramLabel = "PATH",
            description = "Your own files instead of synthetic data (e.g. FDA's quarterly FAERS zips, or a folder of them).")
    List<Path> inputs;

    @Option(names = "--source", paramLabel = "FORMAT", description = "Format of --input: faers, openfda, caers or e2b.")
    String source;

    @Option(names = "--period", paramLabel = "YYYYQn",
            description = "Data period of --input reports whose source gives no date (the CAERS long form).")
    String period;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Leave signals.csv (the columns of 'pipeline --export') and planted.json in DIR, and the synthetic data in DIR/faers.")
    Path out;

    @Option(names = "--exit-when-done", description = "Return when the analysis is complete instead of serving the API until Ctrl-C.")
    boolean exitWhenDone;

    @Option(names = "--port", defaultValue = "7070", description = "Port of the query API on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", defaultValue = "kratomwatch-data", paramLabel = "DIR",
            description = "Broker data, engine state and the log, kept between runs (each run replaces the previous run's topics)."
                    + " Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "3", hidden = true, description = "Partitions of the topics (tuning).")
    int partitions;

    @Option(names = "--threads", defaultValue = "1", hidden = true, description = "Kafka Streams threads (tuning).")
    int threads;

    @Option(names = "--score-interval", defaultValue = "PT0.5S", hidden = true, description = "Engine scoring interval (tuning).")
    Duration scoreInterval;

    @Option(names = "--timeout", defaultValue = "PT30M", paramLabel = "DURATION",
            description = "Give up when one period takes longer to process (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    /** How often a long wait for the engine reports that it is still busy. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(20);

    private long t0;
    private PrintWriter o;

    @Override
    public Integer call() throws Exception {
        t0 = System.nanoTime();
        o = spec.commandLine().getOut();
        InputFormat format = validate();
        // Checked before anything starts: a wrong --input or --quarters is a one-line error.
        List<DemoSteps.Step> userSteps = inputs == null ? null : DemoSteps.of(format, inputs);
        GeneratorOptions synthetic = inputs == null ? generatorOptions(out != null ? out.resolve("faers") : dataDir.resolve("input"))
                : null;
        DemoCluster cluster = DemoCluster.claim(dataDir);
        Thread hook = new Thread(() -> stop(cluster), "kratomwatch-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean serve = false;
        try {
            Path log = dataDir.resolve("kratomwatch.log");
            boolean logged = DemoLog.toFile(log);
            serve = run(cluster, format, synthetic, userSteps, logged ? log : null);
        } catch (RuntimeException e) {
            if (cluster.isClosed()) {
                return 130; // Ctrl-C while working: the hook is stopping everything
            }
            throw translate(e);
        } finally {
            if (!serve) {
                removeHook(hook);
                cluster.close();
            }
        }
        return serve ? serve(cluster, hook) : 0;
    }

    private InputFormat validate() {
        if (inputs == null) {
            if (source != null || period != null) {
                throw new UserInputException("--source and --period go with --input");
            }
            if (cases < 1000) {
                throw new UserInputException("--cases must be at least 1000: " + cases);
            }
        } else if (source == null) {
            throw new UserInputException("--input needs --source faers|openfda|caers|e2b");
        }
        if (period != null && !Periods.isPeriod(period)) {
            throw new UserInputException("--period: expected a quarter like 2012Q4, got '" + period + "'");
        }
        if (port < 0 || port > 65535) {
            throw new UserInputException("--port must be 0..65535: " + port);
        }
        if (partitions < 1 || threads < 1) {
            throw new UserInputException("--partitions and --threads must be at least 1");
        }
        if (scoreInterval.isNegative() || scoreInterval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new UserInputException("--score-interval and --timeout must be positive");
        }
        checkPortFree();
        if (source == null) {
            return InputFormat.faers;
        }
        try {
            return InputFormat.valueOf(source);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--source: expected faers, openfda, caers or e2b, got '" + source + "'");
        }
    }

    /** Fails before anything starts when the API port is taken (typically by a demo still serving). */
    private void checkPortFree() {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
        } catch (BindException e) {
            throw new UserInputException("port " + port + " is in use (a demo or engine still running?); choose another with --port");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Everything up to the final summary.
     *
     * @return true when the demo should go on serving the API
     */
    private boolean run(DemoCluster cluster, InputFormat format, GeneratorOptions synthetic, List<DemoSteps.Step> userSteps,
            Path log) throws IOException, InterruptedException {
        CompletableFuture<GroundTruth> generated = null;
        if (synthetic != null) {
            DemoSteps.clearGenerated(synthetic.outDir());
            o.printf("KratomWatch demo: %,d synthetic FAERS cases %s with planted kratom signals%n", cases, quarters);
            // Generating takes seconds: done while the broker and the engine start.
            generated = CompletableFuture.supplyAsync(() -> {
                try {
                    return FaersGenerator.generate(synthetic);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } else {
            o.printf("KratomWatch demo on %s input: %s%n", format, inputs);
        }
        o.printf("Full log: %s%n", log == null ? "(standard error: the logging backend is not logback)" : log);
        o.flush();

        EmbeddedKafkaBroker broker = cluster.startBroker();
        progress("Kafka broker (KRaft) on %s, data in %s", broker.bootstrapServers(), broker.dataDir());
        Map<String, Object> client = cluster.clientConfig();
        SignalEngine.Settings settings = SignalEngine.Settings.local(client, dataDir.resolve("state"))
                .withPartitions(partitions).withThreads(threads).withQuery("127.0.0.1", port, null)
                .withApplicationId(DemoCluster.newApplicationId());
        EngineConfig config = EngineConfig.defaults().withIntervals(scoreInterval, Duration.ofDays(365));
        SignalEngine engine = cluster.startEngine(settings, config);

        GroundTruth truth = null;
        List<DemoSteps.Step> steps;
        if (generated != null) {
            truth = join(generated);
            steps = DemoSteps.generated(synthetic.outDir());
            progress("Generated %,d report versions in %d quarterly zips; planted:", truth.totals().reports(), steps.size());
            for (GroundTruth.SignalTruth s : truth.signals()) {
                o.printf("    %-56s from %s%n", PlantedSummary.label(s.signal()), s.signal().onset());
            }
        } else {
            steps = userSteps;
        }
        try {
            engine.awaitRunning(Duration.ofMinutes(2));
        } catch (TimeoutException e) {
            throw new UserInputException("the streaming engine did not start: " + e.getMessage() + "; see " + log);
        }
        String api = "http://127.0.0.1:" + engine.queryPort();
        progress("Streaming engine running; query API on %s", api);
        o.printf("%nIngesting %s. A kratom signal is shown when %d of the rules %s agree (cumulative, whole database):%n",
                steps.size() == 1 ? "the input" : "quarter by quarter", SignalFeed.AGREEING_RULES,
                String.join(", ", SignalFeed.DISPROPORTIONALITY_RULES));
        o.flush();

        SignalFeed feed = new SignalFeed();
        List<DisproportionalitySignal> last = List.of();
        CaseKeyer keyer = CaseKeyer.throwAway(); // one key for the whole run: follow-ups find their case
        try (KafkaReportPublisher publisher = new KafkaReportPublisher(client)) {
            for (DemoSteps.Step step : steps) {
                long p0 = System.nanoTime();
                IngestSummary s = ingest(format, keyer, publisher, step);
                long p1 = System.nanoTime();
                awaitIdle(engine);
                long p2 = System.nanoTime();
                engine.refitNow(); // the prior of this period, so that EB05 is current
                long p3 = System.nanoTime();
                awaitIdle(engine);
                LOG.info("demo step {}: ingested {} records in {} ms, counted and scored in {} ms, prior refitted in {} ms,"
                        + " rescored in {} ms; {} s since start, process CPU {} s", step.label(), s.read(), (p1 - p0) / 1_000_000,
                        (p2 - p1) / 1_000_000, (p3 - p2) / 1_000_000, (System.nanoTime() - p3) / 1_000_000,
                        (System.nanoTime() - t0) / 1_000_000_000, cpuSeconds());
                last = engine.localSignals();
                List<InteractionSignal> interactions = engine.localInteractions();
                String label = step.label().equals("input") ? latestPeriod(last) : step.label();
                o.printf("%s  +%,d report versions%s%s -> %s  [%s]%n", label, s.accepted() + s.superseded(),
                        s.retracted() == 0 ? "" : String.format(", %,d case%s deleted", s.retracted(), s.retracted() == 1 ? "" : "s"),
                        s.quarantined() == 0 ? "" : String.format(" (%,d quarantined)", s.quarantined()), totals(last), elapsed());
                writeReport(api, label, client);
                boolean first = !feed.anySignal();
                for (SignalFeed.Line line : feed.update(label, last, interactions)) {
                    o.println(line.text());
                    if (first && line.signal()) {
                        o.printf("  (first signal on screen %s after start)%n", elapsed());
                        LOG.info("demo: first signal on screen {} after start, process CPU {} s", elapsed(), cpuSeconds());
                        first = false;
                    }
                }
                o.flush();
            }
        }

        if (truth != null) {
            new PlantedSummary(truth, feed).print(o);
        } else {
            printOpen(feed);
        }
        if (out != null) {
            writeOut(last, truth, feed);
        }
        o.printf("%nDone in %s. Dashboard: %s/  Query API: %s/signals?substance=kratom&sort=-eb05 (also"
                + " /signals/{substance}/{event}/history, /interactions, /signal-events, /health)%n", elapsed(), api, api);
        o.printf("Periodic reports (HTML and CSV), one per quarter: %s%n", reportsDir());
        o.flush();
        return !exitWhenDone;
    }

    private Path reportsDir() {
        return (out != null ? out : dataDir).resolve("reports");
    }

    /**
     * The periodic report of a completed quarter, from the engine's query API as {@code report
     * --from-api} builds it. A report that cannot be written is said in one line; the demo goes on.
     */
    private void writeReport(String api, String period, Map<String, Object> client) {
        if (!Periods.isPeriod(period)) {
            return;
        }
        try {
            PeriodicReport.write(PeriodicReports.fromQueryApi(URI.create(api), period, client), reportsDir().resolve(period),
                    EnumSet.of(ReportFormat.HTML, ReportFormat.CSV));
        } catch (IOException | RuntimeException e) {
            LOG.warn("demo: report for {} not written", period, e);
            o.printf("  (report for %s not written: %s)%n", period, e.getMessage());
        }
    }

    private GeneratorOptions generatorOptions(Path folder) {
        try {
            return GeneratorOptions.builder(folder).reports(cases).quarters(quarters).seed(seed)
                    .kratomShare(KRATOM_SHARE_FIRST, KRATOM_SHARE_LAST).build();
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    private static GroundTruth join(CompletableFuture<GroundTruth> generated) {
        try {
            return generated.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private IngestSummary ingest(InputFormat format, CaseKeyer keyer, KafkaReportPublisher publisher, DemoSteps.Step step) {
        try {
            return new IngestRun(format, keyer, publisher).fallbackPeriod(period).run(step.inputs(), null, Long.MAX_VALUE);
        } catch (UnreadableInputException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    /** Waits for the engine, saying now and then what it is busy with (real quarters take minutes). */
    private void awaitIdle(SignalEngine engine) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                engine.awaitIdle(PROGRESS_EVERY);
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() > end) {
                    throw new UserInputException("the engine did not finish a period within --timeout " + timeout + ": "
                            + e.getMessage());
                }
                o.printf("  ... engine still busy [%s]%n", elapsed());
                o.flush();
            }
        }
    }

    /** "7,639 cases (60 kratom-related)" from the engine's own tables: N, and a + b of the group. */
    private static String totals(List<DisproportionalitySignal> signals) {
        long n = 0;
        long kratom = 0;
        for (DisproportionalitySignal s : signals) {
            if (s.getScope() == Scope.CUMULATIVE && s.getComparator().equals("all")) {
                n = Math.max(n, s.getN());
                if (s.getSubstance().equals(WatchList.KRATOM_RELATED)) {
                    kratom = Math.max(kratom, s.getA() + s.getB());
                }
            }
        }
        return n == 0 ? "no kratom-related case yet" : String.format("%,d cases, %,d kratom-related", n, kratom);
    }

    private static String latestPeriod(List<DisproportionalitySignal> signals) {
        return signals.stream().map(DisproportionalitySignal::getPeriod).max(String::compareTo).orElse("input");
    }

    private void printOpen(SignalFeed feed) {
        List<DisproportionalitySignal> open = feed.openSignals();
        o.printf("%nKratom signals at the end (%d, strongest first):%n", open.size());
        for (DisproportionalitySignal s : open) {
            o.println(SignalFeed.format("", s));
        }
    }

    private void writeOut(List<DisproportionalitySignal> signals, GroundTruth truth, SignalFeed feed) throws IOException {
        Files.createDirectories(out);
        List<DisproportionalitySignal> rows = new ArrayList<>();
        for (DisproportionalitySignal s : signals) {
            if (s.getScope() == Scope.CUMULATIVE && s.getComparator().equals("all")) {
                rows.add(s); // what 'pipeline --export' writes by default
            }
        }
        Path csv = out.resolve("signals.csv");
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            SignalTable.write(w, rows);
        }
        o.printf("%nWrote %s", csv);
        if (truth != null) {
            Path planted = out.resolve("planted.json");
            new PlantedSummary(truth, feed).writeJson(planted);
            o.printf(" and %s (synthetic data in %s)", planted, out.resolve("faers"));
        }
        o.println();
    }

    /** Serves the API until Ctrl-C (the hook stops everything) or until the engine fails. */
    private int serve(DemoCluster cluster, Thread hook) throws InterruptedException {
        o.println("Serving until Ctrl-C.");
        o.flush();
        while (!cluster.isClosed()) {
            TimeUnit.MILLISECONDS.sleep(500);
            KafkaStreams.State state = cluster.engineState();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
                if (!removeHook(hook)) {
                    return 130;
                }
                cluster.close();
                throw new IllegalStateException("Kafka Streams stopped (state " + state + "); see the log");
            }
        }
        return 130;
    }

    private static boolean removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    /** The Ctrl-C path: query API and streams first, then the broker. */
    private void stop(DemoCluster cluster) {
        o.printf("%nStopping (query API and streams, then the broker) ...%n");
        o.flush();
        Thread closer = new Thread(cluster::close, "kratomwatch-demo-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(DemoCluster.CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        o.println(closer.isAlive() ? "Gave up waiting after " + DemoCluster.CLOSE_TIMEOUT.toSeconds() + " s." : "Stopped.");
        o.flush();
    }

    private static RuntimeException translate(RuntimeException e) {
        if (e instanceof KafkaException || e instanceof UncheckedIOException) {
            return new UserInputException(e.getMessage());
        }
        return e;
    }

    private void progress(String format, Object... args) {
        o.printf(format + "  [%s]%n", concat(args, elapsed()));
        o.flush();
    }

    private static Object[] concat(Object[] args, Object last) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    /** CPU time of this process so far (all threads), for the log: wall time alone depends on what else runs. */
    private static long cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toSeconds).orElse(-1L);
    }

    private String elapsed() {
        return String.format("%.0f s", (System.nanoTime() - t0) / 1e9);
    }
}
