package org.kratomwatch.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.app.reliability.ReliabilityReport;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;
import org.kratomwatch.ingest.synthetic.GroundTruth;
import org.kratomwatch.schemas.topic.Topics;

/**
 * The broker goes away in the middle of {@code kratomwatch ingest}: the ingestion (the real
 * command, its idempotent {@code acks=all} producer) runs in a thread; once a part of the input
 * is acknowledged the broker is shut down, kept down for a few seconds and started again on the
 * same port and data folder. The producer retries, the run completes, and the topics then hold
 * every record exactly once: each (case key, version) once, each deletion tombstone once, and the
 * totals equal the run's own published count and, independently, what the generator's ground
 * truth says the files hold.
 *
 * <p>And when the broker does not come back, the run fails, saying so, rather than reporting
 * success for records the broker never took (delivery timeout shortened for the test).
 *
 * <p>Figures to {@code target/reliability/broker-restart.md}.
 */
@Tag(ReliabilityReport.TAG)
class BrokerRestartDuringIngestTest {

    private static final long CASES = 60_000;
    /** How long the broker stays down (the fault, not an assertion). */
    private static final Duration OUTAGE = Duration.ofSeconds(3);

    @TempDir
    static Path shared;

    private static GroundTruth truth;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() throws Exception {
        truth = FaersGenerator.generate(GeneratorOptions.builder(shared.resolve("faers")).reports(CASES).quarters("2023Q1..2024Q4")
                .seed(11).followUpRate(0.3).deletionRate(0.05).malformedRate(0.002).build());
    }

