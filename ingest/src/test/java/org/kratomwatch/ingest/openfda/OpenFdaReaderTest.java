package org.kratomwatch.ingest.openfda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

class OpenFdaReaderTest {

    private static final String SAMPLE = "openfda-event-sample/";

    @TempDir
    Path tmp;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(OpenFdaReaderTest.class.getResource("/openfda/" + name).toURI());
    }

    private static ReadSummary read(Path p, Collector c) {
        ReadSummary s = new OpenFdaReader().read(p, c);
        assertThat(s.balanced()).as("records = reports + quarantined: %s", s).isTrue();
        assertThat(c.total()).isEqualTo(s.records());
        return s;
    }

    // ---------------------------------------------------------------- real samples

    @Test
    void realReportAsSingleResultObjectIsFullyMapped() {
        Collector c = new Collector();
        ReadSummary s = read(SharedData.require(SAMPLE + "event.preannotation.json"), c);

        assertThat(s.records()).isEqualTo(1);
        RawReport r = c.reports.get(0);
        assertThat(r.source()).isEqualTo(Source.OPENFDA);
        assertThat(r.caseId()).isEqualTo("4562564-7");
        assertThat(r.caseVersion()).isEqualTo(1); // no safetyreportversion: default 1
        assertThat(r.receivedMonth()).isEqualTo(YearMonth.of(2005, 1)); // receivedate 20050127
        assertThat(r.dataPeriod()).isEqualTo("2005Q1");
        assertThat(r.ageYears()).isEqualTo(62.0); // 62, unit 801 (years)
        assertThat(r.sex()).isEqualTo(Sex.FEMALE); // patientsex 2
        assertThat(r.reporterType()).isEqualTo(ReporterType.PHYSICIAN); // qualification 1
        assertThat(r.reporterCountry()).isNull(); // no reportercountry / occurcountry in this 2005 record
        assertThat(r.serious()).isTrue();
        assertThat(r.outcomes()).containsExactlyInAnyOrder(Outcome.HOSPITALIZATION, Outcome.DISABILITY, Outcome.OTHER_SERIOUS);
        assertThat(r.drugs()).hasSize(23);
        assertThat(r.drugs().subList(0, 3)).containsExactly(
                new RawDrug("VIOXX", null, DrugRole.SUSPECT),
                new RawDrug("VIOXX", null, DrugRole.SUSPECT),
                new RawDrug("OS-CAL + D", null, DrugRole.CONCOMITANT));
        assertThat(r.drugs().get(22)).isEqualTo(new RawDrug("PERCOCET", null, DrugRole.CONCOMITANT));
        assertThat(r.drugs().stream().filter(d -> d.role() == DrugRole.CONCOMITANT)).hasSize(21);
        assertThat(r.reactions()).hasSize(86);
        assertThat(r.reactions().get(0)).isEqualTo("ACTIVATED PARTIAL THROMBOPLASTIN TIME PROLONGED");
        assertThat(r.reactions().get(85)).isEqualTo("WEIGHT INCREASED");
        assertThat(r.narrative()).isNull();
        assertThat(r.origin()).isEqualTo(Origin.record("event.preannotation.json", 1));
    }

    @Test
    void apiPageOfResultsNumbersRecordsFromOne() throws IOException {
        String pre = Files.readString(SharedData.require(SAMPLE + "event.preannotation.json"));
        String post = Files.readString(SharedData.require(SAMPLE + "event.postannotation.json"));
        String page = "{\"meta\": {\"disclaimer\": \"x\", \"results\": {\"skip\": 0, \"limit\": 2, \"total\": 2}},\n"
                + "\"results\": [" + pre + ",\n" + post + "]}";
        Collector c = new Collector();
        ReadSummary s = new OpenFdaReader().read("page.json", new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)), c);

        assertThat(s).isEqualTo(new ReadSummary(1, 2, 2, 0, 0));
        assertThat(c.reports).extracting(RawReport::origin)
                .containsExactly(Origin.record("page.json", 1), Origin.record("page.json", 2));
        // the two files differ only in the internal "@version" field
        assertThat(c.reports.get(1)).usingRecursiveComparison().ignoringFields("origin").isEqualTo(c.reports.get(0));
    }

    @Test
    void bulkDownloadZipIsRead(@TempDir Path dir) throws IOException {
        String pre = Files.readString(SharedData.require(SAMPLE + "event.preannotation.json"));
        Path zip = dir.resolve("drug-event-0001-of-0001.json.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("drug-event-0001-of-0001.json"));
            z.write(("{\"meta\": {}, \"results\": [" + pre + "," + pre + "," + pre + "]}").getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("README.txt"));
            z.write("not json".getBytes(StandardCharsets.UTF_8));
        }
        Collector c = new Collector();
        ReadSummary s = read(zip, c);
        assertThat(s.files()).isEqualTo(1);
        assertThat(c.reports).hasSize(3);
        assertThat(c.reports.get(2).origin().toString())
                .isEqualTo("drug-event-0001-of-0001.json.zip!/drug-event-0001-of-0001.json#3");
    }

    @Test
    void foodEventResultsBecomeCaersReports() {
        Collector c = new Collector();
        ReadSummary s = read(SharedData.require(SAMPLE + "food-event_Focusjd/data.json"), c);

        assertThat(s.records()).isEqualTo(52);
        assertThat(c.reports).hasSize(52).allMatch(r -> r.source() == Source.CAERS && r.caseVersion() == 1);
        assertThat(c.reports.stream().mapToInt(r -> r.reactions().size()).sum()).isEqualTo(140);
        assertThat(c.reports.stream().mapToInt(r -> r.drugs().size()).sum()).isEqualTo(80);
        assertThat(c.reports.stream().filter(RawReport::serious)).hasSize(37);

        RawReport r = c.report("2018-CFS-006771");
        assertThat(r.receivedMonth()).isEqualTo(YearMonth.of(2018, 4)); // date_created 20180427
        assertThat(r.dataPeriod()).isEqualTo("2018Q2");
        assertThat(r.ageYears()).isEqualTo(48.0);
        assertThat(r.sex()).isEqualTo(Sex.FEMALE);
        assertThat(r.reporterType()).isEqualTo(ReporterType.UNKNOWN);
        assertThat(r.serious()).isTrue();
        // Hospitalization, Other Serious or Important Medical Event; Visited Emergency Room is not serious
        assertThat(r.outcomes()).containsExactlyInAnyOrder(Outcome.HOSPITALIZATION, Outcome.OTHER_SERIOUS);
        assertThat(r.drugs()).containsExactly(new RawDrug("POWERADE ZERO CALORIES SPORTS DRINK MIXED BERRY", null, DrugRole.SUSPECT));
        assertThat(r.reactions()).containsExactly("Abdominal pain", "Diarrhoea", "Nausea", "Vomiting");

        assertThat(c.report("76856").ageYears()).isCloseTo(7 * 7 / 365.25, within(1e-12)); // 7 week(s)
    }

    @Test
    void wholeSampleFolder() {
        Collector c = new Collector();
        ReadSummary s = read(SharedData.require(SAMPLE), c);
        assertThat(s.files()).isEqualTo(3);
        assertThat(s.records()).isEqualTo(54);
        assertThat(c.quarantined).isEmpty();
    }

    // ---------------------------------------------------------------- malformed input

    @Test
    void truncatedFileKeepsWhatCameBeforeAndQuarantinesTheCutRecord() throws Exception {
        Collector c = new Collector();
        ReadSummary s = read(fixture("truncated.json"), c);

        assertThat(s).isEqualTo(new ReadSummary(1, 3, 2, 0, 1));
        RawReport first = c.report("900001");
        assertThat(first.caseVersion()).isEqualTo(2);
        assertThat(first.reporterType()).isEqualTo(ReporterType.CONSUMER);
        assertThat(first.reporterCountry()).isEqualTo("US");
        assertThat(first.ageYears()).isEqualTo(34.0);
        assertThat(first.sex()).isEqualTo(Sex.MALE);
        assertThat(first.outcomes()).containsExactly(Outcome.HOSPITALIZATION);
        assertThat(first.drugs()).containsExactly(new RawDrug("KRATOM", null, DrugRole.SUSPECT));
        QuarantineItem q = c.quarantined.get(0);
        assertThat(q.reason()).isEqualTo(QuarantineReason.INVALID_JSON);
        assertThat(q.origin()).isEqualTo(Origin.record("truncated.json", 3));
        assertThat(q.message()).contains("line 12").contains("end-of-input").doesNotContain("\n");
        assertThat(c.calls.get(2)).isSameAs(q); // in input order
    }

    @Test
    void garbageBetweenResultsEndsTheFileAtTheNextPosition() throws Exception {
        Collector c = new Collector();
        ReadSummary s = read(fixture("garbage-between.json"), c);
        assertThat(s).isEqualTo(new ReadSummary(1, 2, 1, 0, 1));
        assertThat(c.quarantined.get(0).origin()).isEqualTo(Origin.record("garbage-between.json", 2));
        assertThat(c.quarantined.get(0).message()).contains("line 3").contains("rest of the file is not read");
    }

    @Test
    void eachBadRecordIsQuarantinedAndReadingGoesOn() throws Exception {
        Collector c = new Collector();
        ReadSummary s = read(fixture("bad-records.json"), c);

        assertThat(s.records()).isEqualTo(8);
        assertThat(c.reports).extracting(RawReport::caseId).containsExactly("900021", "900028");
        assertThat(c.quarantined).extracting(QuarantineItem::reason).containsExactly(
                QuarantineReason.BAD_DATE, QuarantineReason.BAD_NUMBER, QuarantineReason.MISSING_ID,
                QuarantineReason.INVALID_JSON, QuarantineReason.INVALID_JSON, QuarantineReason.INVALID_JSON);
        assertThat(c.quarantined).extracting(q -> q.origin().position()).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(c.quarantined.get(0).message()).startsWith("receivedate:");
        assertThat(c.quarantined.get(0).excerpt()).isEqualTo("receivedate=20191345");
        assertThat(c.quarantined.get(3).message()).isEqualTo("patient: expected an object");
        assertThat(c.quarantined.get(5).message()).isEqualTo("patient.drug: expected an array");
        assertThat(c.quarantined).allMatch(q -> !q.message().contains("9000")); // no case id in messages

        // numbers where strings are usual are accepted; name falls back to the active substance
        RawReport r = c.report("900028");
        assertThat(r.receivedMonth()).isEqualTo(YearMonth.of(2019, 7));
        assertThat(r.serious()).isFalse();
        assertThat(r.ageYears()).isEqualTo(7 / 12.0);
        assertThat(r.drugs()).containsExactly(new RawDrug("MITRAGYNINE", "MITRAGYNINE", DrugRole.INTERACTING));
    }

    @Test
    void filesThatAreNoOpenFdaDocumentAreOneRecordEach() throws Exception {
        Files.write(tmp.resolve("a-empty.json"), new byte[0]);
        Files.writeString(tmp.resolve("b-scalar.json"), "\"hello\"");
        Files.copy(fixture("error-response.json"), tmp.resolve("c-error.json"));
        Files.writeString(tmp.resolve("d-notjson.json"), "<html>502 Bad Gateway</html>");
        Collector c = new Collector();
        ReadSummary s = read(tmp, c);
        assertThat(s).isEqualTo(new ReadSummary(4, 4, 0, 0, 4));
        assertThat(c.quarantined).allMatch(q -> q.reason() == QuarantineReason.INVALID_JSON);
        assertThat(c.quarantined).extracting(q -> q.origin().position()).containsExactly(0L, 0L, 0L, 1L);
        assertThat(c.quarantined.get(2).message()).contains("SERVER_ERROR");
    }

    @Test
    void missingInputIsUnreadable() {
        assertThatThrownBy(() -> new OpenFdaReader().read(tmp.resolve("nope.json"), new Collector()))
                .isInstanceOf(UnreadableInputException.class).hasMessageContaining("nope.json");
        assertThatThrownBy(() -> new OpenFdaReader().read(tmp, new Collector()))
                .isInstanceOf(UnreadableInputException.class).hasMessageContaining("no file");
    }

    @Test
    void damagedZipIsQuarantinedAsTruncatedArchive() throws IOException {
        String pre = Files.readString(SharedData.require(SAMPLE + "event.preannotation.json"));
        Path zip = tmp.resolve("part.json.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("part.json"));
            StringBuilder b = new StringBuilder("{\"results\": [");
            for (int i = 0; i < 50; i++) {
                b.append(i == 0 ? "" : ",").append(pre);
            }
            z.write(b.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = Files.readAllBytes(zip);
        Files.write(zip, java.util.Arrays.copyOf(all, all.length * 2 / 3));
        Collector c = new Collector();
        ReadSummary s = read(zip, c);
        assertThat(c.count(QuarantineReason.TRUNCATED_ARCHIVE)).isEqualTo(2); // the member, the archive
        assertThat(c.reports.size()).isLessThan(50);
        assertThat(s.balanced()).isTrue();
    }

    @Test
    void fallbackDataPeriodOnlyWhereNoDate() {
        String doc = "[{\"safetyreportid\": \"1\"}, {\"safetyreportid\": \"2\", \"receivedate\": \"2021\"},"
                + " {\"safetyreportid\": \"3\", \"receivedate\": \"202103\"}]";
        Collector c = new Collector();
        new OpenFdaReader("2020Q4").read("x.json", new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), c);
        assertThat(c.reports).extracting(RawReport::dataPeriod).containsExactly("2020Q4", "2020Q4", "2021Q1");
        assertThat(c.reports).extracting(RawReport::receivedMonth).containsExactly(null, null, YearMonth.of(2021, 3));
        assertThatThrownBy(() -> new OpenFdaReader("2020-4")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- properties

    enum Kind { GOOD, FOOD, NO_ID, BAD_DATE, BAD_VERSION, WRONG_TYPE, NOT_OBJECT }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /** A random page of results of every kind; returns the kinds in order. */
    static String randomDocument(Random rnd, List<Kind> kinds) {
        int n = rnd.nextInt(30);
        StringBuilder b = new StringBuilder();
        boolean api = rnd.nextBoolean();
        b.append(api ? "{\"meta\": {\"results\": {\"total\": " + n + "}}, \"results\": [" : "[");
        for (int i = 0; i < n; i++) {
            Kind k = Kind.values()[rnd.nextInt(Kind.values().length)];
            kinds.add(k);
            b.append(i == 0 ? "" : ",\n");
            String id = "\"safetyreportid\": \"" + (700000 + i) + "\", ";
            String date = "\"receivedate\": \"2020" + String.format("%02d", 1 + rnd.nextInt(12)) + "15\", ";
            String patient = "\"patient\": {\"patientsex\": \"" + rnd.nextInt(3) + "\", \"drug\": [{\"medicinalproduct\": \"D"
                    + rnd.nextInt(9) + "\", \"drugcharacterization\": \"" + (1 + rnd.nextInt(3)) + "\", \"openfda\": {\"x\": [1, {\"y\": null}]}}],"
                    + " \"reaction\": [{\"reactionmeddrapt\": \"R" + rnd.nextInt(9) + "\"}]}";
            switch (k) {
                case GOOD -> b.append('{').append(id).append(date).append(patient).append('}');
                case FOOD -> b.append("{\"report_number\": \"").append(600000 + i)
                        .append("\", \"date_created\": \"20190101\", \"products\": [{\"role\": \"SUSPECT\", \"name_brand\": \"KRATOM\"}],"
                                + " \"reactions\": [\"Nausea\"], \"outcomes\": [\"Death\"]}");
                case NO_ID -> b.append('{').append(date).append(patient).append('}');
                case BAD_DATE -> b.append('{').append(id).append("\"receivedate\": \"2020-01-15\", ").append(patient).append('}');
                case BAD_VERSION -> b.append('{').append(id).append("\"safetyreportversion\": \"-3\", ").append(date).append(patient).append('}');
                case WRONG_TYPE -> b.append('{').append(id).append(date).append("\"patient\": [1, 2]}");
                case NOT_OBJECT -> b.append(rnd.nextBoolean() ? "null" : "[\"x\"]");
            }
        }
        b.append(api ? "]}" : "]");
        return b.toString();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyRecordEndsInExactlyOneCallInOrder(long seed) {
        Random rnd = new Random(seed);
        List<Kind> kinds = new ArrayList<>();
        String doc = randomDocument(rnd, kinds);
        Collector c = new Collector();
        ReadSummary s = new OpenFdaReader().read("r.json", new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), c);

        assertThat(s.records()).isEqualTo(kinds.size());
        assertThat(s.balanced()).isTrue();
        assertThat(c.calls).hasSize(kinds.size());
        for (int i = 0; i < kinds.size(); i++) {
            Object call = c.calls.get(i);
            Kind k = kinds.get(i);
            Origin at = call instanceof RawReport r ? r.origin() : ((QuarantineItem) call).origin();
            assertThat(at).isEqualTo(Origin.record("r.json", i + 1));
            switch (k) {
                case GOOD -> assertThat(call).isInstanceOfSatisfying(RawReport.class, r -> assertThat(r.source()).isEqualTo(Source.OPENFDA));
                case FOOD -> assertThat(call).isInstanceOfSatisfying(RawReport.class, r -> {
                    assertThat(r.source()).isEqualTo(Source.CAERS);
                    assertThat(r.outcomes()).containsExactly(Outcome.DEATH);
                });
                case NO_ID -> assertThat(((QuarantineItem) call).reason()).isEqualTo(QuarantineReason.MISSING_ID);
                case BAD_DATE -> assertThat(((QuarantineItem) call).reason()).isEqualTo(QuarantineReason.BAD_DATE);
                case BAD_VERSION -> assertThat(((QuarantineItem) call).reason()).isEqualTo(QuarantineReason.BAD_NUMBER);
                case WRONG_TYPE, NOT_OBJECT -> assertThat(((QuarantineItem) call).reason()).isEqualTo(QuarantineReason.INVALID_JSON);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aDocumentCutAnywhereStillBalancesAndKeepsAPrefix(long seed) {
        Random rnd = new Random(seed);
        List<Kind> kinds = new ArrayList<>();
        byte[] doc = randomDocument(rnd, kinds).getBytes(StandardCharsets.UTF_8);
        Collector whole = new Collector();
        new OpenFdaReader().read("r.json", new ByteArrayInputStream(doc), whole);

        int cut = rnd.nextInt(doc.length);
        Collector c = new Collector();
        ReadSummary s = new OpenFdaReader().read("r.json", new ByteArrayInputStream(doc, 0, cut), c);

        assertThat(s.balanced()).isTrue();
        assertThat(s.records()).isLessThanOrEqualTo(kinds.size() + 1L).isGreaterThanOrEqualTo(1);
        Object last = c.calls.get(c.calls.size() - 1);
        assertThat(last).isInstanceOfSatisfying(QuarantineItem.class,
                q -> assertThat(q.reason()).isEqualTo(QuarantineReason.INVALID_JSON));
        // everything before the failure is what the whole document gives, in the same order
        assertThat(c.calls.subList(0, c.calls.size() - 1))
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(whole.calls.subList(0, c.calls.size() - 1));
    }

    // ---------------------------------------------------------------- speed

    /** A generated page served lazily: never held in memory, as a bulk file would not be. */
    static final class GeneratedPage extends java.io.InputStream {
        private final byte[] head = "{\"meta\": {\"results\": {\"total\": 0}}, \"results\": [".getBytes(StandardCharsets.US_ASCII);
        private final byte[] tail = "]}".getBytes(StandardCharsets.US_ASCII);
        private final byte[] chunk;
        private final int chunkReports;
        private long chunksLeft;
        private byte[] cur;
        private int pos;
        private int stage;

        GeneratedPage(String report, int chunkReports, long chunks) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < chunkReports; i++) {
                b.append(",\n").append(report.replace("#ID#", Integer.toString(10000000 + i)));
            }
            this.chunk = b.toString().getBytes(StandardCharsets.US_ASCII);
            this.chunkReports = chunkReports;
            this.chunksLeft = chunks;
            this.cur = head;
        }

        long reports(long chunks) {
            return chunks * chunkReports;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (pos == cur.length) {
                if (stage == 0) {
                    stage = 1;
                    cur = chunk;
                    pos = 1; // skip the first comma
                    chunksLeft--;
                } else if (stage == 1 && chunksLeft > 0) {
                    cur = chunk;
                    pos = 0;
                    chunksLeft--;
                } else if (stage == 1) {
                    stage = 2;
                    cur = tail;
                    pos = 0;
                } else {
                    return -1;
                }
            }
            int n = Math.min(len, cur.length - pos);
            System.arraycopy(cur, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    static final String LEAN_REPORT = "{\"safetyreportversion\": \"2\", \"safetyreportid\": \"#ID#\", \"primarysourcecountry\": \"US\","
            + " \"occurcountry\": \"US\", \"transmissiondateformat\": \"102\", \"transmissiondate\": \"20230401\", \"reporttype\": \"1\","
            + " \"serious\": \"1\", \"seriousnessother\": \"1\", \"seriousnesshospitalization\": \"1\", \"receivedateformat\": \"102\","
            + " \"receivedate\": \"20230115\", \"receiptdateformat\": \"102\", \"receiptdate\": \"20230320\", \"fulfillexpeditecriteria\": \"1\","
            + " \"companynumb\": \"US-XYZ-2023-000001\", \"duplicate\": \"1\", \"reportduplicate\": {\"duplicatesource\": \"XYZ\", \"duplicatenumb\": \"US-XYZ-1\"},"
            + " \"primarysource\": {\"reportercountry\": \"US\", \"qualification\": \"5\"}, \"sender\": {\"sendertype\": \"2\", \"senderorganization\": \"FDA-Public Use\"},"
            + " \"receiver\": {\"receivertype\": \"6\", \"receiverorganization\": \"FDA\"}, \"patient\": {\"patientonsetage\": \"45\", \"patientonsetageunit\": \"801\","
            + " \"patientsex\": \"2\", \"reaction\": [{\"reactionmeddraversionpt\": \"25.1\", \"reactionmeddrapt\": \"Drug withdrawal syndrome\", \"reactionoutcome\": \"6\"},"
            + " {\"reactionmeddraversionpt\": \"25.1\", \"reactionmeddrapt\": \"Nausea\", \"reactionoutcome\": \"6\"},"
            + " {\"reactionmeddraversionpt\": \"25.1\", \"reactionmeddrapt\": \"Anxiety\", \"reactionoutcome\": \"6\"}],"
            + " \"drug\": [{\"drugcharacterization\": \"1\", \"medicinalproduct\": \"KRATOM\", \"drugdosagetext\": \"UNK\", \"drugadministrationroute\": \"048\","
            + " \"drugindication\": \"Product used for unknown indication\", \"actiondrug\": \"5\", \"activesubstance\": {\"activesubstancename\": \"MITRAGYNINE\"}},"
            + " {\"drugcharacterization\": \"2\", \"medicinalproduct\": \"SERTRALINE\", \"activesubstance\": {\"activesubstancename\": \"SERTRALINE HYDROCHLORIDE\"}},"
            + " {\"drugcharacterization\": \"2\", \"medicinalproduct\": \"IBUPROFEN\", \"activesubstance\": {\"activesubstancename\": \"IBUPROFEN\"}}],"
            + " \"summary\": {\"narrativeincludeclinical\": \"CASE EVENT DATE: 20230101\"}}}";

    /** As the API and bulk files have it: every drug that matched a label carries a large openfda block. */
    static final String HEAVY_REPORT = LEAN_REPORT.replace("\"activesubstance\": {\"activesubstancename\": \"IBUPROFEN\"}",
            "\"activesubstance\": {\"activesubstancename\": \"IBUPROFEN\"}, \"openfda\": {\"application_number\": [\"ANDA070082\", \"NDA017463\"],"
            + " \"brand_name\": [\"IBUPROFEN\", \"ADVIL\", \"MOTRIN IB\"], \"generic_name\": [\"IBUPROFEN\"], \"manufacturer_name\": [\"A\", \"B\", \"C\", \"D\"],"
            + " \"product_ndc\": [\"0113-0604\", \"0363-0291\", \"0904-5794\", \"11673-022\", \"21130-291\", \"30142-291\", \"36800-291\"],"
            + " \"product_type\": [\"HUMAN OTC DRUG\"], \"route\": [\"ORAL\"], \"substance_name\": [\"IBUPROFEN\"],"
            + " \"rxcui\": [\"197805\", \"197806\", \"197807\", \"310964\", \"310965\", \"314047\", \"731533\", \"731535\"],"
            + " \"spl_id\": [\"0a1b2c3d-0000-1111-2222-333344445555\", \"1a1b2c3d-0000-1111-2222-333344445555\", \"2a1b2c3d-0000-1111-2222-333344445555\"],"
            + " \"spl_set_id\": [\"9a1b2c3d-0000-1111-2222-333344445555\", \"8a1b2c3d-0000-1111-2222-333344445555\"],"
            + " \"package_ndc\": [\"0113-0604-62\", \"0113-0604-68\", \"0363-0291-01\", \"0363-0291-04\", \"0904-5794-60\", \"11673-022-01\"],"
            + " \"nui\": [\"N0000175722\", \"N0000000160\"], \"pharm_class_epc\": [\"Nonsteroidal Anti-inflammatory Drug [EPC]\"],"
            + " \"pharm_class_moa\": [\"Cyclooxygenase Inhibitors [MoA]\"], \"unii\": [\"WK2XYI10QM\"]}");

    @Test
    void parsesWellAboveOneHundredThousandReportsPerSecond() {
        double lean = rate(LEAN_REPORT, 200, 600);
        double heavy = rate(HEAVY_REPORT, 200, 200);
        System.out.printf("openFDA streaming parse, per CPU-second of one core: %,.0f reports/s (%d-byte reports), %,.0f reports/s (%d-byte reports with an openfda block)%n",
                lean, LEAN_REPORT.length(), heavy, HEAVY_REPORT.length());
        assertThat(lean).as("reports per second, lean").isGreaterThan(20_000); // lenient: shared CI machines
    }

    private static double rate(String report, int chunkReports, long chunks) {
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
        OpenFdaReader reader = new OpenFdaReader();
        reader.read("warm.json", new GeneratedPage(report, chunkReports, chunks / 4), counting); // warm-up
        count[0] = 0;
        GeneratedPage page = new GeneratedPage(report, chunkReports, chunks);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime(); // CPU time of this thread: one core, whatever else runs
        reader.read("gen.json", page, counting);
        double secs = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
        assertThat(count[0]).isEqualTo(page.reports(chunks));
        return count[0] / secs;
    }
}
