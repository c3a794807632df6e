package org.kratomwatch.app.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.DryRunPublisher;
import org.kratomwatch.ingest.publish.KafkaReportPublisher;
import org.kratomwatch.ingest.publish.ReportPublisher;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.IngestSummary;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kratomwatch bench ingest}: ingestion throughput end to end into a real Kafka broker in
 * this JVM, beside a dry run of the same data (no broker), so the broker's share is visible.
 * Results go into docs/benchmarks.md with the command line that produced them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks: 'bench ingest' measures ingestion of synthetic FAERS data, dry and into an in-JVM broker;",
            "'bench engine' the streaming engine's throughput and query latency on an in-JVM broker."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", description = "ingest or engine")
    String what;

    @Option(names = "--cases", defaultValue = "200000", description = "Synthetic cases. Default: ${DEFAULT-VALUE}.")
    long cases;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds (after one warm-up). Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--rate", defaultValue = "1000", description = "engine: reports/s during the latency run. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--latency-seconds", defaultValue = "60", description = "engine: length of the latency run. Default: ${DEFAULT-VALUE}.")
    int latencySeconds;

    @Override
    public Integer call() throws Exception {
        if ("engine".equals(what)) {
            EngineBenchmark.run(spec.commandLine().getOut(), cases, rate, latencySeconds);
            return 0;
        }
        if (!"ingest".equals(what)) {
            throw new org.kratomwatch.app.cli.UserInputException("bench: unknown benchmark '" + what + "' (known: ingest, engine)");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("kratomwatch-bench");
        try {
            Path data = work.resolve("faers");
            FaersGenerator.generate(GeneratorOptions.builder(data).reports(cases).quarters("2024Q1..2024Q4").seed(3).build());
            out.printf("bench ingest: %,d synthetic cases, %d cores, max heap %d MB%n", cases,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            measure(out, "dry run (parse, recognize, anonymize, encode)", data, DryRunPublisher::new);
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
                Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
                TopicSetup.ensure(client, List.of(Topics.REPORTS, Topics.QUARANTINE), 6, (short) 1);
                measure(out, "into the in-JVM broker (acks=all, idempotent, lz4)", data, () -> new KafkaReportPublisher(client));
            }
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        out.flush();
        return 0;
    }

    private void measure(PrintWriter out, String label, Path data, java.util.function.Supplier<ReportPublisher> publishers) {
        double best = 0;
        for (int round = 0; round <= rounds; round++) {
            long t0 = System.nanoTime();
            IngestSummary s;
            try (ReportPublisher p = publishers.get()) {
                s = new IngestRun(InputFormat.faers, CaseKeyer.throwAway(), p).run(List.of(data), null, Long.MAX_VALUE);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = (s.accepted() + s.superseded()) / seconds;
            if (round > 0) {
                best = Math.max(best, rate);
                out.printf("  %s, round %d: %,.0f reports/s (%,d report versions, %.1f MB encoded, %.2f s)%n", label, round, rate,
                        s.accepted() + s.superseded(), s.bytes() / 1e6, seconds);
            }
        }
        out.printf("  %s: best %,.0f reports/s%n", label, best);
        out.flush();
    }
}
