package org.kratomwatch.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import org.kratomwatch.app.CliRun;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.ReportPublisher;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.stats.score.ScoreCsv;

/**
 * The batch side of the equivalence tests: {@code score} over the live latest versions of an
 * input, and the comparison of its table with the engine's ({@link SignalTable} form), every
 * column to 1e-9 relative.
 */
public final class BatchScore {

    /** Relative tolerance of every number. */
    public static final double TOLERANCE = 1e-9;

    private BatchScore() {
    }

    /**
     * Reads FAERS files as ingestion does, keeps each case's latest live version (deleted cases
     * dropped), writes its (report, drug, event) rows and runs {@code score} on them with the given
     * drug filter and hyperparameters.
     *
     * @param hyper {@code alpha1,beta1,alpha2,beta2,p}
     * @return the live reports read and {@code score}'s table
     */
    public static Scored ofFaers(Path faers, Path dir, String drugRegex, String hyper) throws IOException {
        LiveReports live = new LiveReports();
        new IngestRun(InputFormat.faers, CaseKeyer.throwAway(), live).run(List.of(faers), (a, b, c) -> { }, 10_000);
        Path pairs = dir.resolve("pairs.csv");
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
        CliRun s = CliRun.of("score", pairs.toString(), "--hyper", hyper, "--out", scored.toString(), "--drug", drugRegex);
        assertThat(s.status()).as(s.err()).isZero();
        return new Scored(live, scored);
    }

    /** What {@link #ofFaers} read and wrote. */
    public record Scored(LiveReports live, Path table) {
    }

    /** Collects what an ingest run publishes: each case's latest live version. */
    public static final class LiveReports implements ReportPublisher {
        public final Map<String, AdverseEventReport> reports = new HashMap<>();
        public final Set<String> deleted = new HashSet<>();
        public long replaced;
        public long published;

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

    /**
     * Every row of {@code score}'s table has a row in the engine's table (same drug, the event
     * lower-cased when the input was not normalized, preferred-term kind) with every number equal
     * to 1e-9 relative and the same rules fired (increased-reporting aside, which needs periods).
     *
     * @return the number of rows compared
     */
    public static int assertSameTable(Path scoreCsv, Path engineCsv, boolean lowerCaseEvents) throws IOException {
        Map<String, CSVRecord> streamed = new HashMap<>();
        for (CSVRecord r : read(engineCsv)) {
            if (r.get("event_kind").equals("PREFERRED_TERM")) {
                streamed.put(r.get("drug") + "\u0000" + r.get("event"), r);
            }
        }
        List<CSVRecord> batch = read(scoreCsv);
        assertThat(batch).hasSizeGreaterThan(100);
        for (CSVRecord b : batch) {
            String event = lowerCaseEvents ? b.get("event").toLowerCase(Locale.ROOT) : b.get("event");
            CSVRecord s = streamed.get(b.get("drug") + "\u0000" + event);
            assertThat(s).as("engine row for %s / %s", b.get("drug"), event).isNotNull();
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
        return batch.size();
    }

    private static List<CSVRecord> read(Path csv) throws IOException {
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }
}
