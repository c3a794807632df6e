package org.kratomwatch.app.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.app.KratomWatch;
import org.kratomwatch.stats.ReferenceTable;
import org.kratomwatch.stats.SharedData;
import org.kratomwatch.stats.score.Numbers;
import org.kratomwatch.stats.score.ScoreCsv;

class ScoreCommandTest {

    @TempDir
    Path dir;

    private static List<CSVRecord> readCsv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    /**
     * The counts form reproduces the independent reference values (50-digit Python, see
     * stats/src/test/python/measures_reference.py) cell for cell through the whole CLI path:
     * reading, scoring, shortest-form printing.
     */
    @Test
    void countsFormReproducesTheReferenceTable() throws IOException {
        List<ReferenceTable.Row> ref = ReferenceTable.load("/reference/measures.csv").stream()
                .filter(r -> r.count("a") >= 1 && r.count("b") + r.count("c") + r.count("d") > 0).toList();
        StringBuilder in = new StringBuilder("drug,event,a,b,c,d\n");
        for (int i = 0; i < ref.size(); i++) {
            ReferenceTable.Row r = ref.get(i);
            in.append("D").append(i).append(",E,").append(r.count("a")).append(',').append(r.count("b")).append(',')
                    .append(r.count("c")).append(',').append(r.count("d")).append('\n');
        }
        Path input = Files.writeString(dir.resolve("counts.csv"), in);
        Path out = dir.resolve("scores.csv");
        CliRun run = CliRun.of("score", input.toString(), "--format", "counts", "--hyper", "2,1,3,2,0.1", "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        List<CSVRecord> rows = readCsv(out);
        assertThat(rows).hasSize(ref.size());
        Map<String, CSVRecord> byDrug = new HashMap<>();
        rows.forEach(r -> byDrug.put(r.get("drug"), r));
        String[] columns = {"expected", "prr", "prr_lo95", "prr_hi95", "chi2", "chi2_yates", "ror", "ror_lo95", "ror_hi95",
            "ic", "ic025", "ic975"};
        for (int i = 0; i < ref.size(); i++) {
            CSVRecord row = byDrug.get("D" + i);
            for (String c : columns) {
                double expected = ref.get(i).num(c);
                double actual = Numbers.parse(row.get(c));
                assertThat(ReferenceTable.close(expected, actual, 1e-12)).as("%s of %s: %s vs %s", c, ref.get(i), expected, actual).isTrue();
            }
        }
    }

    @Test
    void pairsFormCountsDistinctReportsAndWritesTheDocumentedColumns() throws IOException {
        Path input = Files.writeString(dir.resolve("pairs.csv"), """
                id,drug,event
                1,KRATOM,DRUG WITHDRAWAL SYNDROME
                1,KRATOM,DRUG WITHDRAWAL SYNDROME
                2,KRATOM,NAUSEA
                3,ASPIRIN,NAUSEA
                4,ASPIRIN,"RASH, PRURITIC"
                """);
        Path out = dir.resolve("out.csv");
        Path hyper = dir.resolve("hyper.json");
        CliRun run = CliRun.of("score", input.toString(), "--hyper", "3.2560,0.4,2.0238,1.9061,0.06531",
                "--hyper-out", hyper.toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(Files.readAllLines(out).get(0)).isEqualTo(String.join(",", ScoreCsv.HEADER));
        List<CSVRecord> rows = readCsv(out);
        assertThat(rows).hasSize(4);
        CSVRecord kw = rows.stream().filter(r -> r.get("event").equals("DRUG WITHDRAWAL SYNDROME")).findFirst().orElseThrow();
        // report 1 twice counts once: a=1, b=1 (report 2), c=0, d=2 (reports 3,4); PRR infinite, interval NA
        assertThat(List.of(kw.get("a"), kw.get("b"), kw.get("c"), kw.get("d"))).containsExactly("1", "1", "0", "2");
        assertThat(kw.get("prr")).isEqualTo("Inf");
        assertThat(kw.get("prr_lo95")).isEqualTo("NA");
        assertThat(kw.get("expected")).isEqualTo("0.5");
        assertThat(rows).anySatisfy(r -> assertThat(r.get("event")).isEqualTo("RASH, PRURITIC"));
        assertThat(Files.readString(hyper)).contains("\"alpha1\" : 3.256", "\"p\" : 0.06531", "\"logLikelihood\"");
    }

    @Test
    void drugAndMinAFilterOutputRowsButNotTheBackground() throws IOException {
        Path input = Files.writeString(dir.resolve("pairs.csv"), """
                id,drug,event
                1,KRATOM,A
                2,KRATOM,A
                3,KRATUM,A
                4,ASPIRIN,A
                4,ASPIRIN,B
                """);
        Path out = dir.resolve("out.csv");
        CliRun run = CliRun.of("score", input.toString(), "--hyper", "1,1,2,2,0.5", "--drug", "^KRAT", "--min-a", "2",
                "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        List<CSVRecord> rows = readCsv(out);
        assertThat(rows).hasSize(1);
        // background still has 4 reports: KRATOM-A a=2 b=0 c=2 d=0
        assertThat(List.of(rows.get(0).get("a"), rows.get(0).get("c"), rows.get(0).get("d"))).containsExactly("2", "2", "0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            id,drug\\n1,X\\n                    | --format pairs  | bad.csv:1: column 'event': missing from the header
            drug,event,a,b,c,d\\nX,Y,1,2,x,4\\n | --format counts | bad.csv:2: column 'c': not an integer count: 'x'
            drug,event,a,b,c,d\\nX,Y,1,2,3,4\\nX,Z,1,-2,3,4\\n | --format counts | bad.csv:3: column 'b': negative cell: -2
            ''                                  | --format counts | bad.csv: empty file
            id,drug,event\\n1,X\\n              | --format pairs  | bad.csv:2: expected 3 fields as in the header, found 2
            id,drug,event\\n1,,Y\\n             | --format pairs  | bad.csv:2: column 'drug': empty value
            id,drug,event\\n                    | --format pairs  | bad.csv: no data rows after the header
            """)
    void badInputIsOneLineNamingFileLineAndColumn(String content, String format, String message) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), content.replace("\\n", "\n"));
        CliRun run = CliRun.of("score", bad.toString(), format.split(" ")[0], format.split(" ")[1], "--hyper", "1,1,2,2,0.5");
        assertThat(run.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).contains(dir.resolve(message.substring(0, message.indexOf(':'))).toString())
                .contains(message.substring(message.indexOf(':')));
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --hyper 1,2,3              | --hyper: expected 5 numbers
            --hyper 1,2,3,4,1.5        | --hyper:
            --drug [                   | --drug: not a valid regular expression
            --rules evans,prr9         | unknown signal rule 'prr9'
            --ror-correction maybe     | --ror-correction: expected none or haldane
            """)
    void badOptionsAreOneLineErrors(String option, String message) throws IOException {
        Path input = Files.writeString(dir.resolve("ok.csv"), "id,drug,event\n1,X,Y\n2,Z,Y\n");
        String[] o = option.split(" ");
        CliRun run = CliRun.of("score", input.toString(), o[0], o[1]);
        assertThat(run.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(run.err()).contains(message).doesNotContain("\tat ");
    }

    @Test
    void missingFileIsAOneLineError() {
        CliRun run = CliRun.of("score", dir.resolve("nope.csv").toString());
        assertThat(run.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(run.err()).contains("nope.csv: no such file");
    }

    /**
     * openEBGM's raw format read directly: the real CAERS file gives its published 17,189 pairs,
     * and the fitted hyperparameters reach openEBGM's optimum (negative log-likelihood about
     * 4162.4557 at alpha1 3.2560, beta1 0.4000, alpha2 2.0238, beta2 1.9061, p 0.06531).
     */
    @Test
    void realCaersInOpenEbgmRawFormat() throws IOException {
        Path caers = SharedData.require("caers/caers.csv");
        Path out = dir.resolve("caers-scores.csv");
        Path hyper = dir.resolve("caers-hyper.json");
        CliRun run = CliRun.of("score", caers.toString(), "--drug-col", "var1", "--event-col", "var2",
                "--out", out.toString(), "--hyper-out", hyper.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(readCsv(out)).hasSize(17189);
        var json = new com.fasterxml.jackson.core.JsonFactory().createParser(hyper.toFile());
        Map<String, Double> h = new HashMap<>();
        while (json.nextToken() != null) {
            if (json.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT
                    || json.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT) {
                h.put(json.currentName(), json.getDoubleValue());
            }
        }
        assertThat(-h.get("logLikelihood")).isLessThanOrEqualTo(4162.4557 + 1e-3);
        assertThat(h.get("alpha1")).isCloseTo(3.2560, org.assertj.core.api.Assertions.within(0.01));
        assertThat(h.get("p")).isCloseTo(0.06531, org.assertj.core.api.Assertions.within(0.001));
    }
    /** Null data: the fit stops with a one-line explanation unless an edge prior is allowed. */
    @Test
    void nullDataNeedTheBoundaryOptionForEbgm() throws IOException {
        java.util.Random rng = new java.util.Random(5);
        StringBuilder in = new StringBuilder("id,drug,event\n");
        for (int r = 0; r < 4000; r++) {
            int drugs = 1 + rng.nextInt(3);
            int events = 1 + rng.nextInt(3);
            for (int d = 0; d < drugs; d++) {
                for (int e = 0; e < events; e++) {
                    in.append(r).append(",D").append(rng.nextInt(60)).append(",E").append(rng.nextInt(80)).append('\n');
                }
            }
        }
        Path input = Files.writeString(dir.resolve("null.csv"), in);
        CliRun refused = CliRun.of("score", input.toString(), "--out", dir.resolve("a.csv").toString());
        assertThat(refused.status()).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(refused.err()).contains("--allow-boundary-prior").doesNotContain("\tat ");
        CliRun allowed = CliRun.of("score", input.toString(), "--allow-boundary-prior", "--out", dir.resolve("b.csv").toString());
        assertThat(allowed.status()).as(allowed.err()).isZero();
        assertThat(allowed.err()).contains("edge of the parameter space");
        assertThat(readCsv(dir.resolve("b.csv"))).allSatisfy(r -> assertThat(r.get("eb05")).isNotEqualTo("NA"));
    }
}