    @Test
    void brokerRestartedMidIngestionNothingLostNothingDuplicated() throws Exception {
        ReliabilityReport report = new ReliabilityReport("broker-restart",
                "Broker restart in the middle of ingestion (idempotent producer, acks=all)");
        GroundTruth.Totals t = truth.totals();
        long expectedReports = t.reports() + t.deletedCases();
        long expectedQuarantine = t.malformedRows();
        long stopAt = expectedReports / 3;

        Path brokerDir = dir.resolve("broker");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir);
        int port = broker.port();
        String bootstrap = broker.bootstrapServers();
        Path summary = dir.resolve("summary.json");
        try {
            ProducerMetrics metrics = new ProducerMetrics("kratomwatch-ingest");
            long t0 = System.nanoTime();
            CompletableFuture<CliRun> ingest = CompletableFuture.supplyAsync(() -> CliRun.of("ingest", "faers",
                    shared.resolve("faers").toString(), "--bootstrap-server", bootstrap, "--create-key-file",
                    dir.resolve("key").toString(), "--partitions", "3", "--summary-json", summary.toString()));

            // wait for a third of the reports to be acknowledged (on the broker), then stop it
            long acknowledgedAtStop;
            try (Admin admin = admin(bootstrap)) {
                long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while ((acknowledgedAtStop = endOffsets(admin, Topics.REPORTS.name())) < stopAt) {
                    assertThat(ingest).as("ingestion ended before the broker was stopped").isNotDone();
                    assertThat(System.nanoTime()).as("%d records acknowledged in 3 min", acknowledgedAtStop).isLessThan(end);
                    metrics.sample();
                    Thread.sleep(10);
                }
            }
            double stoppedAt = (System.nanoTime() - t0) / 1e9;
            broker.close();
            long down = System.nanoTime();
            boolean runningDuringOutage = !ingest.isDone();
            assertThat(runningDuringOutage).as("ingestion still running when the broker went down").isTrue();
            long outageEnd = down + OUTAGE.toNanos();
            while (System.nanoTime() < outageEnd) {
                metrics.sample();
                Thread.sleep(50);
            }
            broker = EmbeddedKafkaBroker.start(brokerDir, port);
            double outage = (System.nanoTime() - down) / 1e9;
            assertThat(broker.port()).isEqualTo(port);

            CliRun run = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (run == null) {
                assertThat(System.nanoTime()).as("ingestion not finished 5 min after the restart").isLessThan(deadline);
                metrics.sample();
                try {
                    run = ingest.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still running
                }
            }
            double total = (System.nanoTime() - t0) / 1e9;
            Matcher m = Pattern.compile("\"published\"\\s*:\\s*(\\d+)").matcher(
                    Files.exists(summary) ? Files.readString(summary, StandardCharsets.UTF_8) : "");
            long published = m.find() ? Long.parseLong(m.group(1)) : -1;

            // read everything back and look for duplicates and gaps
            Map<String, Integer> versions = new HashMap<>();
            Map<String, Integer> tombstones = new HashMap<>();
            List<ConsumerRecord<String, byte[]>> reports = readAll(broker.bootstrapServers(), Topics.REPORTS.name());
            for (ConsumerRecord<String, byte[]> r : reports) {
                if (r.value() == null) {
                    tombstones.merge(r.key(), 1, Integer::sum);
                } else {
                    AdverseEventReport a = Topics.REPORTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    assertThat(a.getCaseKey()).isEqualTo(r.key());
                    versions.merge(r.key() + "#" + a.getCaseVersion(), 1, Integer::sum);
                }
            }
            long duplicates = versions.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum()
                    + tombstones.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
            long quarantined = readAll(broker.bootstrapServers(), Topics.QUARANTINE.name()).size();
            long onTopics = reports.size() + quarantined;
            long lost = Math.max(0, t.reports() - versions.size()) + Math.max(0, t.deletedCases() - tombstones.size())
                    + Math.max(0, expectedQuarantine - quarantined);

            report.figure("input", String.format(Locale.ROOT, "%,d generated cases (2023Q1..2024Q4): %,d report versions,"
                    + " %,d deletions, %,d malformed rows", t.cases(), t.reports(), t.deletedCases(), t.malformedRows()))
                    .figure("runs", 1)
                    .figure("faults injected", String.format(Locale.ROOT, "1 broker shutdown at %.1f s into the run, after"
                            + " %,d of %,d report records were acknowledged; down %.1f s (%.1f s outage + start-up),"
                            + " restarted on the same port %d and data folder", stoppedAt, acknowledgedAtStop,
                            expectedReports, outage, OUTAGE.toMillis() / 1000.0, port))
                    .figure("producer during the run (JMX metrics of kratomwatch-ingest, sampled every 10-100 ms while it"
                            + " was open, so lower bounds)", String.format(Locale.ROOT,
                            "%,.0f records retried, %,.0f records failed, %,.0f records sent", metrics.max("record-retry-total"),
                            metrics.max("record-error-total"), metrics.max("record-send-total")))
                    .figure("ingest exit status", run.status())
                    .figure("records published (the run's summary)", published)
                    .figure("records expected (ground truth: versions + deletions + malformed rows)",
                            expectedReports + expectedQuarantine)
                    .figure("records checked on the topics (ae.reports.v1 + ae.quarantine.v1)", onTopics)
                    .figure("distinct (case key, version) on ae.reports.v1 / expected", String.format(Locale.ROOT, "%,d / %,d",
                            versions.size(), t.reports()))
                    .figure("tombstones (distinct keys) / expected", String.format(Locale.ROOT, "%,d / %,d", tombstones.size(),
                            t.deletedCases()))
                    .figure("duplicates found", duplicates)
                    .figure("records lost", lost)
                    .figure("run time (ingestion, outage included)", String.format(Locale.ROOT, "%.1f s", total));
            report.write();

            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("published");
            assertThat(duplicates).isZero();
            assertThat(lost).isZero();
            assertThat(versions).hasSize((int) t.reports());
            assertThat(tombstones).hasSize((int) t.deletedCases());
            assertThat((long) reports.size()).isEqualTo(expectedReports);
            assertThat(quarantined).isEqualTo(expectedQuarantine);
            assertThat(published).isEqualTo(onTopics).isEqualTo(expectedReports + expectedQuarantine);
            assertThat(metrics.max("record-error-total")).isZero();
        } finally {
            broker.close();
        }
    }

    @Test
    void brokerThatStaysDownFailsTheRunLoudly() throws Exception {
        ReliabilityReport report = new ReliabilityReport("broker-down",
                "Broker gone for good in the middle of ingestion: the run must fail, saying so");
        Path config = dir.resolve("client.properties");
        // delivery.timeout.ms >= linger.ms + request.timeout.ms, as the producer requires
        Files.writeString(config, "delivery.timeout.ms=6000\nrequest.timeout.ms=3000\nmax.block.ms=6000\n",
                StandardCharsets.UTF_8);
        long expectedReports = truth.totals().reports() + truth.totals().deletedCases();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"));
        try {
            String bootstrap = broker.bootstrapServers();
            Path summary = dir.resolve("summary.json");
            long t0 = System.nanoTime();
            CompletableFuture<CliRun> ingest = CompletableFuture.supplyAsync(() -> CliRun.of("ingest", "faers",
                    shared.resolve("faers").toString(), "--bootstrap-server", bootstrap, "--kafka-config", config.toString(),
                    "--create-key-file", dir.resolve("key").toString(), "--partitions", "3", "--summary-json",
                    summary.toString()));
            long acknowledged;
            try (Admin admin = admin(bootstrap)) {
                long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while ((acknowledged = endOffsets(admin, Topics.REPORTS.name())) < expectedReports / 10) {
                    assertThat(ingest).as("ingestion ended before the broker was stopped").isNotDone();
                    assertThat(System.nanoTime()).isLessThan(end);
                    Thread.sleep(10);
                }
            }
            broker.close();
            long down = System.nanoTime();
            CliRun run = ingest.get(3, TimeUnit.MINUTES);
            double failedAfter = (System.nanoTime() - down) / 1e9;
            report.figure("fault injected", String.format(Locale.ROOT, "broker shut down %.1f s into the run after %,d of"
                    + " %,d report records were acknowledged, not restarted", (down - t0) / 1e9, acknowledged, expectedReports))
                    .figure("producer settings for the test", "delivery.timeout.ms=6000, request.timeout.ms=3000,"
                            + " max.block.ms=6000")
                    .figure("ingest exit status", run.status())
                    .figure("run ended after the broker went down", String.format(Locale.ROOT, "%.1f s", failedAfter))
                    .figure("error message", "`" + run.err().strip().replace('\n', ' ') + "`")
                    .figure("summary written", Files.exists(summary));
            report.write();

            assertThat(run.status()).as(run.out() + run.err()).isNotZero();
            assertThat(run.err()).contains("Kafka at " + bootstrap).contains("publishing to Kafka failed");
            assertThat(run.out()).doesNotContain("published");
            assertThat(summary).doesNotExist();
        } finally {
            broker.close();
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    /** Sum of the end offsets of a topic's partitions (what the broker has acknowledged); 0 before it exists. */
    private static long endOffsets(Admin admin, String topic) throws InterruptedException {
        try {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(i -> i.offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e, e);
        }
    }

    /** Every record of a topic, from the beginning to its end offsets now. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) throws InterruptedException {
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, i) -> ends.put(tp, i.offset()));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e, e);
        }
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            c.assign(ends.keySet());
            c.seekToBeginning(ends.keySet());
            Set<TopicPartition> open = new HashSet<>(ends.keySet());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end " + ends);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r);
                }
                open.removeIf(tp -> c.position(tp) >= ends.get(tp));
            }
        }
        return out;
    }

    /**
     * The ingest producer's cumulative metrics, read over JMX while it exists (the command closes
     * it when it ends), keeping the highest value seen.
     */
    private static final class ProducerMetrics {
        private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        private final ObjectName name;
        private final Map<String, Double> max = new HashMap<>();

        ProducerMetrics(String clientId) throws Exception {
            this.name = new ObjectName("kafka.producer:type=producer-metrics,client-id=" + clientId);
        }

        void sample() {
            for (String a : List.of("record-retry-total", "record-error-total", "record-send-total")) {
                try {
                    Object v = server.getAttribute(name, a);
                    if (v instanceof Number n) {
                        max.merge(a, n.doubleValue(), Math::max);
                    }
                } catch (Exception e) {
                    // not registered (yet, or any more)
                }
            }
        }

        double max(String attribute) {
            return max.getOrDefault(attribute, 0.0);
        }
    }
}
