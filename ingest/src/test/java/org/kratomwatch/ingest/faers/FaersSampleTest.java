package org.kratomwatch.ingest.faers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.Retraction;

/** The real FDA samples, read in place: 2022Q4 (zip, folder, DELETE lists), legacy 2004Q1, 2017Q2. */
class FaersSampleTest {

    private static final String ZIP = "faers_ascii_2022Q4.zip!/ASCII/";

    @Test
    void zipAndFolderOf2022Q4GiveTheSameReports() throws IOException {
        Collected fromZip = new Collected();
        FaersReadSummary zs = new FaersReader().read(Samples.zip2022q4(), fromZip);
        Collected fromFolder = new Collected();
        FaersReadSummary fs = new FaersReader().read(Samples.folder2022q4(), fromFolder);

        Samples.assertAccounted(zs, fromZip);
        Samples.assertAccounted(fs, fromFolder);
        assertThat(fromFolder.total()).isEqualTo(Samples.independentRecordCount(Samples.folder2022q4()));
        assertThat(fromZip.total()).isEqualTo(fromFolder.total());

        // 258 DEMO rows, all well formed; the sample's tables are independent heads of the real
        // files, so 846 of the 1206 OUTC rows have no DEMO row; the deleted-case list has 3624 ids
        assertThat(zs.quarters()).hasSize(1);
        FaersReadSummary.QuarterCounts q = zs.quarters().get(0);
        assertThat(q.quarter()).isEqualTo(new FaersQuarter(2022, 4));
        assertThat(q.source()).isEqualTo(Source.FAERS);
        assertThat(q.join()).isEqualTo(FaersReadSummary.JoinMode.MERGE);
        assertThat(q.demoRows()).isEqualTo(258);
        assertThat(q.reports()).isEqualTo(258);
        assertThat(q.joinedChildRows()).isEqualTo(209 + 974 + 360);
        assertThat(q.quarantinedChildRows()).isEqualTo(846);
        assertThat(q.quarantined()).containsExactly(Map.entry(QuarantineReason.ORPHAN_ROW, 846L));
        assertThat(q.retractions()).isEqualTo(3624);
        assertThat(q.deleteLines()).isEqualTo(3624);
        assertThat(q.agesDiscarded()).isZero();

        assertThat(fromFolder.reportContents()).isEqualTo(fromZip.reportContents());
        assertThat(fromFolder.retractions.stream().map(Retraction::caseId).collect(Collectors.toList()))
                .isEqualTo(fromZip.retractions.stream().map(Retraction::caseId).collect(Collectors.toList()));
        assertThat(fromFolder.reasons()).isEqualTo(fromZip.reasons());

        // origins: archive!/entry for the zip, the file name for the folder
        assertThat(fromZip.reports.get(0).origin().toString()).isEqualTo(ZIP + "DEMO22Q4.txt:2");
        assertThat(fromFolder.reports.get(0).origin().toString()).isEqualTo("DEMO22Q4.txt:2");
        assertThat(fromZip.retractions.get(0).origin().toString())
                .isEqualTo("faers_ascii_2022Q4.zip!/Deleted/DELETE22Q4.txt:2");
        assertThat(fromZip.retractions.get(0).caseId()).isEqualTo("10153291");
        assertThat(fromZip.quarantined.get(0).origin().file()).isEqualTo(ZIP + "OUTC22Q4.txt");
        assertThat(fromZip.quarantined.get(0).message()).isEqualTo("no DEMO row has its primaryid");
    }

