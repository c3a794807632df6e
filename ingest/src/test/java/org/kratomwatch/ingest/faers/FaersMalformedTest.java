package org.kratomwatch.ingest.faers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.Retraction;

/** Hand-made fixtures: line endings, headers, encodings, malformed rows, unreadable inputs. */
class FaersMalformedTest {

    @Test
    void crlfTrailingDollarAndUpperCaseHeaders(@TempDir Path tmp) throws IOException {
        Path folder = Fixtures.resource("crlf-upper");
        assertThat(new String(Files.readAllBytes(folder.resolve("DEMO23Q1.txt")), StandardCharsets.ISO_8859_1))
                .as("the fixture still has its CRLF line ends").contains("$\r\n500000011$");
        Collected c = new Collected();
        FaersReadSummary s = new FaersReader().read(folder, c);
        Samples.assertAccounted(s, c);
        assertThat(c.quarantined).isEmpty();
        assertThat(c.reports).hasSize(3);

        RawReport a = c.reports.get(0);
        assertThat(a.caseId()).isEqualTo("50000001");
        assertThat(a.caseVersion()).isEqualTo(1);
        assertThat(a.receivedMonth()).isEqualTo(YearMonth.of(2023, 1));
        assertThat(a.dataPeriod()).isEqualTo("2023Q1");
        assertThat(a.ageYears()).isEqualTo(34.0);
        assertThat(a.sex()).isEqualTo(Sex.FEMALE);
        assertThat(a.reporterType()).isEqualTo(ReporterType.CONSUMER);
        assertThat(a.reporterCountry()).isEqualTo("US");
        // drug_seq order, not file order
        assertThat(a.drugs()).containsExactly(new RawDrug("KRATOM", "MITRAGYNINE", DrugRole.PRIMARY_SUSPECT),
                new RawDrug("ALPRAZOLAM", "ALPRAZOLAM", DrugRole.CONCOMITANT));
        assertThat(a.reactions()).containsExactly("Drug withdrawal syndrome", "Somnolence");
        assertThat(a.outcomes()).containsExactly(Outcome.HOSPITALIZATION); // HO and ho
        assertThat(a.serious()).isTrue();
        assertThat(a.origin().toString()).isEqualTo("DEMO23Q1.txt:2");

        RawReport b = c.reports.get(1);
        assertThat(b.caseVersion()).isEqualTo(2);
        assertThat(b.ageYears()).isEqualTo(0.5); // 6 MON
        assertThat(b.reporterType()).isEqualTo(ReporterType.PHYSICIAN);
        assertThat(b.reporterCountry()).isEqualTo("US"); // "united states"
        assertThat(b.drugs()).containsExactly(new RawDrug("Red Bali Kratom", null, DrugRole.PRIMARY_SUSPECT));
        assertThat(b.serious()).isFalse();

        RawReport d = c.reports.get(2);
        assertThat(d.receivedMonth()).isNull(); // fda_dt 2023: a year alone
        assertThat(d.dataPeriod()).isEqualTo("2023Q1");
        assertThat(d.ageYears()).isNull(); // FEW
        assertThat(d.sex()).isEqualTo(Sex.UNKNOWN);
        assertThat(d.reporterType()).isEqualTo(ReporterType.UNKNOWN);
        assertThat(d.reporterCountry()).isNull();
        assertThat(d.drugs()).isEmpty();

        FaersReadSummary.QuarterCounts q = s.quarters().get(0);
        assertThat(q.agesDiscarded()).isEqualTo(1);
        assertThat(q.blankLines()).isEqualTo(1);
        assertThat(c.retractions).extracting(Retraction::caseId).containsExactly("40000001", "40000002");
        assertThat(c.retractions.get(0).origin().toString()).isEqualTo("DELETE23Q1.txt:2"); // after the header

        // the same files zipped, entries under a lower-case folder
        Collected z = new Collected();
        new FaersReader().read(Fixtures.zip(folder, tmp.resolve("faers_ascii_2023q1.zip")), z);
        assertThat(z.reportContents()).isEqualTo(c.reportContents());
        assertThat(z.retractions).extracting(Retraction::caseId).containsExactly("40000001", "40000002");
    }

