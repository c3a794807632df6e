package org.kratomwatch.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.app.reliability.ReliabilityReport;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;
import org.kratomwatch.ingest.synthetic.GroundTruth;
import org.kratomwatch.ingest.synthetic.GroundTruth.PlantedIdentifier;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.app.SignalEngine;
import org.kratomwatch.streams.engine.EngineConfig;

/**
 * After a whole demo-like run, no planted identifier is anywhere: generated FAERS with fake
 * names, e-mails, phone numbers, dates of birth, initials and record numbers in every free-text
 * field (and malformed rows that carry them into quarantine) is ingested into a broker of its
 * own, the streaming engine counts, fits the prior and scores to idle and is closed; then
 *
 * <ul>
 *   <li>every topic the broker has (internal ones too: the engine's changelog and repartition
 *       topics, {@code ae.dlq.v1}, {@code ae.quarantine.v1}, {@code __consumer_offsets},
 *       {@code __transaction_state}) is read from its start, read_uncommitted, and every key,
 *       value, header key and header value scanned;</li>
 *   <li>the broker is closed and every record of every log segment file (the KRaft metadata log,
 *       records below a log start offset and aborted records included) is decoded, decompressed,
 *       and scanned: ingestion compresses with lz4, so the raw segment bytes alone would hide its
 *       text;</li>
 *   <li>every file under the broker's data folder and the engine's state folder is scanned byte
 *       for byte. RocksDB is written uncompressed by Kafka Streams ({@code NO_COMPRESSION}, no
 *       config setter here): every store's {@code OPTIONS} file is checked to say so, so the raw
 *       SST bytes are the stored text.</li>
 * </ul>
 *
 * <p>The scanner is checked first on the generator's {@code ground-truth.json}, which lists every
 * planted identifier in plain text: it must find all of them there. Figures to
 * {@code target/reliability/planted-identifiers.md}.
 */
@Tag(ReliabilityReport.TAG)
class PlantedIdentifierScanTest {

    @TempDir
    Path dir;