    @Test
    void reportsOf2022Q4CheckedByHandAgainstTheRawRows() {
        Collected c = new Collected();
        new FaersReader().read(Samples.zip2022q4(), c);
        Map<String, RawReport> byId = c.reportsByCaseAndVersion();

        // DEMO line 2: 100115733$10011573$3$F$...$20140314$20221123$EXP$...$75$YR$$M$Y$58.05$KG$...$HP$CA$CA
        RawReport r = byId.get("10011573/3");
        assertThat(r.source()).isEqualTo(Source.FAERS);
        assertThat(r.receivedMonth()).isEqualTo(YearMonth.of(2022, 11));
        assertThat(r.dataPeriod()).isEqualTo("2022Q4");
        assertThat(r.ageYears()).isEqualTo(75.0);
        assertThat(r.sex()).isEqualTo(Sex.MALE);
        assertThat(r.reporterType()).isEqualTo(ReporterType.OTHER_HEALTH_PROFESSIONAL);
        assertThat(r.reporterCountry()).isEqualTo("CA");
        assertThat(r.drugs()).containsExactly(
                new RawDrug("JANUVIA", "SITAGLIPTIN PHOSPHATE", DrugRole.PRIMARY_SUSPECT),
                new RawDrug("ATIVAN", "LORAZEPAM", DrugRole.CONCOMITANT),
                new RawDrug("LOPERAMIDE HYDROCHLORIDE", "LOPERAMIDE HYDROCHLORIDE", DrugRole.CONCOMITANT),
                new RawDrug("METFORMIN", "METFORMIN HYDROCHLORIDE", DrugRole.CONCOMITANT));
        assertThat(r.reactions()).containsExactly("Pancreatitis chronic", "Pancreatic carcinoma");
        assertThat(r.outcomes()).containsExactlyInAnyOrder(Outcome.LIFE_THREATENING, Outcome.OTHER_SERIOUS);
        assertThat(r.serious()).isTrue();
        assertThat(r.narrative()).isNull();
        assertThat(r.origin().toString()).isEqualTo(ZIP + "DEMO22Q4.txt:2");

        // DEMO line 3: caseversion 37, fda_dt 20221005, 43 YR, M, HP, CA; 7 drugs; 18 PTs; OT, HO
        r = byId.get("10021305/37");
        assertThat(r.receivedMonth()).isEqualTo(YearMonth.of(2022, 10));
        assertThat(r.ageYears()).isEqualTo(43.0);
        assertThat(r.drugs()).hasSize(7);
        assertThat(r.drugs().get(0)).isEqualTo(new RawDrug("SANDOSTATIN", "OCTREOTIDE ACETATE",
                DrugRole.PRIMARY_SUSPECT));
        assertThat(r.drugs().get(3)).isEqualTo(new RawDrug("SANDOSTATIN LAR DEPOT", "OCTREOTIDE ACETATE",
                DrugRole.SECONDARY_SUSPECT));
        assertThat(r.drugs().get(6)).isEqualTo(new RawDrug("FRAGMIN", "DALTEPARIN SODIUM", DrugRole.CONCOMITANT));
        assertThat(r.reactions()).hasSize(18).startsWith("Injection site haemorrhage")
                .endsWith("Product availability issue");
        assertThat(r.outcomes()).containsExactlyInAnyOrder(Outcome.OTHER_SERIOUS, Outcome.HOSPITALIZATION);

        // line 36: age 21539 DY, F, MD, JP, fda_dt 20221202
        r = byId.get("10331137/5");
        assertThat(r.ageYears()).isCloseTo(21539 / 365.25, within(1e-9)).isCloseTo(58.97, within(0.01));
        assertThat(r.sex()).isEqualTo(Sex.FEMALE);
        assertThat(r.reporterType()).isEqualTo(ReporterType.PHYSICIAN);
        assertThat(r.reporterCountry()).isEqualTo("JP");
        assertThat(r.receivedMonth()).isEqualTo(YearMonth.of(2022, 12));
        // line 86: 1 MON, SE; line 114: 1 DEC (a decade), M, HP, US
        assertThat(byId.get("10689328/2").ageYears()).isCloseTo(1.0 / 12, within(1e-12));
        assertThat(byId.get("10689328/2").reporterCountry()).isEqualTo("SE");
        r = byId.get("10946069/5");
        assertThat(r.ageYears()).isEqualTo(10.0);
        assertThat(r.sex()).isEqualTo(Sex.MALE);
        assertThat(r.reporterCountry()).isEqualTo("US");
        // reports without OUTC rows are not serious; without DRUG rows they have no drugs (a cut sample)
        assertThat(c.reports.stream().filter(x -> x.outcomes().isEmpty()).allMatch(x -> !x.serious())).isTrue();
        assertThat(c.reports.stream().filter(x -> !x.drugs().isEmpty()).count()).isEqualTo(16);
        assertThat(c.reports.stream().filter(x -> !x.reactions().isEmpty()).count()).isEqualTo(60);
        // the sex column is blank on 18 rows and the age on 57: unknown, not quarantined
        assertThat(c.reports.stream().filter(x -> x.sex() == Sex.UNKNOWN).count()).isEqualTo(18);
        assertThat(c.reports.stream().filter(x -> x.ageYears() == null).count()).isEqualTo(57);
    }