    @Test
    void isoLatin1AndUtf8LinesDecode() {
        Collected c = new Collected();
        FaersReadSummary s = new FaersReader().read(Fixtures.resource("encodings"), c);
        Samples.assertAccounted(s, c);
        assertThat(c.reports.get(0).drugs()).extracting(RawDrug::name).containsExactly("CAF\u00c9INE", "CAF\u00c9INE");
        assertThat(c.reports.get(0).drugs().get(0).activeIngredient()).isEqualTo("CAF\u00c9INE");
        assertThat(c.reports.get(0).reactions()).containsExactly("R\u00e9action cutan\u00e9e");
        // C3 followed by a blank is no UTF-8: the line is ISO-8859-1
        assertThat(c.reports.get(1).drugs()).extracting(RawDrug::name).containsExactly("\u00c3 LA CARTE");
        // 0x92 outside UTF-8 is the windows-1252 right single quote, not an invisible C1 control
        assertThat(c.reports.get(1).reactions()).containsExactly("\u201cQuoted\u201d", "Patient\u2019s complaint");
        assertThat(c.reports.get(1).origin().toString()).isEqualTo("DEMO23Q2.txt:3"); // no final line break
        // 0x81 is neither UTF-8 nor windows-1252: that DRUG row alone is quarantined
        assertThat(c.quarantined).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo(QuarantineReason.BROKEN_ENCODING);
            assertThat(q.origin().toString()).isEqualTo("DRUG23Q2.txt:5");
            assertThat(q.message()).isEqualTo("the line holds bytes that are neither UTF-8 nor windows-1252/ISO-8859-1"
                    + " text; the row is left out of its report (DEMO23Q2.txt line 3)");
            assertThat(q.excerpt()).isEqualTo("510000022$51000002$2$C$BAD?NAME$");
        });
    }

    @Test
    void malformedRowsAreQuarantinedWithFileLineAndReason() {
        Collected c = new Collected();
        FaersReadSummary s = new FaersReader().read(Fixtures.resource("malformed"), c);
        Samples.assertAccounted(s, c);
        FaersReadSummary.QuarterCounts q = s.quarters().get(0);
        assertThat(q.demoRows()).isEqualTo(20);
        assertThat(q.quarantinedChildRows()).isEqualTo(9); // 3 orphans, 1 keyless, 5 malformed
        assertThat(q.records()).isEqualTo(29);
        assertThat(q.agesDiscarded()).isEqualTo(2); // U, 200 YR

        // a malformed DRUG/REAC/OUTC row is left out; its report is emitted with the rest
        assertThat(c.reports).extracting(RawReport::caseId).containsExactly("60000001", "60000005", "60000012",
                "60000013", "60000015", "60000016", "60000017", "60000018", "60000019");
        assertThat(c.reports.get(1).receivedMonth()).isNull(); // init_fda_dt 2023
        assertThat(c.reports.get(2).ageYears()).isNull();
        assertThat(c.reports.get(3).ageYears()).isNull();
        assertThat(c.reports.get(0).drugs()).containsExactly(new RawDrug("KRATOM", null, DrugRole.PRIMARY_SUSPECT));
        assertThat(c.reports.get(0).outcomes()).containsExactly(Outcome.DEATH);
        assertThat(c.reports.get(4).drugs()).isEmpty();
        assertThat(c.reports.get(5).outcomes()).isEmpty();
        assertThat(c.reports.get(5).serious()).isFalse();

        String left = "; the row is left out of its report (DEMO23Q3.txt line ";
        assertThat(c.quarantined)
                .extracting(i -> i.origin().toString(), QuarantineItem::reason, QuarantineItem::message)
                .containsExactly(
                        tuple("DRUG23Q3.txt:2", QuarantineReason.ORPHAN_ROW, "no DEMO row has its primaryid"),
                        tuple("DEMO23Q3.txt:3", QuarantineReason.WRONG_COLUMN_COUNT, "expected 10 fields, found 9"),
                        tuple("DEMO23Q3.txt:4", QuarantineReason.BAD_DATE,
                                "fda_dt is not a date YYYYMMDD, YYYYMM or YYYY"),
                        tuple("DEMO23Q3.txt:5", QuarantineReason.BAD_DATE,
                                "fda_dt is not a date YYYYMMDD, YYYYMM or YYYY"),
                        tuple("DEMO23Q3.txt:7", QuarantineReason.UNKNOWN_CODE, "sex is not one of F, M, UNK, NS"),
                        tuple("DEMO23Q3.txt:8", QuarantineReason.UNKNOWN_CODE,
                                "occp_cod is not one of MD, PH, OT, HP, LW, CN"),
                        tuple("DEMO23Q3.txt:9", QuarantineReason.UNKNOWN_CODE,
                                "age_cod is not one of YR, MON, WK, DY, HR, DEC"),
                        tuple("DEMO23Q3.txt:10", QuarantineReason.MISSING_ID, "caseid is empty"),
                        tuple("DEMO23Q3.txt:11", QuarantineReason.MISSING_ID, "primaryid is empty"),
                        tuple("DEMO23Q3.txt:12", QuarantineReason.BAD_NUMBER, "caseversion is not a whole number"),
                        tuple("DEMO23Q3.txt:15", QuarantineReason.DUPLICATE, "primaryid repeats that of an earlier"
                                + " DEMO row; the rows joined to it went to the earlier one"),
                        tuple("DEMO23Q3.txt:16", QuarantineReason.BROKEN_ENCODING,
                                "the line holds control bytes (binary data?)"),
                        tuple("DRUG23Q3.txt:5", QuarantineReason.ORPHAN_ROW, "no DEMO row has its primaryid"),
                        tuple("DRUG23Q3.txt:6", QuarantineReason.UNKNOWN_CODE,
                                "role_cod is not one of PS, SS, C, I" + left + "17)"),
                        tuple("OUTC23Q3.txt:3", QuarantineReason.UNKNOWN_CODE,
                                "outc_cod is not one of DE, LT, HO, DS, CA, RI, OT" + left + "18)"),
                        tuple("DRUG23Q3.txt:7", QuarantineReason.WRONG_COLUMN_COUNT,
                                "expected 6 fields, found 5" + left + "19)"),
                        tuple("REAC23Q3.txt:3", QuarantineReason.MISSING_FIELD, "pt is empty" + left + "20)"),
                        tuple("DRUG23Q3.txt:8", QuarantineReason.BAD_NUMBER,
                                "drug_seq is not a whole number" + left + "21)"),
                        tuple("DRUG23Q3.txt:9", QuarantineReason.MISSING_ID, "primaryid is empty"),
                        tuple("DRUG23Q3.txt:10", QuarantineReason.ORPHAN_ROW, "no DEMO row has its primaryid"));
        // excerpts: the raw row, control bytes shown as ?
        assertThat(c.quarantined.get(11).excerpt()).isEqualTo("600000144$60000014$1$20230705$$40$YR$F$CN$U?S");
        assertThat(c.quarantined.get(1).excerpt()).isEqualTo("600000022$60000002$1$20230705$$40$YR$F$CN");
    }

    @Test
    void unsortedFixtureGivesTheSameItemsThroughTheIndexJoin() {
        Collected merge = new Collected();
        new FaersReader(FaersReader.Join.MERGE).read(Fixtures.resource("malformed"), merge);
        Collected index = new Collected();
        FaersReadSummary s = new FaersReader(FaersReader.Join.INDEX).read(Fixtures.resource("malformed"), index);
        Samples.assertAccounted(s, index);
        assertThat(index.reportContents()).isEqualTo(merge.reportContents());
        assertThat(index.quarantined).containsExactlyInAnyOrderElementsOf(merge.quarantined);
    }

    @Test
    void legacyAersAsFdaWroteIt() {
        Collected c = new Collected();
        FaersReadSummary s = new FaersReader().read(Fixtures.resource("legacy-fda-style"), c);
        Samples.assertAccounted(s, c);
        assertThat(c.quarantined).isEmpty();
        assertThat(s.quarters().get(0).source()).isEqualTo(Source.FAERS_LEGACY);
        RawReport a = c.reports.get(0);
        assertThat(a.source()).isEqualTo(Source.FAERS_LEGACY);
        assertThat(a.caseId()).isEqualTo("6000001");
        assertThat(a.caseVersion()).isEqualTo(20112_000L); // initial
        assertThat(a.receivedMonth()).isEqualTo(YearMonth.of(2011, 4));
        assertThat(a.sex()).isEqualTo(Sex.MALE);
        assertThat(a.reporterCountry()).isEqualTo("US"); // UNITED STATES
        assertThat(a.drugs()).containsExactly(new RawDrug("KRATOM POWDER", null, DrugRole.PRIMARY_SUSPECT),
                new RawDrug("TRAMADOL", null, DrugRole.INTERACTING));
        assertThat(a.reactions()).containsExactly("DRUG DEPENDENCE");
        RawReport b = c.reports.get(1);
        assertThat(b.caseVersion()).isEqualTo(20112_003L); // follow-up, foll_seq 2
        assertThat(b.ageYears()).isCloseTo(3 * 7 / 365.25, within(1e-12));
        assertThat(b.sex()).isEqualTo(Sex.UNKNOWN); // NS
        assertThat(b.reporterCountry()).isEqualTo("JP");
        assertThat(b.outcomes()).containsExactly(Outcome.OTHER_SERIOUS);
        assertThat(b.origin().toString()).isEqualTo("DEMO11Q2.TXT:3");
    }

    @Test
    void unreadableInputsThrowNamingTheFile(@TempDir Path tmp) throws IOException {
        FaersReader reader = new FaersReader();
        assertUnreadable(reader, tmp.resolve("nowhere"), "nowhere: no such file or folder");

        Path notZip = Files.writeString(tmp.resolve("faers_ascii_2023q1.zip"), "this is text\n");
        assertUnreadable(reader, notZip, "faers_ascii_2023q1.zip: not a zip archive");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "nothing\n");
        assertUnreadable(reader, empty, "no FAERS data in this folder");

        Path noDemo = Files.createDirectories(tmp.resolve("nodemo"));
        Files.writeString(noDemo.resolve("DRUG23Q4.txt"), "primaryid$caseid$drug_seq$role_cod$drugname\n");
        assertUnreadable(reader, noDemo, "quarter 2023Q4 has DRUG23Q4.txt but no DEMO file");

        Path noDrug = Files.createDirectories(tmp.resolve("nodrug"));
        Files.writeString(noDrug.resolve("DEMO23Q4.txt"), "primaryid$caseid$caseversion\n1$1$1\n");
        Files.writeString(noDrug.resolve("REAC23Q4.txt"), "primaryid$caseid$pt\n");
        Files.writeString(noDrug.resolve("OUTC23Q4.txt"), "primaryid$caseid$outc_cod\n");
        assertUnreadable(reader, noDrug, "quarter 2023Q4 has no DRUG file beside DEMO23Q4.txt");

        Files.writeString(noDrug.resolve("DRUG23Q4.txt"), "isr$drug_seq$role_cod$drugname\n");
        assertUnreadable(reader, noDrug, "DRUG23Q4.txt: keyed by isr but DEMO23Q4.txt by primaryid");

        Files.writeString(noDrug.resolve("DRUG23Q4.txt"), "primaryid$caseid$drug_seq$role_cod$drugname\n");
        Files.writeString(noDrug.resolve("DEMO23Q4.txt"), "1$1$1\n");
        assertUnreadable(reader, noDrug, "DEMO23Q4.txt: line 1 is data, not the header line");
        Files.writeString(noDrug.resolve("DEMO23Q4.txt"), "");
        assertUnreadable(reader, noDrug, "DEMO23Q4.txt: empty file, no header line");
        Files.writeString(noDrug.resolve("DEMO23Q4.txt"), "caseid$age\n");
        assertUnreadable(reader, noDrug, "DEMO23Q4.txt: the header names no primaryid or isr column");

        Path noQuarter = Files.createDirectories(tmp.resolve("x").resolve("Deleted"));
        Files.writeString(noQuarter.resolve("list.txt"), "123\n");
        assertUnreadable(reader, noQuarter.getParent(), "cannot tell its quarter");
    }

    private static void assertUnreadable(FaersReader reader, Path input, String message) {
        assertThatThrownBy(() -> reader.read(input, new Collected())).isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining(message).message().doesNotContain("\n");
    }

    @Test
    void aTrailingDollarIsToleratedOnlyWhereTheFormatHasIt(@TempDir Path tmp) throws IOException {
        // FAERS file, header without a trailing $: a row with one $ too many is caught even when its
        // last field is empty (a stray $ in free text), not taken for a trailing $
        Path q = Files.createDirectories(tmp.resolve("faers_ascii_2023q4"));
        Files.writeString(q.resolve("DEMO23Q4.txt"), "primaryid$caseid$caseversion$lit_ref$occr_country\n"
                + "11$1$1$Cost: $5 a day$\n21$2$1$none$\n");
        Files.writeString(q.resolve("DRUG23Q4.txt"), "primaryid$caseid$drug_seq$role_cod$drugname\n");
        Files.writeString(q.resolve("REAC23Q4.txt"), "primaryid$caseid$pt\n");
        Files.writeString(q.resolve("OUTC23Q4.txt"), "primaryid$caseid$outc_cod\n");
        Collected c = new Collected();
        Samples.assertAccounted(new FaersReader().read(q, c), c);
        assertThat(c.reports).extracting(RawReport::caseId).containsExactly("2");
        assertThat(c.quarantined).singleElement().extracting(QuarantineItem::reason)
                .isEqualTo(QuarantineReason.WRONG_COLUMN_COUNT);
        // with a trailing $ on the header, rows may carry it too
        Files.writeString(q.resolve("DEMO23Q4.txt"), "primaryid$caseid$caseversion$lit_ref$occr_country$\n"
                + "11$1$1$x$$\n21$2$1$none$\n");
        Collected d = new Collected();
        Samples.assertAccounted(new FaersReader().read(q, d), d);
        assertThat(d.reports).extracting(RawReport::caseId).containsExactly("1", "2");
    }

    @Test
    void blankAndOddLinesAreNotRecords(@TempDir Path tmp) throws IOException {
        Path q = Files.createDirectories(tmp.resolve("faers_ascii_2023q4"));
        Files.writeString(q.resolve("DEMO23Q4.txt"), "primaryid$caseid$caseversion\n\n1$1$1\n   \n2$2$1\n\u001a");
        Files.writeString(q.resolve("DRUG23Q4.txt"), "primaryid$caseid$drug_seq$role_cod$drugname\n1$1$1$PS$A\n\n");
        Files.writeString(q.resolve("REAC23Q4.txt"), "primaryid$caseid$pt\n");
        Files.writeString(q.resolve("OUTC23Q4.txt"), "primaryid$caseid$outc_cod\r\n2$2$OT\r\n");
        Collected c = new Collected();
        FaersReadSummary s = new FaersReader().read(q, c);
        Samples.assertAccounted(s, c);
        assertThat(c.reports).hasSize(2);
        assertThat(c.reports.get(1).outcomes()).containsExactly(Outcome.OTHER_SERIOUS);
        assertThat(s.quarters().get(0).blankLines()).isEqualTo(4);
        assertThat(c.reports.get(0).origin().toString()).isEqualTo("DEMO23Q4.txt:3");
        assertThat(Map.copyOf(s.quarantinedByReason())).isEmpty();
        assertThat(List.copyOf(c.quarantined)).isEmpty();
    }
}
