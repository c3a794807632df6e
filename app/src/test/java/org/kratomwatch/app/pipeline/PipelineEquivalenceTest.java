package org.kratomwatch.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.ReportPublisher;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.stats.score.ScoreCsv;
import org.kratomwatch.stats.SharedData;

/**
 * The streaming engine ends with the numbers of batch scoring: {@code pipeline} (in-JVM broker,
 * ingestion, streams, exactly-once) against {@code score} on the same input with the same MGPS
 * hyperparameters, every column of every pair to 1e-9 relative.
 */
class PipelineEquivalenceTest {

    private static final double TOLERANCE = 1e-9;

    @TempDir
    Path dir;

    /** The real CAERS sample in openEBGM's pairs form, crude and stratified by sex. */
    @Test
    void caersPairsThroughTheStreamEqualBatchScore() throws IOException {
        Path caers = SharedData.require("caers/caers.csv");
        for (boolean stratified : new boolean[] {false, true}) {
            List<String> strata = stratified ? List.of("--strata-cols", "strat1") : List.of();
            Path export = dir.resolve("pipeline-" + stratified + ".csv");
            Path hyper = dir.resolve("hyper-" + stratified + ".json");
            List<String> args = new ArrayList<>(List.of("pipeline", "--source", "pairs", "--input", caers.toString(),
                    "--drug-col", "var1", "--event-col", "var2", "--watch", "all", "--export", export.toString(),
                    "--hyper-out", hyper.toString(), "--data-dir", dir.resolve("data-" + stratified).toString()));
            args.addAll(strata);
            CliRun p = CliRun.of(args.toArray(String[]::new));
            assertThat(p.status()).as(p.err()).isZero();

            Path scored = dir.resolve("score-" + stratified + ".csv");
            List<String> scoreArgs = new ArrayList<>(List.of("score", caers.toString(), "--drug-col", "var1", "--event-col",
                    "var2", "--hyper", hyperArgument(hyper), "--out", scored.toString()));
            scoreArgs.addAll(strata);
            CliRun s = CliRun.of(scoreArgs.toArray(String[]::new));
            assertThat(s.status()).as(s.err()).isZero();
            assertSameTable(scored, export, true);
        }
    }

