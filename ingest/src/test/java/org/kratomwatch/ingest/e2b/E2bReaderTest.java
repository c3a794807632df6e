package org.kratomwatch.ingest.e2b;

import org.kratomwatch.ingest.model.Collector;
import org.kratomwatch.ingest.io.ReadSummary;
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
import org.kratomwatch.avro.PositionUnit;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.model.Origin;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.Retraction;
import org.kratomwatch.stats.SharedData;

class E2bReaderTest {

    private static final String QUARTERLY = "e2b-xml-sample/faers-quarterly-xml_faersquarterlydata/";
    private static final String R3 = "e2b-xml-sample/fda-e2b-r3-icsr-examples_donihyun-e2br3/";

    @TempDir
    Path tmp;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(E2bReaderTest.class.getResource("/e2b/" + name).toURI());
    }

    private static ReadSummary read(Path p, Collector c) {
        ReadSummary s = new E2bReader().read(p, c);
        assertThat(s.balanced()).as("records = reports + retractions + quarantined: %s", s).isTrue();
        assertThat(c.total()).isEqualTo(s.records());
        return s;
    }

    /** Independent record count: occurrences of the record's start tag. */
    private static long count(Path xml, String tag) throws IOException {
        String s = Files.readString(xml);
        long n = 0;
        for (int i = s.indexOf("<" + tag + ">"); i >= 0; i = s.indexOf("<" + tag + ">", i + 1)) {
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------- E2B(R2): FAERS quarterly XML

    @Test
    void faersQuarterlyXml2022q1() throws IOException {
        Path p = SharedData.require(QUARTERLY + "1_ADR22Q1_example.xml");
        Collector c = new Collector();
        ReadSummary s = read(p, c);

        assertThat(s.records()).isEqualTo(count(p, "safetyreport")).isEqualTo(7);
        assertThat(c.reports).extracting(RawReport::caseId)
                .containsExactly("19454107", "20270107", "20300948", "19264942", "20395365", "20345305", "20368848");
        assertThat(c.reports).allMatch(r -> r.source() == Source.FAERS && r.dataPeriod().equals("2022Q1"));

        RawReport r = c.report("20395365");
        assertThat(r.origin()).isEqualTo(Origin.record("1_ADR22Q1_example.xml", 5));
        assertThat(r.caseVersion()).isEqualTo(1);
        assertThat(r.receivedMonth()).isEqualTo(YearMonth.of(2022, 1));
        assertThat(r.ageYears()).isEqualTo(41.0);
        assertThat(r.sex()).isEqualTo(Sex.MALE);
        assertThat(r.reporterType()).isEqualTo(ReporterType.LAWYER);
        assertThat(r.reporterCountry()).isEqualTo("US");
        assertThat(r.serious()).isTrue();
        assertThat(r.outcomes()).containsExactly(Outcome.DEATH); // the other seriousness flags are 2
        assertThat(r.drugs()).hasSize(6).allMatch(d -> d.equals(new RawDrug("RANITIDINE", "RANITIDINE", DrugRole.SUSPECT)));
        assertThat(r.reactions()).containsExactly("Colorectal cancer", "Incorrect dose administered");
        assertThat(r.narrative()).isEqualTo("CASE EVENT DATE: 20150101");

        RawReport opioid = c.report("20270107");
        assertThat(opioid.drugs()).containsExactly(
                new RawDrug("OXYCONTIN", "OXYCODONE HYDROCHLORIDE", DrugRole.SUSPECT),
                new RawDrug("DILAUDID", "HYDROMORPHONE HYDROCHLORIDE", DrugRole.SUSPECT),
                new RawDrug("MS CONTIN", "MORPHINE SULFATE", DrugRole.SUSPECT));
        assertThat(opioid.reactions()).containsExactly("Overdose", "Drug dependence", "Drug withdrawal syndrome", "Pain", "Emotional distress");
        assertThat(opioid.outcomes()).containsExactlyInAnyOrder(Outcome.DISABILITY, Outcome.OTHER_SERIOUS);

        RawReport first = c.report("19454107");
        assertThat(first.caseVersion()).isEqualTo(3);
        assertThat(first.receivedMonth()).isEqualTo(YearMonth.of(2021, 6)); // receivedate, not receiptdate 20220104
        assertThat(first.serious()).isFalse();
        assertThat(first.sex()).isEqualTo(Sex.UNKNOWN); // no patientsex
        assertThat(first.reporterType()).isEqualTo(ReporterType.OTHER_HEALTH_PROFESSIONAL);
    }

    @Test
    void faersQuarterlyZip2012q4() {
        Collector c = new Collector();
        ReadSummary s = read(SharedData.require(QUARTERLY + "faers_xml_2012q4.zip"), c);

        assertThat(s).isEqualTo(new ReadSummary(1, 5, 5, 0, 0));
        assertThat(c.reports).extracting(RawReport::caseId).containsExactly("7795712", "7795970", "7668475", "7757074", "7735661");
        assertThat(c.reports.get(0).origin().toString()).isEqualTo("faers_xml_2012q4.zip!/xml/ADR12Q4.xml#1");
        assertThat(c.reports).allMatch(r -> r.source() == Source.FAERS && r.dataPeriod().equals("2012Q4"));

        RawReport jp = c.report("7795970");
        assertThat(jp.reporterCountry()).isEqualTo("JP");
        assertThat(jp.reporterType()).isEqualTo(ReporterType.PHYSICIAN);
        assertThat(jp.caseVersion()).isEqualTo(5);
        assertThat(jp.ageYears()).as("72 without a unit: unknown").isNull();
        assertThat(jp.outcomes()).containsExactlyInAnyOrder(Outcome.HOSPITALIZATION, Outcome.OTHER_SERIOUS);
        // reportercountry "COUNTRY NOT SPECIFIED" falls back to primarysourcecountry
        assertThat(c.report("7757074").reporterCountry()).isEqualTo("NL");
        RawReport m = c.report("7795712");
        assertThat(m.receivedMonth()).isEqualTo(YearMonth.of(2011, 1));
        assertThat(m.drugs().get(0)).isEqualTo(new RawDrug("METOCLOPRAMIDE", null, DrugRole.SUSPECT));
        assertThat(m.drugs().stream().filter(d -> d.role() == DrugRole.CONCOMITANT)).hasSizeGreaterThan(10);
    }

    @Test
    void zipAndUnzippedCopyAgree() {
        Collector zipped = new Collector();
        read(SharedData.require(QUARTERLY + "faers_xml_2012q4.zip"), zipped);
        Collector plain = new Collector();
        read(SharedData.require(QUARTERLY + "xml/ADR12Q4.xml"), plain);
        assertThat(plain.reports).usingRecursiveFieldByFieldElementComparatorIgnoringFields("origin")
                .isEqualTo(zipped.reports);
    }

    // ---------------------------------------------------------------- E2B(R3): FDA's example instances

    @Test
    void r3ScenarioOne() {
        Collector c = new Collector();
        ReadSummary s = read(SharedData.require(R3 + "FAERS2022Scenario1.xml"), c);
        assertThat(s).isEqualTo(new ReadSummary(1, 1, 1, 0, 0));
        RawReport r = c.reports.get(0);
        assertThat(r.source()).isEqualTo(Source.E2B);
        assertThat(r.caseId()).isEqualTo("US-APHARMA-8744554B"); // C.1.1
        assertThat(r.caseVersion()).isEqualTo(20220614151010L); // C.1.5 20220614101010-0500 in UTC
        assertThat(r.receivedMonth()).isEqualTo(YearMonth.of(2022, 6)); // C.1.4
        assertThat(r.dataPeriod()).isEqualTo("2022Q2");
        assertThat(r.ageYears()).isEqualTo(48.0); // 48 a
        assertThat(r.sex()).isEqualTo(Sex.MALE); // D.5 code 1
        assertThat(r.reporterType()).isEqualTo(ReporterType.PHYSICIAN);
        assertThat(r.reporterCountry()).isEqualTo("US");
        assertThat(r.drugs()).containsExactly( // the D.8 drug history (CureAll) is not a case drug
                new RawDrug("Drug A", "Ingredient A", DrugRole.SUSPECT),
                new RawDrug("Drug B", "Ingredient B", DrugRole.SUSPECT),
                new RawDrug("Drug C", null, DrugRole.CONCOMITANT));
        // codes only: the term reported for translation (E.i.1.2) is kept
        assertThat(r.reactions()).containsExactly("THROMBOSE VEINEUSE PROFONDE", "COLITE ISCHEMIQUE");
        assertThat(r.serious()).isTrue();
        assertThat(r.outcomes()).containsExactlyInAnyOrder(Outcome.DISABILITY, Outcome.OTHER_SERIOUS);
        assertThat(r.narrative()).startsWith("Case Narrative Including Clinical Course");
        assertThat(r.origin()).isEqualTo(Origin.record("FAERS2022Scenario1.xml", 1));
    }

    @Test
    void r3MegaScenarioSix() {
        Collector c = new Collector();
        read(SharedData.require(R3 + "FAERS2022Scenario6.xml"), c);
        RawReport r = c.reports.get(0);
        assertThat(r.ageYears()).isEqualTo(10.0);
        assertThat(r.outcomes()).containsExactlyInAnyOrder(Outcome.DEATH, Outcome.HOSPITALIZATION, Outcome.DISABILITY, Outcome.OTHER_SERIOUS);
        assertThat(r.drugs()).containsExactly(
                new RawDrug("Drug A", "TERBINAFINE HYDROCHLORIDE\\ARGEMONE MEXICANA SEED OIL", DrugRole.SUSPECT),
                new RawDrug("Drug B", "Vaccinia virus", DrugRole.INTERACTING));
        // E.i.1.2 (English) preferred to E.i.1.1a (Portuguese); the second reaction has only its MedDRA code
        assertThat(r.reactions()).containsExactly("Altered Consciousness", "10024381");
    }

    @Test
    void r3NotAdministeredDrugsAreDroppedAndRolesMerge() {
        Collector c = new Collector();
        read(SharedData.require(R3 + "FAERS2022Scenario7.xml"), c);
        // Drug B has two G.k.1 values, 4 (not administered) and 1 (suspect): suspect wins
        assertThat(c.reports.get(0).drugs()).extracting(RawDrug::role).containsExactly(DrugRole.SUSPECT, DrugRole.SUSPECT);
        assertThat(c.reports.get(0).serious()).isFalse();
    }

    @Test
    void r3FolderSkipsAcknowledgementsAndTheReadMe() throws IOException {
        Path dir = SharedData.require(R3);
        Collector c = new Collector();
        ReadSummary s = read(dir, c);
        assertThat(s).isEqualTo(new ReadSummary(10, 10, 10, 0, 0));
        long messages = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".xml")).toList()) {
                messages += count(f, "PORR_IN049016UV");
            }
        }
        assertThat(s.records()).isEqualTo(messages);
    }

    @Test
    void acknowledgementNamedDirectlyIsOneInvalidXmlRecord() {
        Collector c = new Collector();
        ReadSummary s = read(SharedData.require(R3 + "R3ack-positive.ack"), c);
        assertThat(s).isEqualTo(new ReadSummary(1, 1, 0, 0, 1));
        assertThat(c.quarantined.get(0).reason()).isEqualTo(QuarantineReason.INVALID_XML);
        assertThat(c.quarantined.get(0).message()).contains("acknowledgement");
        assertThat(c.quarantined.get(0).origin()).isEqualTo(Origin.record("R3ack-positive.ack", 0));
    }

    @Test
    void legacySgmlIsNotRead() {
        Collector c = new Collector();
        ReadSummary s = read(SharedData.require("e2b-xml-sample/aers-sgml_fda-openfda/event.sgm"), c);
        assertThat(s).isEqualTo(new ReadSummary(1, 1, 0, 0, 1));
        assertThat(c.quarantined.get(0).reason()).isEqualTo(QuarantineReason.OTHER);
        assertThat(c.quarantined.get(0).source()).isEqualTo(Source.FAERS_LEGACY);
        assertThatThrownBy(() -> new E2bReader().read(SharedData.require("e2b-xml-sample/aers-sgml_fda-openfda"), new Collector()))
                .isInstanceOf(UnreadableInputException.class);
    }

    @Test
    void wholeE2bSample() {
        Collector c = new Collector();
        ReadSummary s = read(SharedData.require("e2b-xml-sample"), c);
        // 7 (2022Q1) + 5 (zip) + 5 (its unzipped copy: the same cases twice) + 10 R3 messages; .ack and .sgm skipped
        assertThat(s).isEqualTo(new ReadSummary(13, 27, 27, 0, 0));
    }

    // ---------------------------------------------------------------- hand-made fixtures

    @Test
    void r3HandMadeFixture() throws Exception {
        Collector c = new Collector();
        ReadSummary s = read(fixture("r3-handmade.xml"), c);
        assertThat(s).isEqualTo(new ReadSummary(1, 2, 1, 0, 1));

        RawReport r = c.reports.get(0);
        assertThat(r.caseId()).isEqualTo("XX-TEST-0001"); // no C.1.1: C.1.8.1
        assertThat(r.caseVersion()).isEqualTo(20240105223000L); // 20240105233000+0100
        assertThat(r.receivedMonth()).isEqualTo(YearMonth.of(2023, 11));
        assertThat(r.dataPeriod()).isEqualTo("2023Q4");
        assertThat(r.sex()).isEqualTo(Sex.FEMALE);
        assertThat(r.ageYears()).isEqualTo(1.5); // 18 mo
        assertThat(r.reactions()).containsExactly("Drug dependence", "shaking and sweating", "10019211");
        assertThat(r.outcomes()).containsExactlyInAnyOrder(Outcome.REQUIRED_INTERVENTION, Outcome.HOSPITALIZATION);
        assertThat(r.serious()).isTrue();
        assertThat(r.drugs()).containsExactly(
                new RawDrug("RED BALI KRATOM", "MITRAGYNA SPECIOSA LEAF", DrugRole.INTERACTING),
                new RawDrug("FENTANYL", null, DrugRole.UNKNOWN)); // PLACEBO (role 4) dropped, D.8 not a drug
        assertThat(r.reporterType()).isEqualTo(ReporterType.OTHER_HEALTH_PROFESSIONAL); // the priority-1 source
        assertThat(r.reporterCountry()).isEqualTo("DE"); // its country is empty: E.i.9 of the first reaction
        assertThat(r.narrative()).isEqualTo("Narrative: the patient used a kratom product.");

        QuarantineItem q = c.quarantined.get(0);
        assertThat(q.reason()).isEqualTo(QuarantineReason.BAD_DATE);
        assertThat(q.origin()).isEqualTo(Origin.record("r3-handmade.xml", 2));
        assertThat(q.message()).startsWith("C.1.5:");
    }

    @Test
    void r2BadFieldsAndEdgeCases() throws Exception {
        Collector c = new Collector();
        ReadSummary s = new E2bReader("2022Q2").read(fixture("bad-fields-r2.xml"), c);
        assertThat(s).isEqualTo(new ReadSummary(1, 4, 1, 0, 3));
        assertThat(c.quarantined).extracting(QuarantineItem::reason)
                .containsExactly(QuarantineReason.MISSING_ID, QuarantineReason.BAD_NUMBER, QuarantineReason.BAD_DATE);
        assertThat(c.quarantined).extracting(q -> q.origin().position()).containsExactly(1L, 2L, 3L);
        assertThat(c.quarantined.get(2).excerpt()).isEqualTo("receivedate=20221301");

        RawReport r = c.report("800014");
        assertThat(r.source()).isEqualTo(Source.E2B); // not a FAERS file name
        assertThat(r.caseVersion()).isEqualTo(4);
        assertThat(r.receivedMonth()).isNull();
        assertThat(r.dataPeriod()).isEqualTo("2022Q2"); // the fallback
        assertThat(r.outcomes()).containsExactlyInAnyOrder(Outcome.LIFE_THREATENING, Outcome.CONGENITAL_ANOMALY);
        assertThat(r.reporterType()).isEqualTo(ReporterType.PHARMACIST); // first primarysource
        assertThat(r.reporterCountry()).isEqualTo("GB"); // UNITED KINGDOM
        assertThat(r.ageYears()).isCloseTo(21 / 365.25, within(1e-12)); // 3 weeks
        assertThat(r.sex()).isEqualTo(Sex.UNKNOWN); // 0
        assertThat(r.reactions()).containsExactly("felt & looked ill", "Drug dependence");
        assertThat(r.drugs()).containsExactly(
                new RawDrug("MITRAGYNINE\\7-HYDROXYMITRAGYNINE", "MITRAGYNINE\\7-HYDROXYMITRAGYNINE", DrugRole.INTERACTING),
                new RawDrug("MYSTERY", null, DrugRole.UNKNOWN)); // the drug with neither name nor substance is dropped
        assertThat(r.narrative()).isEqualTo("Patient took kratom tea daily.");
    }

    @Test
    void malformedXmlQuarantinesWithTheLineAndGoesOnWithTheNextFile() throws Exception {
        Files.copy(fixture("malformed-r2.xml"), tmp.resolve("a.xml"));
        Files.copy(fixture("bad-fields-r2.xml"), tmp.resolve("b.xml"));
        Collector c = new Collector();
        ReadSummary s = read(tmp, c);

        assertThat(s.files()).isEqualTo(2);
        assertThat(c.reports).extracting(RawReport::caseId).containsExactly("800001", "800014");
        QuarantineItem q = c.quarantined.get(0);
        assertThat(q.reason()).isEqualTo(QuarantineReason.INVALID_XML);
        assertThat(q.origin()).isEqualTo(new Origin("a.xml", 15, PositionUnit.LINE));
        assertThat(q.message()).startsWith("record 2: not well-formed XML at line 15").contains("reaction")
                .contains("the rest of the file is not read").doesNotContain("\n");
        assertThat(c.quarantined).hasSize(4); // then the three of b.xml
    }

    @Test
    void externalEntitiesAreNeverResolved() throws IOException {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-VALUE");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE ichicsr [\n  <!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">\n]>\n"
                + "<ichicsr>\n  <safetyreport>\n    <safetyreportid>800041</safetyreportid>\n    <receivedate>20220105</receivedate>\n"
                + "    <patient><summary><narrativeincludeclinical>&xxe;</narrativeincludeclinical></summary></patient>\n"
                + "  </safetyreport>\n</ichicsr>\n";
        Path file = tmp.resolve("xxe.xml");
        Files.writeString(file, xxe);
        String dtdAttack = "<?xml version=\"1.0\"?>\n<!DOCTYPE ichicsr SYSTEM \"" + secret.toUri() + "\">\n"
                + "<ichicsr><safetyreport><safetyreportid>800042</safetyreportid></safetyreport></ichicsr>\n";
        Files.writeString(tmp.resolve("xxe-dtd.xml"), dtdAttack);

        Collector c = new Collector();
        ReadSummary s = read(tmp, c);

        assertThat(s.records()).isEqualTo(2);
        assertThat(c.quarantined).hasSize(1);
        QuarantineItem q = c.quarantined.get(0);
        assertThat(q.reason()).isEqualTo(QuarantineReason.INVALID_XML);
        assertThat(q.origin()).isEqualTo(new Origin("xxe.xml", 9, PositionUnit.LINE));
        assertThat(q.message()).contains("xxe").doesNotContain("TOP-SECRET");
        // an external DTD is simply not loaded; the report is read without it
        assertThat(c.reports).extracting(RawReport::caseId).containsExactly("800042");
        assertThat(c.reports.get(0).toString()).doesNotContain("TOP-SECRET");
    }

    @Test
    void entityExpansionIsRefused() throws Exception {
        Collector c = new Collector();
        ReadSummary s = read(fixture("billion-laughs.xml"), c);
        assertThat(s).isEqualTo(new ReadSummary(1, 1, 0, 0, 1));
        assertThat(c.quarantined.get(0).reason()).isEqualTo(QuarantineReason.INVALID_XML);
        assertThat(c.quarantined.get(0).message()).contains("lol3");
    }

    @Test
    void externalDtdOfFaersFilesIsNotFetched() throws Exception {
        // bad-fields-r2.xml names http://127.0.0.1:9/ich-icsr-v2.1.dtd, which nothing serves
        Collector c = new Collector();
        read(fixture("bad-fields-r2.xml"), c);
        assertThat(c.quarantined).noneMatch(q -> q.reason() == QuarantineReason.INVALID_XML);
    }

    @Test
    void xmlThatIsNoIcsrIsOneRecord() throws Exception {
        Collector c = new Collector();
        ReadSummary s = read(fixture("not-icsr.xml"), c);
        assertThat(s).isEqualTo(new ReadSummary(1, 1, 0, 0, 1));
        assertThat(c.quarantined.get(0).message()).contains("root element html");
    }

    @Test
    void deletedCaseListsInAFaersZipBecomeRetractions() throws IOException {
        Path zip = tmp.resolve("faers_xml_2022q1.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("XML/1_ADR22Q1.xml"));
            Files.copy(SharedData.require(QUARTERLY + "1_ADR22Q1_example.xml"), z);
            z.putNextEntry(new ZipEntry("Deleted/DELETE22Q1.txt"));
            z.write("19454107\r\n\r\n12345678\r\nnot-an-id\r\n".getBytes(StandardCharsets.US_ASCII));
            z.putNextEntry(new ZipEntry("Readme.pdf"));
            z.write(new byte[] {1, 2, 3});
        }
        Collector c = new Collector();
        ReadSummary s = read(zip, c);
        assertThat(s).isEqualTo(new ReadSummary(2, 10, 7, 2, 1));
        assertThat(c.retractions).containsExactly(
                new Retraction(Source.FAERS, "19454107", Origin.line("faers_xml_2022q1.zip!/Deleted/DELETE22Q1.txt", 1)),
                new Retraction(Source.FAERS, "12345678", Origin.line("faers_xml_2022q1.zip!/Deleted/DELETE22Q1.txt", 3)));
        assertThat(c.quarantined.get(0).reason()).isEqualTo(QuarantineReason.MISSING_ID);
        assertThat(c.reports.get(0).origin().file()).isEqualTo("faers_xml_2022q1.zip!/XML/1_ADR22Q1.xml");
        assertThat(c.reports).allMatch(r -> r.source() == Source.FAERS && "2022Q1".equals(r.dataPeriod()));
    }

    @Test
    void truncatedZipIsQuarantined() throws IOException {
        byte[] zip = Files.readAllBytes(SharedData.require(QUARTERLY + "faers_xml_2012q4.zip"));
        Path cut = tmp.resolve("faers_xml_2012q4.zip");
        Files.write(cut, java.util.Arrays.copyOf(zip, zip.length / 2));
        Collector c = new Collector();
        read(cut, c);
        // the archive is TRUNCATED_ARCHIVE; its cut member is what the parser saw (StAX: premature end of file)
        assertThat(c.quarantined).hasSize(2);
        assertThat(c.quarantined.get(1).reason()).isEqualTo(QuarantineReason.TRUNCATED_ARCHIVE);
        assertThat(c.quarantined.get(1).origin()).isEqualTo(Origin.record("faers_xml_2012q4.zip", 0));
        assertThat(c.quarantined.get(0).reason()).isIn(QuarantineReason.INVALID_XML, QuarantineReason.TRUNCATED_ARCHIVE);
        assertThat(c.reports.size()).isLessThan(5);

        Path notZip = tmp.resolve("html.zip");
        Files.writeString(notZip, "<html>not a zip</html>");
        assertThatThrownBy(() -> new E2bReader().read(notZip, new Collector()))
                .isInstanceOf(UnreadableInputException.class).hasMessageContaining("html.zip is not a zip archive");
    }

    @Test
    void badFallbackPeriodIsRejected() {
        assertThatThrownBy(() -> new E2bReader("22Q1")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- properties

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    enum Kind { GOOD, NO_ID, BAD_DATE, BAD_VERSION }

    static String randomR2(Random rnd, List<Kind> kinds) {
        return randomR2(rnd, kinds, false);
    }

    static String randomR2(Random rnd, List<Kind> kinds, boolean allGood) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ichicsr lang=\"en\">\n"
                + "<ichicsrmessageheader><messagetype>ichicsr</messagetype></ichicsrmessageheader>\n");
        int n = rnd.nextInt(25);
        for (int i = 0; i < n; i++) {
            Kind k = allGood ? Kind.GOOD : Kind.values()[rnd.nextInt(Kind.values().length)];
            kinds.add(k);
            b.append("<safetyreport>\n");
            if (k != Kind.NO_ID) {
                b.append("<safetyreportid>").append(500000 + i).append("</safetyreportid>\n");
            }
            b.append("<safetyreportversion>").append(k == Kind.BAD_VERSION ? "1.5" : Integer.toString(1 + rnd.nextInt(9)))
                    .append("</safetyreportversion>\n");
            b.append("<receivedate>").append(k == Kind.BAD_DATE ? "20230230" : "202301" + (10 + rnd.nextInt(18))).append("</receivedate>\n");
            b.append("<patient>\n<!-- a comment -->\n");
            for (int d = rnd.nextInt(4); d > 0; d--) {
                b.append("<drug><drugcharacterization>").append(1 + rnd.nextInt(3)).append("</drugcharacterization><medicinalproduct>P")
                        .append(rnd.nextInt(50)).append(" &amp; CO</medicinalproduct></drug>\n");
            }
            for (int d = rnd.nextInt(4); d > 0; d--) {
                b.append("<reaction><reactionmeddrapt>R").append(rnd.nextInt(50)).append("</reactionmeddrapt></reaction>\n");
            }
            b.append("</patient>\n</safetyreport>\n");
        }
        return b.append("</ichicsr>\n").toString();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everySafetyReportEndsInExactlyOneCall(long seed) {
        Random rnd = new Random(seed);
        List<Kind> kinds = new ArrayList<>();
        String doc = randomR2(rnd, kinds);
        Collector c = new Collector();
        ReadSummary s = new E2bReader().read("ADR23Q1.xml", new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), c);
        assertThat(s.records()).isEqualTo(kinds.size());
        assertThat(s.balanced()).isTrue();
        for (int i = 0; i < kinds.size(); i++) {
            Object call = c.calls.get(i);
            switch (kinds.get(i)) {
                case GOOD -> assertThat(call).isInstanceOfSatisfying(RawReport.class, r -> {
                    assertThat(r.origin()).isEqualTo(Origin.record("ADR23Q1.xml", r.origin().position()));
                    assertThat(r.source()).isEqualTo(Source.FAERS);
                    assertThat(r.drugs()).allMatch(d -> d.name().endsWith(" & CO"));
                });
                case NO_ID -> assertThat(((QuarantineItem) call).reason()).isEqualTo(QuarantineReason.MISSING_ID);
                case BAD_DATE -> assertThat(((QuarantineItem) call).reason()).isEqualTo(QuarantineReason.BAD_DATE);
                case BAD_VERSION -> assertThat(((QuarantineItem) call).reason()).isEqualTo(QuarantineReason.BAD_NUMBER);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aDocumentCutOrCorruptedAnywhereStillBalances(long seed) {
        Random rnd = new Random(seed);
        List<Kind> kinds = new ArrayList<>();
        byte[] doc = randomR2(rnd, kinds).getBytes(StandardCharsets.UTF_8);
        Collector whole = new Collector();
        new E2bReader().read("x.xml", new ByteArrayInputStream(doc), whole);

        byte[] bad = doc.clone();
        int at = rnd.nextInt(bad.length);
        boolean cut = rnd.nextBoolean();
        if (!cut) {
            bad[at] = (byte) "<&>\u0001".charAt(rnd.nextInt(4));
        }
        Collector c = new Collector();
        ReadSummary s = new E2bReader().read("x.xml", new ByteArrayInputStream(bad, 0, cut ? at : bad.length), c);

        assertThat(s.balanced()).isTrue();
        assertThat(s.records()).isBetween(0L, kinds.size() + 1L);
        // all but the last call are what the intact document gives
        int k = c.calls.size() - 1;
        if (c.calls.get(k) instanceof QuarantineItem q && q.reason() == QuarantineReason.INVALID_XML) {
            assertThat(q.origin().unit()).isEqualTo(PositionUnit.LINE);
            assertThat(c.calls.subList(0, k)).usingRecursiveFieldByFieldElementComparator().isEqualTo(whole.calls.subList(0, k));
        }
    }

    // ---------------------------------------------------------------- speed

    @Test
    void parseSpeed() {
        Random rnd = new Random(3);
        List<Kind> kinds = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        while (kinds.size() < 20_000) {
            List<Kind> some = new ArrayList<>();
            String d = randomR2(rnd, some, true);
            if (!some.isEmpty()) {
                b.append(d, d.indexOf("<safetyreport>"), d.lastIndexOf("</ichicsr>"));
                kinds.addAll(some);
            }
        }
        byte[] doc = ("<ichicsr>" + b + "</ichicsr>").getBytes(StandardCharsets.UTF_8);
        E2bReader reader = new E2bReader();
        reader.read("w.xml", new ByteArrayInputStream(doc), new Collector());
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        Collector c = new Collector();
        reader.read("s.xml", new ByteArrayInputStream(doc), c);
        double secs = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
        assertThat(c.reports).hasSize(kinds.size());
        System.out.printf("E2B(R2) StAX parse, per CPU-second of one core: %,.0f reports/s (%,d bytes a report)%n",
                kinds.size() / secs, doc.length / kinds.size());
    }
}