    @Test
    void looseDeleteListBecomesRetractionsOfItsQuarter() {
        Collected c = new Collected();
        FaersReadSummary s = new FaersReader().read(Samples.delete21q4(), c);
        Samples.assertAccounted(s, c);
        assertThat(s.quarters()).singleElement().satisfies(q -> {
            assertThat(q.quarter()).isEqualTo(new FaersQuarter(2021, 4));
            assertThat(q.join()).isEqualTo(FaersReadSummary.JoinMode.NONE);
            assertThat(q.source()).isEqualTo(Source.FAERS);
            assertThat(q.blankLines()).isEqualTo(1); // the first line holds a single blank
        });
        assertThat(c.retractions).hasSize(7983);
        assertThat(c.reports).isEmpty();
        assertThat(c.quarantined).isEmpty();
        Retraction first = c.retractions.get(0);
        assertThat(first.caseId()).isEqualTo("10109973");
        assertThat(first.origin().toString()).isEqualTo("DELETE21Q4.txt:2");
        assertThat(first.source()).isEqualTo(Source.FAERS);
    }

    @Test
    void legacy2004Q1FromZipAndFolder() throws IOException {
        Collected zip = new Collected();
        FaersReadSummary zs = new FaersReader().read(Samples.zip2004q1(), zip);
        Collected folder = new Collected();
        FaersReadSummary fs = new FaersReader().read(Samples.folder2004q1(), folder);
        Samples.assertAccounted(zs, zip);
        Samples.assertAccounted(fs, folder);
        assertThat(folder.total()).isEqualTo(Samples.independentRecordCount(Samples.folder2004q1())).isEqualTo(100);
        assertThat(zip.reportContents()).isEqualTo(folder.reportContents());
        FaersReadSummary.QuarterCounts q = zs.quarters().get(0);
        assertThat(q.source()).isEqualTo(Source.FAERS_LEGACY);
        assertThat(q.quarter()).isEqualTo(new FaersQuarter(2004, 1));
        assertThat(q.reports()).isEqualTo(100);
        assertThat(q.joinedChildRows()).isEqualTo(386 + 416 + 93);
        assertThat(q.quarantinedTotal()).isZero();

        // isr 4263742, case 4061110, I, fda_dt 20040102, 42 YR, F, OT; no reporter_country column
        RawReport r = zip.reports.get(0);
        assertThat(r.source()).isEqualTo(Source.FAERS_LEGACY);
        assertThat(r.caseId()).isEqualTo("4061110");
        assertThat(r.caseVersion()).isEqualTo(20041_000L); // initial report of 2004Q1
        assertThat(r.receivedMonth()).isEqualTo(YearMonth.of(2004, 1));
        assertThat(r.dataPeriod()).isEqualTo("2004Q1");
        assertThat(r.ageYears()).isEqualTo(42.0);
        assertThat(r.sex()).isEqualTo(Sex.FEMALE);
        assertThat(r.reporterType()).isEqualTo(ReporterType.OTHER_HEALTH_PROFESSIONAL);
        assertThat(r.reporterCountry()).isNull();
        assertThat(r.drugs()).containsExactly(
                new RawDrug("TAVOR", null, DrugRole.PRIMARY_SUSPECT),
                new RawDrug("ALCOHOL", null, DrugRole.SECONDARY_SUSPECT),
                new RawDrug("CITALOPRAM", null, DrugRole.SECONDARY_SUSPECT),
                new RawDrug("ZYPREXA", null, DrugRole.SECONDARY_SUSPECT));
        assertThat(r.reactions()).containsExactly("DIARRHOEA", "INTENTIONAL OVERDOSE", "MYDRIASIS", "NAUSEA",
                "PLATELET COUNT INCREASED", "PROTHROMBIN TIME SHORTENED", "SOMNOLENCE", "VOMITING");
        assertThat(r.outcomes()).containsExactly(Outcome.HOSPITALIZATION);
        assertThat(r.origin().toString()).isEqualTo("aers_ascii_2004q1.zip!/ascii/DEMO04Q1.TXT:2");
        // follow-ups: F with foll_seq n is version ...001+n, F without foll_seq ...001
        Set<Long> versions = zip.reports.stream().map(RawReport::caseVersion).collect(Collectors.toSet());
        assertThat(versions).containsExactlyInAnyOrder(20041_000L, 20041_001L, 20041_002L, 20041_003L, 20041_008L);
        assertThat(zip.reports.stream().filter(x -> x.caseVersion() == 20041_000L).count()).isEqualTo(72);
    }