    /**
     * Generated FAERS quarters with follow-up versions and deletions: the engine's table equals
     * {@code score} over the live latest versions (the batch side reads the same files with the
     * same reader, keeps each case's latest version and drops deleted cases).
     */
    @Test
    void generatedFaersWithFollowUpsAndDeletionsThroughTheStreamEqualBatchScore() throws IOException {
        Path faers = dir.resolve("faers");
        CliRun g = CliRun.of("generate", "faers", "--reports", "2000", "--quarters", "2023Q1..2024Q2", "--out",
                faers.toString(), "--seed", "11", "--malformed-rate", "0", "--follow-up-rate", "0.3", "--deletion-rate", "0.05");
        assertThat(g.status()).as(g.err()).isZero();

        Path export = dir.resolve("pipeline.csv");
        Path hyper = dir.resolve("hyper.json");
        // The prior is fitted on every pair; records (and so the comparison) cover a few substances.
        CliRun p = CliRun.of("pipeline", "--source", "faers", "--input", faers.toString(), "--watch",
                "kratom|mitragynine|7-hydroxymitragynine|oxycodone|hydrocodone|adalimumab|prednisone", "--export",
                export.toString(), "--hyper-out", hyper.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(p.status()).as(p.err()).isZero();

        Path pairs = dir.resolve("pairs.csv");
        LiveReports live = new LiveReports();
        new IngestRun(InputFormat.faers, CaseKeyer.throwAway(), live).run(List.of(faers), (a, b, c) -> { }, 10_000);
        assertThat(live.deleted).isNotEmpty();
        assertThat(live.replaced).isPositive();
        try (Writer w = Files.newBufferedWriter(pairs, StandardCharsets.UTF_8);
                CSVPrinter out = new CSVPrinter(w, CSVFormat.RFC4180)) {
            out.printRecord("id", "drug", "event");
            for (AdverseEventReport r : live.reports.values()) {
                for (Drug d : r.getDrugs()) {
                    for (String e : r.getReactions()) {
                        out.printRecord(r.getCaseKey(), d.getSubstance(), e);
                    }
                }
            }
        }
        Path scored = dir.resolve("score.csv");
        CliRun s = CliRun.of("score", pairs.toString(), "--hyper", hyperArgument(hyper), "--out", scored.toString(),
                "--drug", "^(kratom|mitragynine|7-hydroxymitragynine|oxycodone|hydrocodone|ADALIMUMAB|PREDNISONE)$");
        assertThat(s.status()).as(s.err()).isZero();
        assertSameTable(scored, export, false);
    }

    /** Collects what an ingest run publishes: each case's latest live version. */
    static final class LiveReports implements ReportPublisher {
        final Map<String, AdverseEventReport> reports = new HashMap<>();
        final Set<String> deleted = new HashSet<>();
        long replaced;
        long published;

        @Override
        public void report(AdverseEventReport r) {
            published++;
            if (deleted.contains(r.getCaseKey())) {
                return;
            }
            AdverseEventReport old = reports.get(r.getCaseKey());
            if (old == null || r.getCaseVersion() > old.getCaseVersion()) {
                if (old != null) {
                    replaced++;
                }
                reports.put(r.getCaseKey(), r);
            }
        }

        @Override
        public void retract(String caseKey) {
            deleted.add(caseKey);
            reports.remove(caseKey);
        }

        @Override
        public void quarantine(QuarantinedRecord record) {
        }

        @Override
        public void flush() {
        }

        @Override
        public long published() {
            return published;
        }

        @Override
        public long bytes() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    static String hyperArgument(Path json) throws IOException {
        JsonNode h = new ObjectMapper().readTree(json.toFile());
        return String.join(",", h.get("alpha1").asText(), h.get("beta1").asText(), h.get("alpha2").asText(),
                h.get("beta2").asText(), h.get("p").asText());
    }

    /**
     * Every row of {@code score}'s table has a row in the pipeline's export (same drug, the event
     * lower-cased when the input was not normalized, preferred-term kind) with every number equal
     * to 1e-9 relative and the same rules fired (increased-reporting aside, which needs periods).
     */
    static void assertSameTable(Path scoreCsv, Path pipelineCsv, boolean lowerCaseEvents) throws IOException {
        Map<String, CSVRecord> streamed = new HashMap<>();
        for (CSVRecord r : read(pipelineCsv)) {
            if (r.get("event_kind").equals("PREFERRED_TERM")) {
                streamed.put(r.get("drug") + "\u0000" + r.get("event"), r);
            }
        }
        List<CSVRecord> batch = read(scoreCsv);
        assertThat(batch).hasSizeGreaterThan(100);
        for (CSVRecord b : batch) {
            String event = lowerCaseEvents ? b.get("event").toLowerCase(Locale.ROOT) : b.get("event");
            CSVRecord s = streamed.get(b.get("drug") + "\u0000" + event);
            assertThat(s).as("pipeline row for %s / %s", b.get("drug"), event).isNotNull();
            for (String column : ScoreCsv.HEADER) {
                if (column.equals("drug") || column.equals("event")) {
                    continue;
                }
                String what = b.get("drug") + " / " + event + " " + column;
                if (column.equals("signals")) {
                    List<String> rules = new ArrayList<>(List.of(s.get(column).split("\\|")));
                    rules.remove("increased-reporting");
                    rules.remove("");
                    List<String> expected = new ArrayList<>(List.of(b.get(column).split("\\|")));
                    expected.remove("");
                    assertThat(rules).as(what).isEqualTo(expected);
                } else if (b.get(column).equals("NA") || b.get(column).equals("Inf") || s.get(column).equals("NA")
                        || s.get(column).equals("Inf")) {
                    assertThat(s.get(column)).as(what).isEqualTo(b.get(column));
                } else {
                    double x = Double.parseDouble(b.get(column));
                    assertThat(Double.parseDouble(s.get(column))).as(what)
                            .isCloseTo(x, within(TOLERANCE * Math.max(1, Math.abs(x))));
                }
            }
        }
    }

    private static List<CSVRecord> read(Path csv) throws IOException {
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }
}
