package org.kratomwatch.app.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.AgeBand;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.KratomFlags;
import org.kratomwatch.avro.RecognitionMethod;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.KafkaReportPublisher;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.IngestSummary;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.app.SignalEngine;
import org.kratomwatch.streams.engine.EngineConfig;

/**
 * {@code kratomwatch bench engine}: the streaming engine end to end on an in-JVM broker with
 * exactly-once. Throughput: generated FAERS quarters are ingested first, then the engine is started
 * and timed until every report is counted, replicated and its watched pairs scored. Latency: with
 * the engine caught up, reports are produced at a steady rate, and every 100 ms one of them is a
 * probe (kratom with an event of its own); the time from producing it to its signal answering on
 * the query API is one latency sample.
 */
final class EngineBenchmark {

    private EngineBenchmark() {
    }

    static void run(PrintWriter out, long cases, int rate, int latencySeconds) throws IOException, InterruptedException,
            TimeoutException {
        Path work = Files.createTempDirectory("kratomwatch-bench-engine");
        try {
            Path data = work.resolve("faers");
            FaersGenerator.generate(GeneratorOptions.builder(data).reports(cases).quarters("2023Q1..2024Q4").seed(5).build());
            out.printf("bench engine: %,d synthetic cases, %d cores, max heap %d MB%n", cases,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            out.flush();
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
                Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
                TopicSetup.ensure(client, SignalEngine.topics(), 6, (short) 1);
                TopicSetup.ensure(client, List.of(Topics.QUARANTINE), 6, (short) 1);
                IngestSummary s;
                try (KafkaReportPublisher p = new KafkaReportPublisher(client)) {
                    s = new IngestRun(InputFormat.faers, CaseKeyer.throwAway(), p).run(List.of(data), null, Long.MAX_VALUE);
                }
                long versions = s.accepted() + s.superseded();
                out.printf("  ingested %,d report versions (%,d deletions) onto ae.reports.v1%n", versions, s.retracted());
                out.flush();
                SignalEngine.Settings settings = SignalEngine.Settings.local(client, work.resolve("state"))
                        .withPartitions(6).withThreads(2).withQuery("127.0.0.1", 0, null);
                EngineConfig config = EngineConfig.defaults().withIntervals(Duration.ofMillis(250), Duration.ofSeconds(60));
                long t0 = System.nanoTime();
                long cpu0 = processCpuNanos();
                try (SignalEngine engine = SignalEngine.start(settings, config)) {
                    engine.awaitRunning(Duration.ofMinutes(2));
                    engine.awaitIdle(Duration.ofHours(2));
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double cpu = (processCpuNanos() - cpu0) / 1e9;
                    out.printf("  throughput: %,d report versions counted, replicated and scored in %.1f s = %,.0f reports/s"
                            + " (exactly-once, 6 partitions, 2 stream threads)%n", versions, seconds, versions / seconds);
                    // CPU time of the whole process (broker included) is what the work costs; unlike
                    // wall time it hardly moves when something else shares the machine.
                    out.printf("  CPU: %.1f s for the whole JVM (broker included) = %.2f ms per report;"
                            + " %d cores at 100%% would sustain %,.0f reports/s%n", cpu, cpu * 1000 / versions,
                            Runtime.getRuntime().availableProcessors(),
                            versions / cpu * Runtime.getRuntime().availableProcessors());
                    out.printf("  state on disk: %.0f MB; heap used after GC: %d MB%n", size(work.resolve("state")) / 1e6,
                            heapAfterGc() >> 20);
                    out.flush();
                    latency(out, client, engine.queryPort(), rate, latencySeconds);
                }
            }
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void latency(PrintWriter out, Map<String, Object> client, int port, int rate, int seconds)
            throws InterruptedException, IOException {
        Map<String, Object> p = new java.util.HashMap<>(client);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Double> samples = Collections.synchronizedList(new ArrayList<>());
        // One poller sweeps the outstanding probes (oldest first), so that measuring does not load
        // the API more than a dashboard would.
        java.util.concurrent.ConcurrentLinkedQueue<long[]> outstanding = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean producing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (producing.get() || !outstanding.isEmpty()) {
                for (java.util.Iterator<long[]> it = outstanding.iterator(); it.hasNext();) {
                    long[] probe = it.next(); // {probe number, sent at}
                    String url = "http://127.0.0.1:" + port + "/signals/kratom/"
                            + URLEncoder.encode("latency probe " + probe[0], StandardCharsets.UTF_8).replace("+", "%20");
                    try {
                        HttpResponse<Void> res = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (res.statusCode() == 200) {
                            samples.add((System.nanoTime() - probe[1]) / 1e6);
                            it.remove();
                        } else if (System.nanoTime() - probe[1] > 30_000_000_000L) {
                            it.remove(); // not visible within 30 s: counted as missing
                        }
                    } catch (IOException e) {
                        it.remove();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "latency-poller");
        poller.setDaemon(true);
        poller.start();
        try (KafkaProducer<String, AdverseEventReport> producer = new KafkaProducer<>(p, new StringSerializer(),
                Topics.REPORTS.valueSerde().serializer())) {
            long start = System.nanoTime();
            long sent = 0;
            int probe = 0;
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                long due = start + sent * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                boolean isProbe = sent % Math.max(1, rate / 10) == 0;
                String event = isProbe ? "latency probe " + probe : "nausea";
                AdverseEventReport r = report("bench-" + sent, isProbe ? "kratom" : "ibuprofen", event);
                long sentAt = System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.REPORTS.name(), r.getCaseKey(), r));
                if (isProbe) {
                    producer.flush();
                    outstanding.add(new long[] {probe, sentAt});
                    probe++;
                }
                sent++;
            }
            producing.set(false);
            poller.join(40_000);
            List<Double> sorted = new ArrayList<>(samples);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                out.println("  latency: no probe became visible");
            } else {
                out.printf("  latency at %,d reports/s over %d s: %d probes (%d visible), median %.0f ms, p99 %.0f ms, max %.0f ms%n",
                        rate, seconds, probe, sorted.size(), sorted.get(sorted.size() / 2),
                        sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)),
                        sorted.get(sorted.size() - 1));
            }
            out.flush();
        }
    }

    private static AdverseEventReport report(String key, String substance, String event) {
        List<String> groups = substance.equals("kratom") ? List.of("kratom-related") : List.of();
        return AdverseEventReport.newBuilder().setCaseKey(key).setCaseVersion(1).setSource(Source.SYNTHETIC)
                .setReceivedMonth("2024-12").setDataPeriod("2024Q4").setAgeBand(AgeBand.UNKNOWN).setSex(Sex.UNKNOWN)
                .setReporterType(ReporterType.UNKNOWN).setReporterCountry(null).setSerious(false).setOutcomes(List.of())
                .setDrugs(List.of(Drug.newBuilder().setRawName(substance.toUpperCase()).setSubstance(substance)
                        .setSubstanceGroups(groups).setRole(DrugRole.PRIMARY_SUSPECT).setRecognition(RecognitionMethod.EXACT)
                        .build()))
                .setReactions(List.of(event))
                .setKratomFlags(KratomFlags.newBuilder().setAnyKratom(false).setLeafKratom(false).setSevenOh(false)
                        .setNarrativeMention(false).setEvidence(List.of()).build())
                .setIngestionRunId(null).setStratum(null).build();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