    @Test
    void noPlantedIdentifierInAnyTopicOrAnyFileAfterADemoRun() throws Exception {
        ReliabilityReport report = new ReliabilityReport("planted-identifiers",
                "Planted identifiers: every byte of every topic and of the broker's and the engine's folders after a demo run");
        Path faers = dir.resolve("faers");
        GroundTruth truth = FaersGenerator.generate(GeneratorOptions.builder(faers).reports(4000).quarters("2023Q1..2024Q4")
                .seed(7).identifierCases(300).malformedRate(0.01).build());
        List<PlantedIdentifier> planted = truth.plantedIdentifiers();
        // the scan ignores case ("Jane Roe" and "JANE ROE" are one identifier to look for)
        Map<String, String> kindOf = new TreeMap<>();
        planted.forEach(p -> kindOf.merge(p.value().toUpperCase(Locale.ROOT), p.kind(), (a, b) -> a.equals(b) ? a : a + "/" + b));
        IdentifierScanner scanner = new IdentifierScanner(kindOf.keySet());

        // the scanner finds every identifier where they are known to be
        Set<String> control = new HashSet<>();
        scanner.scanFile(faers.resolve(GroundTruth.FILE_NAME), control);
        Set<String> notFound = new TreeSet<>(kindOf.keySet());
        notFound.removeAll(control);
        assertThat(notFound).as("identifiers not found in ground-truth.json").isEmpty();

        Map<String, Set<String>> leaks = new LinkedHashMap<>(); // where -> identifiers
        Path brokerDir = dir.resolve("broker");
        Path stateDir = dir.resolve("state");
        long topicsScanned;
        long partitionsScanned = 0;
        long recordsScanned = 0;
        long recordBytes;
        List<String> topicNames;
        String ingestLine;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir)) {
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            EngineConfig config = EngineConfig.defaults().withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(5));
            // The input is ingestion's to create, as in the demo; the engine waits for it otherwise.
            TopicSetup.ensure(client, List.of(Topics.REPORTS), 3, (short) 1);
            try (SignalEngine engine = SignalEngine.start(SignalEngine.Settings.local(client, stateDir).withQuery(null, 0, null),
                    config)) {
                engine.awaitRunning(Duration.ofMinutes(2));
                CliRun ingest = CliRun.of("ingest", "faers", faers.toString(), "--bootstrap-server", broker.bootstrapServers(),
                        "--create-key-file", dir.resolve("key").toString(), "--partitions", "3");
                assertThat(ingest.status()).as(ingest.err()).isZero();
                ingestLine = ingest.out().strip();
                engine.awaitIdle(Duration.ofMinutes(5));
                // a fitted prior and the signals scored with it, as in a demo
                assertThat(engine.refitNow()).isNotEmpty();
                engine.awaitIdle(Duration.ofMinutes(5));
            }

            // every topic, read_uncommitted, from the start
            long before = scanner.bytesScanned();
            try (Admin admin = Admin.create(client)) {
                topicNames = new ArrayList<>(new TreeSet<>(admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                        .get(30, TimeUnit.SECONDS)));
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (var d : admin.describeTopics(topicNames).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                    d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
                }
                Map<TopicPartition, Long> ends = new HashMap<>();
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, i) -> ends.put(tp, i.offset()));
                partitionsScanned = ends.size();
                try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    c.assign(ends.keySet());
                    c.seekToBeginning(ends.keySet());
                    Set<TopicPartition> open = new HashSet<>(ends.keySet());
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                    while (!open.isEmpty()) {
                        assertThat(System.nanoTime()).as("topics not read to their ends %s", open).isLessThan(deadline);
                        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                            recordsScanned++;
                            Set<String> found = new HashSet<>();
                            scanner.scan(r.key(), found);
                            scanner.scan(r.value(), found);
                            for (Header h : r.headers()) {
                                scanner.scan(h.key().getBytes(StandardCharsets.UTF_8), found);
                                scanner.scan(h.value(), found);
                            }
                            if (!found.isEmpty()) {
                                leaks.computeIfAbsent("topic " + r.topic() + "-" + r.partition() + " offset " + r.offset(),
                                        k -> new TreeSet<>()).addAll(found);
                            }
                        }
                        open.removeIf(tp -> c.position(tp) >= ends.get(tp));
                    }
                }
            }
            topicsScanned = topicNames.size();
            recordBytes = scanner.bytesScanned() - before;
        } // broker closed: its files are complete

        // every log segment, decoded
        LogSegments.Tally segments = new LogSegments.Tally();
        List<Path> brokerFiles = files(brokerDir);
        for (Path f : brokerFiles) {
            if (f.getFileName().toString().endsWith(".log")) {
                Set<String> found = new HashSet<>();
                LogSegments.scan(f, scanner, found, segments);
                if (!found.isEmpty()) {
                    leaks.computeIfAbsent("decoded segment " + brokerDir.relativize(f), k -> new TreeSet<>()).addAll(found);
                }
            }
        }

        // every file, raw
        List<Path> stateFiles = files(stateDir);
        long fileBytes = 0;
        for (Path f : Stream.concat(brokerFiles.stream(), stateFiles.stream()).toList()) {
            Set<String> found = new HashSet<>();
            scanner.scanFile(f, found);
            fileBytes += Files.size(f);
            if (!found.isEmpty()) {
                leaks.computeIfAbsent("file " + dir.relativize(f), k -> new TreeSet<>()).addAll(found);
            }
        }

        // RocksDB writes what it is given: no compression in any store
        Map<String, Long> compression = new TreeMap<>();
        List<Path> options = stateFiles.stream().filter(f -> f.getFileName().toString().startsWith("OPTIONS-")).toList();
        Set<Path> stores = new HashSet<>();
        Pattern setting = Pattern.compile("^\\s*(compression|bottommost_compression|compression_per_level)=(.*)$",
                Pattern.MULTILINE);
        for (Path o : options) {
            stores.add(o.getParent());
            Matcher m = setting.matcher(Files.readString(o, StandardCharsets.ISO_8859_1));
            while (m.find()) {
                compression.merge(m.group(1) + "=" + m.group(2).strip(), 1L, Long::sum);
            }
        }

        Map<String, Long> byKind = planted.stream().collect(Collectors.groupingBy(PlantedIdentifier::kind, TreeMap::new,
                Collectors.mapping(PlantedIdentifier::value, Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
        List<String> internal = topicNames.stream().filter(n -> n.startsWith("__") || n.startsWith("kratomwatch-signals-")).toList();
        long leaksTotal = leaks.values().stream().mapToLong(Set::size).sum();
        report.figure("input", String.format(Locale.ROOT, "%,d generated cases (2023Q1..2024Q4), %,d report versions, %,d"
                + " malformed rows; %,d cases with planted identifiers", truth.totals().cases(), truth.totals().reports(),
                truth.totals().malformedRows(), planted.stream().mapToLong(PlantedIdentifier::caseid).distinct().count()))
                .figure("ingestion", "`" + ingestLine + "`")
                .figure("identifiers planted", String.format(Locale.ROOT, "%,d strings in the files, %,d distinct values"
                        + " (ignoring case) %s",
                        planted.size(), kindOf.size(), byKind))
                .figure("scanner control (ground-truth.json)", String.format(Locale.ROOT, "%,d of %,d found", control.size(),
                        kindOf.size()))
                .figure("topics scanned", String.format(Locale.ROOT, "%d (%d partitions), of which internal: %s; all: %s",
                        topicsScanned, partitionsScanned, internal, topicNames))
                .figure("records scanned (keys, values, headers; read_uncommitted)", recordsScanned)
                .figure("record bytes scanned", recordBytes)
                .figure("log segments decoded", String.format(Locale.ROOT, "%,d segments, %,d batches %s, %,d records,"
                        + " %,d key and value bytes after decompression", segments.segments, segments.batches,
                        segments.batchesByCompression, segments.records, segments.bytes))
                .figure("files scanned raw", String.format(Locale.ROOT, "%,d (%,d broker, %,d engine state), %,d bytes",
                        brokerFiles.size() + stateFiles.size(), brokerFiles.size(), stateFiles.size(), fileBytes))
                .figure("RocksDB stores (OPTIONS files) and their compression settings", String.format(Locale.ROOT,
                        "%d stores, %d OPTIONS files: %s", stores.size(), options.size(), compression))
                .figure("leaks found", leaksTotal);
        leaks.entrySet().stream().limit(20).forEach(e -> report.note("LEAK in " + e.getKey() + ": "
                + e.getValue().stream().map(v -> kindOf.get(v) + " " + v).toList()));
        report.write();

        assertThat(topicNames).contains(Topics.REPORTS.name(), Topics.QUARANTINE.name(), Topics.DLQ.name(),
                Topics.SIGNALS.name(), Topics.HYPERPARAMETERS.name(), "__consumer_offsets", "__transaction_state");
        assertThat(topicNames).anyMatch(n -> n.endsWith("-changelog")).anyMatch(n -> n.endsWith("-repartition"));
        assertThat(recordsScanned).isGreaterThan(truth.totals().reports());
        assertThat(segments.batchesByCompression).containsKey("lz4");
        assertThat(options).isNotEmpty();
        assertThat(compression.keySet()).allMatch(s -> s.equals("compression=kNoCompression")
                || s.equals("bottommost_compression=kDisableCompressionOption") || s.equals("compression_per_level="));
        assertThat(leaks).as("planted identifiers found").isEmpty();
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
