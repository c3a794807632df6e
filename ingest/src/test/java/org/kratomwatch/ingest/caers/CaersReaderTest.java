package org.kratomwatch.ingest.caers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.model.Collector;
import org.kratomwatch.ingest.io.ReadSummary;
import org.kratomwatch.ingest.model.Origin;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.stats.SharedData;

class CaersReaderTest {

    static final String FDA_HEADER = "RA_Report #,RA_CAERS Created Date,AEC_Event Start Date,PRI_Product Role,"
            + "PRI_Reported Brand/Product Name,PRI_FDA Industry Code,PRI_FDA Industry Name,CI_Age at Adverse Event,CI_Age Unit,"
            + "CI_Gender,AEC_One Row Outcomes,SYM_One Row Coded Symptoms";

    @TempDir
    Path tmp;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(CaersReaderTest.class.getResource("/caers/" + name).toURI());
    }

    private static ReadSummary read(Path p, Collector c) {
        ReadSummary s = new CaersReader().read(p, c);
        assertThat(s.balanced()).as("records = reports + quarantined: %s", s).isTrue();
        assertThat(c.total()).isEqualTo(s.records());
        return s;
    }

    // ---------------------------------------------------------------- real samples

    @Test
    void openEbgmLongFormGives3356Reports() {
        Collector c = new Collector();
        ReadSummary s = read(SharedData.require("caers/caers.csv"), c);

        assertThat(s.records()).isEqualTo(3356);
        assertThat(c.reports).hasSize(3356).allSatisfy(r -> {
            assertThat(r.source()).isEqualTo(Source.PAIRS);
            assertThat(r.caseVersion()).isEqualTo(1);
            assertThat(r.receivedMonth()).isNull();
            assertThat(r.dataPeriod()).isNull();
            assertThat(r.serious()).isFalse();
            assertThat(r.drugs()).allMatch(d -> d.role() == DrugRole.UNKNOWN && d.activeIngredient() == null);
        });
        // the file's facts (PROVENANCE.md and a check in Python): sorted by id, one sex per report,
        // every report the full product x event cross product, 239 duplicate rows
        assertThat(c.reports.stream().mapToInt(r -> r.drugs().size()).sum()).isEqualTo(5209);
        assertThat(c.reports.stream().mapToInt(r -> r.reactions().size()).sum()).isEqualTo(11312);
        assertThat(c.reports.stream().mapToInt(r -> r.drugs().size() * r.reactions().size()).sum()).isEqualTo(20156 - 239);
        assertThat(c.reports.stream().flatMap(r -> r.drugs().stream()).map(RawDrug::name).distinct()).hasSize(2874);
        assertThat(c.reports.stream().flatMap(r -> r.reactions().stream()).distinct()).hasSize(1328);
        Map<Sex, Long> bySex = c.reports.stream().collect(Collectors.groupingBy(RawReport::sex, Collectors.counting()));
        assertThat(bySex).containsEntry(Sex.FEMALE, 2120L).containsEntry(Sex.MALE, 1013L).containsEntry(Sex.UNKNOWN, 223L);

        RawReport first = c.reports.get(0);
        assertThat(first.caseId()).isEqualTo("147289");
        assertThat(first.origin()).isEqualTo(Origin.line("caers.csv", 2));
        assertThat(first.drugs()).containsExactly(new RawDrug("PREVAGEN", null, DrugRole.UNKNOWN));
        assertThat(first.reactions()).hasSize(11).startsWith("BRAIN NEOPLASM", "CEREBROVASCULAR ACCIDENT", "RENAL DISORDER", "GOUT");
        assertThat(first.sex()).isEqualTo(Sex.FEMALE);
        RawReport last = c.reports.get(3355);
        assertThat(last.caseId()).isEqualTo("160592");
        assertThat(last.drugs()).extracting(RawDrug::name).containsExactly("CENTRUM SILVER WOMEN'S 50+ (MULTIMINERALS, MULTIVITAMINS) TABLET");
        assertThat(last.reactions()).startsWith("CHOKING", "PALPITATIONS", "DYSPHAGIA");
        assertThat(c.reports.get(1).origin()).isEqualTo(Origin.line("caers.csv", 13)); // 11 rows of 147289 before it
    }

    @Test
    void rMangledWideExtractMatchesItsLongFormAndMapsAges() {
        Collector wide = new Collector();
        ReadSummary s = read(SharedData.require("caers/caers_raw.csv"), wide);
        assertThat(s).isEqualTo(new ReadSummary(1, 114, 114, 0, 0));
        assertThat(wide.reports).allMatch(r -> r.source() == Source.CAERS && r.receivedMonth() == null && r.dataPeriod() == null);
        assertThat(wide.reports.stream().mapToInt(r -> r.reactions().size()).sum()).isEqualTo(290);

        RawReport r = wide.report("75693"); // two rows: two products, the report's symptoms once
        assertThat(r.drugs()).containsExactly(new RawDrug("LEMON TART", null, DrugRole.UNKNOWN), new RawDrug("ROLL", null, DrugRole.UNKNOWN));
        assertThat(r.reactions()).containsExactly("ABDOMINAL PAIN", "DIARRHOEA", "VOMITING");
        assertThat(r.sex()).isEqualTo(Sex.FEMALE);
        assertThat(r.ageYears()).isNull(); // empty age, unit "Not Available"
        assertThat(r.serious()).isFalse();
        assertThat(r.outcomes()).isEmpty();
        assertThat(r.reporterType()).isEqualTo(ReporterType.UNKNOWN);
        assertThat(wide.report("78800").ageYears()).isEqualTo(3.0); // 3 Year(s)
        assertThat(wide.report("81022").ageYears()).isEqualTo(22 / 12.0); // 22 Month(s)
        assertThat(wide.report("81022").reactions())
                .containsExactly("WHEEZING", "COUGH", "EMERGENCY CARE EXAMINATION", "URTICARIA", "DYSPNOEA");

        Collector longForm = new Collector();
        read(SharedData.require("caers/caers_raw_long.csv"), longForm);
        assertThat(longForm.reports).hasSize(114).allMatch(x -> x.source() == Source.PAIRS);
        for (int i = 0; i < 114; i++) {
            RawReport w = wide.reports.get(i);
            RawReport l = longForm.reports.get(i);
            assertThat(l.caseId()).isEqualTo(w.caseId());
            assertThat(l.reactions()).isEqualTo(w.reactions());
            assertThat(l.drugs()).extracting(RawDrug::name).containsExactlyInAnyOrderElementsOf(
                    w.drugs().stream().map(RawDrug::name).distinct().toList());
            assertThat(l.sex()).isEqualTo(w.sex());
        }
    }

    @Test
    void wholeCaersFolder() {
        Collector c = new Collector();
        ReadSummary s = read(SharedData.require("caers"), c);
        assertThat(s).isEqualTo(new ReadSummary(3, 3356 + 114 + 114, 3356 + 114 + 114, 0, 0));
    }

    // ---------------------------------------------------------------- FDA's export layout, hand-made

    @Test
    void fdaExportLayoutWithUnsortedRowsAndBadRows() throws Exception {
        Collector c = new Collector();
        ReadSummary s = read(fixture("export-fda-header.csv"), c);

        assertThat(s).isEqualTo(new ReadSummary(1, 7, 4, 0, 3));
        // reports are emitted at their last row: 900102 (line 3) before 900101 (rows on lines 2 and 4)
        assertThat(c.calls).extracting(o -> o instanceof RawReport r ? r.caseId() : ((QuarantineItem) o).reason().toString())
                .containsExactly("900102", "900101", "BAD_DATE", "900104", "MISSING_ID", "WRONG_COLUMN_COUNT", "900106");

        RawReport a = c.report("900101");
        assertThat(a.source()).isEqualTo(Source.CAERS);
        assertThat(a.origin()).isEqualTo(Origin.line("export-fda-header.csv", 2));
        assertThat(a.caseVersion()).isEqualTo(1);
        assertThat(a.receivedMonth()).isEqualTo(YearMonth.of(2019, 1));
        assertThat(a.dataPeriod()).isEqualTo("2019Q1");
        assertThat(a.drugs()).containsExactly(new RawDrug("MAENG DA KRATOM CAPSULES", null, DrugRole.SUSPECT),
                new RawDrug("ENERGY DRINK", null, DrugRole.CONCOMITANT));
        assertThat(a.reactions()).containsExactly("DRUG WITHDRAWAL SYNDROME", "HALLUCINATION, VISUAL", "NAUSEA");
        assertThat(a.ageYears()).isEqualTo(34.0);
        assertThat(a.sex()).isEqualTo(Sex.MALE);
        assertThat(a.serious()).isTrue();
        assertThat(a.outcomes()).containsExactly(Outcome.HOSPITALIZATION);

        RawReport b = c.report("900102");
        assertThat(b.ageYears()).isEqualTo(30.0); // 3 Decade(s)
        assertThat(b.outcomes()).containsExactly(Outcome.OTHER_SERIOUS);
        assertThat(b.receivedMonth()).isEqualTo(YearMonth.of(2019, 2)); // 02/14/2019

        RawReport d = c.report("900104");
        assertThat(d.drugs()).extracting(RawDrug::name).containsExactly("PRODUCT, WITH A COMMA");
        assertThat(d.ageYears()).isCloseTo(70 / 365.25, within(1e-12)); // 10 Week(s)
        assertThat(d.sex()).isEqualTo(Sex.UNKNOWN);
        assertThat(d.serious()).isFalse(); // Non-serious Injuries/ Illness

        RawReport f = c.report("900106");
        assertThat(f.ageYears()).isCloseTo(200 / 365.25, within(1e-12)); // 200 Day(s)
        assertThat(f.outcomes()).containsExactlyInAnyOrder(Outcome.DEATH, Outcome.LIFE_THREATENING, Outcome.DISABILITY,
                Outcome.CONGENITAL_ANOMALY, Outcome.REQUIRED_INTERVENTION);
        assertThat(f.reactions()).containsExactly("CARDIAC ARREST", "HALLUCINATION, AUDITORY");

        List<QuarantineItem> q = c.quarantined;
        assertThat(q.get(0).origin()).isEqualTo(Origin.line("export-fda-header.csv", 5));
        assertThat(q.get(0).message()).isEqualTo("RA_CAERS Created Date: impossible date");
        assertThat(q.get(0).excerpt()).isEqualTo("RA_CAERS Created Date=13/45/2019");
        assertThat(q.get(1).origin()).isEqualTo(Origin.line("export-fda-header.csv", 7));
        assertThat(q.get(1).message()).isEqualTo("RA_Report # is empty");
        assertThat(q.get(2).origin()).isEqualTo(Origin.line("export-fda-header.csv", 8));
        assertThat(q.get(2).message()).isEqualTo("expected 12 fields, found 10");
        assertThat(q.get(2).excerpt()).startsWith("900105,3/2/2019,,Suspect,TEN FIELDS ONLY");
    }

    @Test
    void unclosedQuoteEndsTheFileAsOneRecord() throws Exception {
        Collector c = new Collector();
        ReadSummary s = read(fixture("unclosed-quote.csv"), c);
        assertThat(s).isEqualTo(new ReadSummary(1, 2, 1, 0, 1));
        assertThat(c.reports.get(0).drugs()).extracting(RawDrug::name).containsExactly("A", "B");
        QuarantineItem q = c.quarantined.get(0);
        assertThat(q.reason()).isEqualTo(QuarantineReason.OTHER);
        assertThat(q.origin()).isEqualTo(Origin.line("unclosed-quote.csv", 4));
        assertThat(q.message()).startsWith("CSV syntax error").contains("rest of the file is not read");
    }

    @Test
    void unknownHeaderIsUnreadable() throws Exception {
        Path p = fixture("unknown-header.csv");
        assertThatThrownBy(() -> new CaersReader().read(p, new Collector()))
                .isInstanceOf(UnreadableInputException.class).hasMessageContaining("unknown-header.csv");
    }

    @Test
    void byteOrderMarkCrlfZipAndFallbackPeriod() throws IOException {
        String csv = "\uFEFFid,var1,var2,strat1\r\n5,KRATOM,NAUSEA,Male\r\n5,KRATOM,VOMITING,Male\r\n";
        Path zip = tmp.resolve("pairs.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("data/pairs.csv"));
            z.write(csv.getBytes(StandardCharsets.UTF_8));
        }
        Collector c = new Collector();
        ReadSummary s = new CaersReader("2012Q3").read(zip, c);
        assertThat(s).isEqualTo(new ReadSummary(1, 1, 1, 0, 0));
        RawReport r = c.reports.get(0);
        assertThat(r.origin()).isEqualTo(Origin.line("pairs.zip!/data/pairs.csv", 2));
        assertThat(r.dataPeriod()).isEqualTo("2012Q3");
        assertThat(r.reactions()).containsExactly("NAUSEA", "VOMITING");
        assertThat(r.sex()).isEqualTo(Sex.MALE);
    }

    @Test
    void emptyFileGivesNothing() throws IOException {
        Files.write(tmp.resolve("empty.csv"), new byte[0]);
        Collector c = new Collector();
        assertThat(read(tmp.resolve("empty.csv"), c)).isEqualTo(new ReadSummary(1, 0, 0, 0, 0));
    }

    // ---------------------------------------------------------------- properties

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 30);
    }

    private record Row(String id, String created, String role, String product, String sex, String outcomes, String symptoms) {
        String csv() {
            return String.join(",", id, created, "", role, quote(product), "54", "\"Vit/Min/Prot/Unconv Diet(Human/Animal)\"", "40",
                    "Year(s)", sex, quote(outcomes), quote(symptoms));
        }

        static String quote(String s) {
            return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }
    }

    /**
     * Random export: reports with 1-4 product rows, in sorted or shuffled order, with broken rows,
     * blank lines, quoted report numbers, escaped quotes, line breaks inside quoted fields, and LF or
     * CRLF line ends. The grouping must not depend on the order, each report must come out once
     * (the byte scan of pass 1 agrees with commons-csv), and every record must be accounted for.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void groupingDoesNotDependOnRowOrder(long seed) throws IOException {
        Random rnd = new Random(seed);
        int reports = 1 + rnd.nextInt(60);
        List<Row> rows = new ArrayList<>();
        Map<String, List<String>> productsOf = new LinkedHashMap<>();
        for (int i = 0; i < reports; i++) {
            String id = Integer.toString(100000 + i * 7);
            int n = 1 + rnd.nextInt(4);
            String symptoms = rnd.nextBoolean() ? "NAUSEA, HALLUCINATION, VISUAL" : "CHOKING";
            String outcomes = rnd.nextBoolean() ? "Hospitalization, Visited Emergency Room" : "None";
            for (int k = 0; k < n; k++) {
                String product = "PRODUCT " + rnd.nextInt(5) + switch (rnd.nextInt(4)) {
                    case 0 -> ", \"QUOTED\" TABLET";
                    case 1 -> "\nSECOND LINE";
                    case 2 -> " \u00e9t\u00e9 \u7d05";
                    default -> "";
                };
                rows.add(new Row(rnd.nextInt(5) == 0 ? "\"" + id + "\"" : id, (1 + rnd.nextInt(12)) + "/1/2020",
                        k == 0 ? "Suspect" : "Concomitant", product, rnd.nextBoolean() ? "Female" : "Male", outcomes, symptoms));
                productsOf.computeIfAbsent(id, x -> new ArrayList<>()).add(product);
            }
        }
        boolean shuffled = rnd.nextBoolean();
        if (shuffled) {
            Collections.shuffle(rows, rnd);
        }
        List<String> lines = new ArrayList<>(rows.stream().map(Row::csv).toList());
        int broken = rnd.nextInt(4);
        for (int i = 0; i < broken; i++) {
            lines.add(rnd.nextInt(lines.size() + 1), rnd.nextBoolean() ? "123,only,three" : ",1/1/2020,,Suspect,X,54,Y,1,Year(s),Male,None,RASH");
        }
        for (int i = rnd.nextInt(3); i > 0; i--) {
            lines.add(rnd.nextInt(lines.size() + 1), ""); // blank lines are skipped, but count as lines
        }
        String eol = rnd.nextBoolean() ? "\n" : "\r\n";
        Path file = tmp.resolve("export-" + seed + ".csv");
        Files.writeString(file, FDA_HEADER + eol + String.join(eol, lines) + (rnd.nextBoolean() ? eol : ""));

        Collector c = new Collector();
        ReadSummary s = read(file, c);

        assertThat(s.records()).isEqualTo(reports + broken);
        assertThat(c.quarantined).hasSize(broken);
        assertThat(c.reports).hasSize(reports);
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        int line = 2;
        for (String l : lines) {
            String lineId = l.startsWith("\"") ? l.substring(1, l.indexOf('"', 1)) : l.split(",", -1)[0];
            firstLine.putIfAbsent(lineId, line);
            line += 1 + (int) l.chars().filter(ch -> ch == '\n').count();
        }
        for (RawReport r : c.reports) {
            assertThat(r.drugs()).extracting(RawDrug::name).containsExactlyInAnyOrderElementsOf(productsOf.get(r.caseId()));
            assertThat(r.drugs().stream().filter(d -> d.role() == DrugRole.SUSPECT)).hasSize(1);
            assertThat(r.origin().position()).as("line of the first row").isEqualTo((long) firstLine.get(r.caseId()));
            if (r.reactions().size() > 1) {
                assertThat(r.reactions()).containsExactly("NAUSEA", "HALLUCINATION, VISUAL");
            }
        }
        Set<String> ids = new HashSet<>();
        c.reports.forEach(r -> assertThat(ids.add(r.caseId())).as("one report per id").isTrue());
        if (!shuffled) {
            assertThat(c.reports).extracting(RawReport::caseId).containsExactlyElementsOf(productsOf.keySet());
        }
    }

    // ---------------------------------------------------------------- speed

    @Test
    void parsesWellAboveOneHundredThousandReportsPerSecond() throws IOException {
        Path file = tmp.resolve("big.csv");
        int reports = 150_000;
        int rows = 0;
        Random rnd = new Random(7);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write(FDA_HEADER);
            w.write('\n');
            for (int i = 0; i < reports; i++) {
                int n = rnd.nextInt(10) < 8 ? 1 : 2;
                for (int k = 0; k < n; k++) {
                    w.write(new Row(Integer.toString(200000 + i), "3/14/2019", k == 0 ? "Suspect" : "Concomitant",
                            "MAENG DA KRATOM CAPSULES " + (i % 1000), "Female", "Hospitalization, Visited Emergency Room",
                            "DRUG WITHDRAWAL SYNDROME, NAUSEA, VOMITING, ANXIETY").csv());
                    w.write('\n');
                    rows++;
                }
            }
        }
        CaersReader reader = new CaersReader();
        reader.read(file, new Collector()); // warm-up
        long[] count = {0};
        org.kratomwatch.ingest.model.ReportSink counting = new org.kratomwatch.ingest.model.ReportSink() {
            @Override
            public void report(RawReport r) {
                count[0]++;
            }

            @Override
            public void retraction(org.kratomwatch.ingest.model.Retraction r) {
                throw new AssertionError();
            }

            @Override
            public void quarantine(QuarantineItem q) {
                throw new AssertionError(q.toString());
            }
        };
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        reader.read(file, counting);
        double secs = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
        assertThat(count[0]).isEqualTo(reports);
        System.out.printf("CAERS wide CSV (two passes), per CPU-second of one core: %,.0f reports/s (%,d rows, %,d bytes)%n",
                reports / secs, rows, Files.size(file));
        assertThat(reports / secs).isGreaterThan(20_000); // lenient: shared CI machines
    }
}
