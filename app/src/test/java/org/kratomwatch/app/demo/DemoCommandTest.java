package org.kratomwatch.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.KratomWatch;
import org.kratomwatch.app.pipeline.SignalTable;
import org.kratomwatch.report.PeriodicReport;
import org.kratomwatch.schemas.Terms;
import org.kratomwatch.stats.SharedData;

/**
 * {@code kratomwatch demo} as a user runs it: its own JVM (so that everything it writes to the
 * terminal is seen, logs included), an in-JVM broker in a data folder that a second run reuses.
 */
class DemoCommandTest {

    /** Log lines as logback, Kafka or a stack trace would print them. */
    private static final Pattern LOG_LINE = Pattern.compile(
            "\\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR)\\b|Exception|^\\s+at |SLF4J|log4j");
    private static final Pattern API = Pattern.compile("query API on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern LAST_QUARTER = Pattern.compile("(?m)^2024Q4 .*-> ([\\d,]+) cases");
    private static final List<String> SMALL = List.of("--cases", "3000", "--quarters", "2023Q1..2024Q4", "--port", "0");

    @TempDir
    Path dir;

    /**
     * Finds planted signals, leaves signals.csv and planted.json that agree with each other and
     * with {@code pipeline} on the same files; a second run in the same data folder starts from
     * empty topics, serves the API and stops cleanly on SIGTERM (what Ctrl-C sends, as INT).
     */
    @Test
    void findsPlantedSignalsCleanlyAndRunsAgainInTheSameFolder() throws Exception {
        Path data = dir.resolve("data");
        Path out1 = dir.resolve("out1");
        List<String> args = new ArrayList<>(List.of("demo", "--exit-when-done", "--data-dir", data.toString(), "--out",
                out1.toString()));
        args.addAll(SMALL);
        Run first = run("first", args);
        assertThat(first.status).as(first.all()).isZero();
        assertClean(first);
        assertThat(first.out).contains("Full log: " + data.resolve("kratomwatch.log"))
                .contains("(first signal on screen ").contains("Found ").contains("NEW    kratom x ");
        assertThat(Files.readString(data.resolve("kratomwatch.log"))).contains("Kafka Server started").contains(" INFO ");

        List<CSVRecord> signals = readCsv(out1.resolve("signals.csv"));
        assertThat(Files.readAllLines(out1.resolve("signals.csv")).get(0)).isEqualTo(String.join(",", SignalTable.header()));
        assertThat(signals).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("scope")).isEqualTo("CUMULATIVE");
            assertThat(r.get("comparator")).isEqualTo("all");
            assertThat(r.get("period")).isEqualTo("2024Q4");
        });
        assertPlantedAgreesWithSignals(out1.resolve("planted.json"), signals);

        // A periodic report for each completed quarter, and the dashboard's address.
        assertThat(first.out).contains("Dashboard: http://127.0.0.1:").contains("one per quarter: " + out1.resolve("reports"));
        for (String quarter : List.of("2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4")) {
            Path html = out1.resolve("reports").resolve(quarter).resolve(PeriodicReport.htmlName(quarter));
            assertThat(html).as("report of %s", quarter).exists();
            assertThat(Files.readString(html)).contains(quarter).contains("<svg");
        }
        List<CSVRecord> reported = readCsv(out1.resolve("reports/2024Q4").resolve(PeriodicReport.baseName("2024Q4") + "-signals.csv"));
        assertThat(reported).as("the last report's signal table").isNotEmpty();

        // Not data leakage: the numbers are the engine's over the files alone, as 'pipeline' computes them.
        Path pipeline = dir.resolve("pipeline.csv");
        CliRun p = CliRun.of("pipeline", "--source", "faers", "--input", out1.resolve("faers").toString(), "--export",
                pipeline.toString(), "--data-dir", dir.resolve("pipeline-data").toString());
        assertThat(p.status()).as(p.err()).isZero();
        assertThat(Files.readString(out1.resolve("signals.csv"))).isEqualTo(Files.readString(pipeline));

        // Second run, same folder: the broker's data is reused, the previous run's topics are not.
        Path out2 = dir.resolve("out2");
        List<String> again = new ArrayList<>(List.of("demo", "--data-dir", data.toString(), "--out", out2.toString()));
        again.addAll(SMALL);
        Process second = start("second", again);
        String serving = awaitOutput("second", "Serving until Ctrl-C.", second);
        Matcher api = API.matcher(serving);
        assertThat(api.find()).as(serving).isTrue();
        HttpClient http = HttpClient.newHttpClient();
        assertThat(get(http, api.group(1) + "/health")).contains("RUNNING");
        JsonNode kratom = new ObjectMapper().readTree(get(http, api.group(1) + "/signals?substance=kratom&limit=5"));
        assertThat(kratom.get("count").asInt()).isPositive();
        second.destroy(); // SIGTERM: the shutdown hook stops the API and streams, then the broker
        assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
        Run secondRun = collect("second", second.exitValue());
        assertClean(secondRun);
        assertThat(secondRun.out).contains("Stopping (query API and streams, then the broker)").endsWith("Stopped.\n");
        assertThat(lastQuarterCases(secondRun.out)).isEqualTo(lastQuarterCases(first.out));
        assertThat(secondRun.out).contains("NEW    kratom x ");
        assertThat(Files.readString(out2.resolve("signals.csv"))).isEqualTo(Files.readString(out1.resolve("signals.csv")));
    }

    /** The user's own files: FDA's quarterly zips (a sample of real rows, without kratom), one quarter at a time. */
    @Test
    void runsOnTheUsersFaersZipsQuarterByQuarter() throws Exception {
        Path sample = SharedData.require("faers-ascii-sample/yunuuuu-faers_2004q1_2017q2");
        Path out = dir.resolve("out");
        Run r = run("input", List.of("demo", "--exit-when-done", "--port", "0", "--data-dir", dir.resolve("data").toString(),
                "--out", out.toString(), "--source", "faers", "--input", sample.resolve("faers_ascii_2017q2.zip").toString(),
                sample.resolve("aers_ascii_2004q1.zip").toString()));
        assertThat(r.status).as(r.all()).isZero();
        assertClean(r);
        assertThat(r.out).containsSubsequence("\n2004Q1  +100 report versions", "\n2017Q2  +100 report versions",
                "Kratom signals at the end (0").doesNotContain("Planted");
        assertThat(Files.readAllLines(out.resolve("signals.csv"))).containsExactly(String.join(",", SignalTable.header()));
        assertThat(out.resolve("planted.json")).doesNotExist();
    }

    @Test
    void mistakesAreOneLineErrorsBeforeAnythingStarts() {
        CliRun noSource = CliRun.of("demo", "--input", dir.toString(), "--data-dir", dir.resolve("d").toString());
        assertThat(noSource.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(noSource.err()).isEqualTo("kratomwatch demo: error: --input needs --source faers|openfda|caers|e2b\n");
        CliRun missing = CliRun.of("demo", "--source", "faers", "--input", dir.resolve("none.zip").toString(), "--data-dir",
                dir.resolve("d").toString(), "--port", "0");
        assertThat(missing.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(missing.err()).isEqualTo("kratomwatch demo: error: " + dir.resolve("none.zip") + ": no such file or folder\n");
        CliRun quarters = CliRun.of("demo", "--quarters", "2024Q4..2023Q1", "--data-dir", dir.resolve("d").toString(), "--port", "0");
        assertThat(quarters.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(quarters.err()).startsWith("kratomwatch demo: error: ").doesNotContain("\tat ");
        assertThat(dir.resolve("d")).doesNotExist();
    }

    /**
     * Each planted signal is listed with its onset and, per rule, a detection quarter consistent
     * with its quarters after onset; a strong planted signal is detected after its onset; every
     * rule that fires in the final signals.csv row of a planted pair has a detection quarter.
     */
    private static void assertPlantedAgreesWithSignals(Path plantedJson, List<CSVRecord> signals) throws IOException {
        Map<String, CSVRecord> rows = new HashMap<>();
        for (CSVRecord r : signals) {
            if (r.get("event_kind").equals("PREFERRED_TERM")) {
                rows.put(r.get("drug") + "|" + r.get("event"), r);
            }
        }
        JsonNode planted = new ObjectMapper().readTree(plantedJson.toFile());
        assertThat(planted.size()).isEqualTo(5);
        boolean strongFoundAfterOnset = false;
        for (JsonNode p : planted) {
            String onset = p.get("onsetQuarter").asText();
            JsonNode first = p.get("firstDetected");
            assertThat(p.get("substance").asText()).isIn("kratom", "7-hydroxymitragynine");
            assertThat(p.get("strength").asDouble()).isPositive();
            assertThat(first.size()).isEqualTo(p.has("interactingWith") ? 1 : 5);
            for (Map.Entry<String, JsonNode> e : first.properties()) {
                JsonNode after = p.get("quartersAfterOnset").get(e.getKey());
                if (e.getValue().isNull()) {
                    assertThat(after.isNull()).isTrue();
                    continue;
                }
                assertThat(after.asInt()).isEqualTo(PlantedSummary.quartersBetween(onset, e.getValue().asText()));
                assertThat(e.getValue().asText()).isBetween("2023Q1", "2024Q4");
                strongFoundAfterOnset |= p.get("strength").asDouble() >= 6 && after.asInt() >= 0;
            }
            if (p.has("interactingWith")) {
                continue;
            }
            CSVRecord row = rows.get(p.get("substance").asText() + "|" + Terms.normalize(p.get("event").asText()));
            boolean detected = first.properties().stream().anyMatch(e -> !e.getValue().isNull());
            if (detected) {
                assertThat(row).as("signals.csv row of %s", p).isNotNull();
            }
            if (row != null && !row.get("signals").isEmpty()) {
                for (String rule : row.get("signals").split("\\|")) {
                    assertThat(first.get(rule).isNull()).as("%s fires at the end but planted.json has no quarter: %s", rule, p)
                            .isFalse();
                }
            }
        }
        assertThat(strongFoundAfterOnset).as("a planted signal of strength >= 6 detected at or after its onset: %s", planted)
                .isTrue();
    }

    /** Nothing but the demo's own lines: no log line, stack trace or logging-backend notice; nothing on stderr. */
    private static void assertClean(Run r) {
        assertThat(r.err).as("standard error").isEmpty();
        assertThat(r.out.lines().filter(l -> LOG_LINE.matcher(l).find()).toList()).as("log lines on standard output").isEmpty();
    }

    private static String lastQuarterCases(String out) {
        Matcher m = LAST_QUARTER.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static List<CSVRecord> readCsv(Path csv) throws IOException {
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    private record Run(int status, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Run run(String name, List<String> args) throws IOException, InterruptedException {
        Process p = start(name, args);
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish in 20 minutes: " + Files.readString(dir.resolve(name + ".out")));
        }
        return collect(name, p.exitValue());
    }

    private Run collect(String name, int status) throws IOException {
        return new Run(status, Files.readString(dir.resolve(name + ".out")), Files.readString(dir.resolve(name + ".err")));
    }

    /**
     * Starts {@code kratomwatch ARGS} in its own JVM, on the application's classpath as the jar
     * has it (without the test classes and their logback-test.xml), output to files.
     */
    private Process start(String name, List<String> args) throws IOException {
        List<String> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith("test-classes")) {
                classpath.add(entry);
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classpath), KratomWatch.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    /** Waits until the process prints {@code text}; returns its output so far. */
    private String awaitOutput(String name, String text, Process p) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (System.nanoTime() < end) {
            String out = Files.readString(dir.resolve(name + ".out"));
            if (out.contains(text)) {
                return out;
            }
            if (!p.isAlive()) {
                throw new AssertionError(name + " ended (" + p.exitValue() + ") before printing '" + text + "': " + out
                        + Files.readString(dir.resolve(name + ".err")));
            }
            Thread.sleep(500);
        }
        p.destroyForcibly();
        throw new AssertionError(name + " did not print '" + text + "' in 20 minutes");
    }
}