    @Test
    void faers2017Q2FromZipAndFolder() throws IOException {
        Collected zip = new Collected();
        FaersReadSummary zs = new FaersReader().read(Samples.zip2017q2(), zip);
        Collected folder = new Collected();
        new FaersReader().read(Samples.folder2017q2(), folder);
        Samples.assertAccounted(zs, zip);
        assertThat(folder.total()).isEqualTo(Samples.independentRecordCount(Samples.folder2017q2())).isEqualTo(100);
        assertThat(zip.reportContents()).isEqualTo(folder.reportContents());
        assertThat(zs.quarters().get(0).source()).isEqualTo(Source.FAERS);
        assertThat(zs.quarters().get(0).joinedChildRows()).isEqualTo(328 + 286 + 75);

        // 115630624$11563062$4$F$201507$...$20170403$PER$...$55$YR$$F$Y$...$CN$US$US
        RawReport r = zip.reportsByCaseAndVersion().get("11563062/4");
        assertThat(r.receivedMonth()).isEqualTo(YearMonth.of(2017, 4));
        assertThat(r.dataPeriod()).isEqualTo("2017Q2");
        assertThat(r.ageYears()).isEqualTo(55.0);
        assertThat(r.sex()).isEqualTo(Sex.FEMALE);
        assertThat(r.reporterType()).isEqualTo(ReporterType.CONSUMER);
        assertThat(r.reporterCountry()).isEqualTo("US");
        assertThat(r.drugs()).hasSize(7);
        assertThat(r.drugs().get(0)).isEqualTo(new RawDrug("XELJANZ", "TOFACITINIB CITRATE", DrugRole.PRIMARY_SUSPECT));
        assertThat(r.drugs().get(5)).isEqualTo(new RawDrug("VITAMIN E", ".ALPHA.-TOCOPHEROL", DrugRole.CONCOMITANT));
        assertThat(r.reactions()).containsExactly("Lung infection", "Skin cancer");
        assertThat(r.outcomes()).containsExactly(Outcome.OTHER_SERIOUS);
        // COUNTRY NOT SPECIFIED (5 rows) is no country
        assertThat(zip.reports.stream().filter(x -> x.reporterCountry() == null).count()).isEqualTo(5);
    }

