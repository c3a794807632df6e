package org.kratomwatch.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.KafkaReportPublisher;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.report.PeriodicReport;
import org.kratomwatch.report.model.ReportModel;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.stats.mgps.MgpsHyperparameters;
import org.kratomwatch.stats.score.Numbers;
import org.kratomwatch.streams.app.SignalEngine;
import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.query.SignalJson;

/**
 * End to end: generated FAERS quarters with planted kratom signals, ingested into an in-JVM broker
 * and counted and scored by the streaming engine with its query API; then {@code kratomwatch
 * report} on it. The report's table carries the engine's numbers unchanged, its case series add up
 * to the engine's counts and hold no case key, the topics give the same table as the API, and an
 * earlier period comes from the history.
 */
class ReportFromEngineTest {

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static SignalEngine engine;
    private static String api;
    private static String bootstrap;
    private static String latest;

    @BeforeAll
    static void runEngine() throws Exception {
        Path faers = dir.resolve("faers");
        CliRun g = CliRun.of("generate", "faers", "--reports", "3000", "--quarters", "2024Q1..2024Q4", "--out",
                faers.toString(), "--seed", "5", "--malformed-rate", "0");
        assertThat(g.status()).as(g.err()).isZero();
        broker = EmbeddedKafkaBroker.start(dir.resolve("broker"));
        bootstrap = broker.bootstrapServers();
        Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
        EngineConfig config = EngineConfig.defaults().withIntervals(Duration.ofSeconds(1), Duration.ofDays(1));
        engine = SignalEngine.start(SignalEngine.Settings.local(client, dir.resolve("state")).withQuery("127.0.0.1", 0, null),
                config);
        TopicSetup.ensure(client, List.of(Topics.REPORTS, Topics.QUARANTINE), 3, (short) 1);
        try (KafkaReportPublisher publisher = new KafkaReportPublisher(client)) {
            new IngestRun(InputFormat.faers, CaseKeyer.throwAway(), publisher).run(List.of(faers), (a, b, c) -> { }, 10_000);
        }
        engine.awaitRunning(Duration.ofMinutes(2));
        engine.awaitIdle(Duration.ofMinutes(10));
        // a fixed prior, so that EBGM does not depend on a fit of near-null synthetic data
        engine.useHyperparameters(new MgpsHyperparameters(0.2041, 0.05816, 1.415, 1.838, 0.0969), "2024Q4");
        engine.awaitIdle(Duration.ofMinutes(10));
        api = "http://127.0.0.1:" + engine.queryPort();
        latest = engine.localSignals().stream().map(DisproportionalitySignal::getPeriod).max(String::compareTo).orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void reportFromTheQueryApiCarriesTheEnginesNumbers() throws Exception {
        Path out = dir.resolve("api");
        CliRun r = CliRun.of("report", "--from-api", api, "--bootstrap-server", bootstrap, "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Periodic signal report " + latest).contains(PeriodicReport.htmlName(latest));
        assertThat(latest).isEqualTo("2024Q4");

        // every cumulative row of the report's table is the engine's record, number for number
        Map<String, JsonNode> engineRecords = new HashMap<>();
        for (JsonNode s : get("/signals?scope=CUMULATIVE&limit=10000").get("signals")) {
            engineRecords.put(s.get("substance").asText() + "|" + s.get("event").asText() + "|" + s.get("comparator").asText(), s);
        }
        List<CSVRecord> rows = csv(out.resolve("kratomwatch-report-2024Q4-signals.csv"));
        assertThat(rows).hasSize(engineRecords.size());
        assertThat(rows).anySatisfy(row -> assertThat(row.get("signals")).isNotEmpty()); // planted kratom signals fire
        for (CSVRecord row : rows) {
            JsonNode s = engineRecords.get(row.get("substance") + "|" + row.get("event") + "|" + row.get("comparator"));
            assertThat(s).as(row.toString()).isNotNull();
            assertThat(row.get("a")).isEqualTo(s.get("a").asText());
            for (String[] c : new String[][] {{"ror", "ror"}, {"ror_lo95", "rorLower95"}, {"ic025", "ic025"},
                {"eb05", "eb05"}, {"prr", "prr"}, {"expected", "expected"}}) {
                assertThat(row.get(c[0])).as(row.get("event") + " " + c[0]).isEqualTo(Numbers.format(SignalJson.number(s.get(c[1]))));
            }
            assertThat(row.get("state")).isEqualTo(s.get("state").asText());
        }

        // case series: one per shown row, each adding up to the row's a; no case key anywhere
        List<CSVRecord> cases = csv(out.resolve("kratomwatch-report-2024Q4-case-series.csv"));
        List<CSVRecord> totals = cases.stream().filter(c -> c.get("dimension").equals("total")).toList();
        assertThat(totals).isNotEmpty();
        for (CSVRecord t : totals) {
            CSVRecord row = rows.stream().filter(x -> x.get("substance").equals(t.get("substance"))
                    && x.get("event").equals(t.get("event")) && x.get("comparator").equals("all")).findFirst().orElseThrow();
            assertThat(t.get("cases")).as(t.get("substance") + " × " + t.get("event")).isEqualTo(row.get("a"));
        }
        List<String> caseKeys = caseKeys();
        assertThat(caseKeys).hasSizeGreaterThan(100);
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                assertThat(caseKeys).as(f.getFileName().toString()).noneMatch(text::contains);
            }
        }
        String html = Files.readString(out.resolve(PeriodicReport.htmlName("2024Q4")));
        assertThat(html).contains("query API " + api).contains("ae.reports.v1: 3 partitions")
                .doesNotContain("the signal record has a =");
    }

    @Test
    void theSameInputGivesTheSameReportAndTheTopicsTheSameTable() throws Exception {
        Path a = dir.resolve("again-a");
        Path b = dir.resolve("again-b");
        Path topic = dir.resolve("topic");
        for (Path out : List.of(a, b)) {
            CliRun r = CliRun.of("report", "--from-api", api, "--period", "2024Q4", "--no-case-series", "--out", out.toString());
            assertThat(r.status()).as(r.err()).isZero();
        }
        for (String name : PeriodicReport.csvFiles("2024Q4")) {
            assertThat(Files.readAllBytes(b.resolve(name))).as(name).isEqualTo(Files.readAllBytes(a.resolve(name)));
        }
        assertThat(Files.readAllBytes(b.resolve(PeriodicReport.htmlName("2024Q4"))))
                .isEqualTo(Files.readAllBytes(a.resolve(PeriodicReport.htmlName("2024Q4"))));

        CliRun t = CliRun.of("report", "--from-topic", "--bootstrap-server", bootstrap, "--period", "2024Q4", "--out", topic.toString());
        assertThat(t.status()).as(t.err()).isZero();
        List<CSVRecord> fromApi = csv(a.resolve("kratomwatch-report-2024Q4-signals.csv"));
        List<CSVRecord> fromTopic = csv(topic.resolve("kratomwatch-report-2024Q4-signals.csv"));
        assertThat(fromTopic).extracting(CSVRecord::toList).containsExactlyElementsOf(fromApi.stream().map(CSVRecord::toList).toList());
        assertThat(Files.readString(topic.resolve(PeriodicReport.htmlName("2024Q4")))).contains("ae.signals.v1: 3 partitions");
    }

    @Test
    void anEarlierPeriodComesFromTheHistory() throws Exception {
        ReportModel model = PeriodicReports.fromQueryApi(URI.create(api), "2024Q2", null);
        assertThat(model.signals()).isNotEmpty().allMatch(s -> s.getPeriod().equals("2024Q2"));
        JsonNode history = get("/signals/kratom-related/withdrawal/history");
        JsonNode q2 = null;
        for (JsonNode h : history.get("history")) {
            if (h.get("period").asText().equals("2024Q2") && h.get("scope").asText().equals("CUMULATIVE")
                    && h.get("comparator").asText().equals("all")) {
                q2 = h;
            }
        }
        assertThat(q2).isNotNull();
        JsonNode expected = q2;
        assertThat(model.signals()).filteredOn(s -> s.getSubstance().equals("kratom-related") && s.getEvent().equals("withdrawal")
                && s.getComparator().equals("all") && s.getScope() == Scope.CUMULATIVE)
                .singleElement().satisfies(s -> {
                    assertThat(s.getA()).isEqualTo(expected.get("a").asLong());
                    assertThat(s.getRorLower95()).isEqualTo(SignalJson.number(expected.get("rorLower95")));
                });
        Path out = dir.resolve("q2");
        CliRun r = CliRun.of("report", "--from-api", api, "--period", "2024Q2", "--out", out.toString(), "--format", "html");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve(PeriodicReport.htmlName("2024Q2")))).contains("2024-06-30");
    }

    @Test
    void userMistakesAreOneLineErrors() {
        CliRun future = CliRun.of("report", "--from-api", api, "--period", "2031Q1", "--out", dir.resolve("x").toString());
        assertThat(future.status()).isEqualTo(2);
        assertThat(future.err().strip()).isEqualTo("kratomwatch report: error: no data for 2031Q1 yet: the engine's latest period is 2024Q4");
        CliRun format = CliRun.of("report", "--from-api", api, "--format", "html,docx");
        assertThat(format.err().strip()).isEqualTo("kratomwatch report: error: --format: unknown report format 'docx' (known: html, csv, pdf)");
        CliRun period = CliRun.of("report", "--from-api", api, "--period", "Q4-2024");
        assertThat(period.err().strip()).isEqualTo("kratomwatch report: error: --period: expected a quarter like 2024Q4, got 'Q4-2024'");
        CliRun down = CliRun.of("report", "--from-api", "http://127.0.0.1:1");
        assertThat(down.status()).isEqualTo(2);
        assertThat(down.err().strip()).startsWith("kratomwatch report: error: cannot reach the query API at http://127.0.0.1:1")
                .doesNotContain("\n");
    }

    private static List<String> caseKeys() {
        List<String> keys = new java.util.ArrayList<>();
        org.kratomwatch.app.report.TopicSnapshot.read(Map.of("bootstrap.servers", bootstrap), Topics.REPORTS,
                Duration.ofSeconds(30), (k, v) -> keys.add(k));
        return keys;
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return SignalJson.MAPPER.readTree(r.body());
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }
}