    @Test
    void folderOfQuartersIsReadInQuarterOrder(@TempDir Path dir) throws IOException {
        // links to the real files (nothing copied): zips, an unzipped folder and a loose DELETE list
        Files.createSymbolicLink(dir.resolve("faers_ascii_2022Q4.zip"), Samples.zip2022q4());
        Files.createSymbolicLink(dir.resolve("DELETE21Q4.txt"), Samples.delete21q4());
        Files.createSymbolicLink(dir.resolve("faers_ascii_2017q2"), Samples.folder2017q2());
        Files.createSymbolicLink(dir.resolve("aers_ascii_2004q1.zip"), Samples.zip2004q1());

        assertThat(FaersReader.quarters(dir)).extracting(FaersQuarter::toString)
                .containsExactly("2004Q1", "2017Q2", "2021Q4", "2022Q4");
        Collected c = new Collected();
        FaersReadSummary s = new FaersReader().read(dir, c);
        Samples.assertAccounted(s, c);
        assertThat(s.reports()).isEqualTo(100 + 100 + 258);
        assertThat(s.retractions()).isEqualTo(7983 + 3624);
        List<String> periods = c.calls.stream().map(o -> o instanceof RawReport ? ((RawReport) o).dataPeriod()
                : o instanceof Retraction ? "R" : "Q").collect(Collectors.toList());
        // 2004Q1 reports, 2017Q2 reports, the 2021Q4 list, 2022Q4 reports and orphans, its list
        int first2017 = periods.indexOf("2017Q2");
        int firstRetraction = periods.indexOf("R");
        int first2022 = periods.indexOf("2022Q4");
        assertThat(periods.subList(0, first2017)).containsOnly("2004Q1");
        assertThat(periods.subList(first2017, firstRetraction)).containsOnly("2017Q2");
        assertThat(periods.subList(firstRetraction, first2022)).containsOnly("R");
        assertThat(c.retractions.get(0).origin().file()).isEqualTo("DELETE21Q4.txt");
        assertThat(c.retractions.get(7983).origin().file()).isEqualTo("faers_ascii_2022Q4.zip!/Deleted/DELETE22Q4.txt");
        try (var links = Files.list(dir)) { // remove the links ourselves: nothing outside tmp is touched
            for (Path link : links.collect(Collectors.toList())) {
                Files.delete(link);
            }
        }
    }

    @Test
    void aQuarterPresentTwiceIsRefused() {
        // the shared folder holds the 2022Q4 zip and its unzipped copy side by side
        Path both = Samples.zip2022q4().getParent();
        assertThatThrownBy(() -> new FaersReader().read(both, new Collected()))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("2022Q4 has two DEMO files")
                .hasMessageContaining("faers_ascii_2022Q4.zip!/ASCII/DEMO22Q4.txt");
    }

    @Test
    void zipFromAStream() throws IOException {
        Collected c = new Collected();
        FaersReadSummary s;
        try (InputStream in = Files.newInputStream(Samples.zip2022q4())) {
            s = new FaersReader().readZip(in, "faers_ascii_2022Q4.zip", c);
        }
        Samples.assertAccounted(s, c);
        Collected direct = new Collected();
        new FaersReader().read(Samples.zip2022q4(), direct);
        assertThat(c.reportContents()).isEqualTo(direct.reportContents());
        assertThat(c.reports.get(0).origin()).isEqualTo(direct.reports.get(0).origin());
    }

    @Test
    void indexJoinGivesTheSameResultOnTheRealSamples() {
        for (Path p : List.of(Samples.zip2022q4(), Samples.folder2022q4(), Samples.zip2004q1(),
                Samples.folder2017q2())) {
            Collected merge = new Collected();
            FaersReadSummary ms = new FaersReader(FaersReader.Join.MERGE).read(p, merge);
            Collected index = new Collected();
            FaersReadSummary is = new FaersReader(FaersReader.Join.INDEX).read(p, index);
            Samples.assertAccounted(ms, merge);
            Samples.assertAccounted(is, index);
            assertThat(is.quarters().get(0).join()).isEqualTo(FaersReadSummary.JoinMode.INDEX);
            assertThat(index.reportContents()).as(p.toString()).isEqualTo(merge.reportContents());
            assertThat(index.reports).extracting(RawReport::origin).isEqualTo(merge.reports.stream()
                    .map(RawReport::origin).collect(Collectors.toList()));
            assertThat(index.reasons()).isEqualTo(merge.reasons());
            assertThat(Set.copyOf(index.quarantined)).isEqualTo(Set.copyOf(merge.quarantined));
        }
    }
}
