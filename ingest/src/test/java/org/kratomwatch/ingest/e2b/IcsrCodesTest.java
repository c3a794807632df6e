package org.kratomwatch.ingest.e2b;

import org.kratomwatch.ingest.model.IcsrCodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;

class IcsrCodesTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 25);
    }

    /** Any real date, in any of the E2B forms, gives its month; the quarter follows the month. */
    @ParameterizedTest
    @MethodSource("seeds")
    void datesGiveTheirMonth(long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < 200; i++) {
            LocalDate d = LocalDate.of(1990, 1, 1).plusDays(rnd.nextInt(365 * 40));
            String ymd = String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            YearMonth ym = YearMonth.from(d);
            assertThat(IcsrCodes.month(ymd)).isEqualTo(ym);
            assertThat(IcsrCodes.month(ymd.substring(0, 6))).isEqualTo(ym);
            assertThat(IcsrCodes.month(ymd + "101010-0500")).isEqualTo(ym);
            assertThat(IcsrCodes.month(ymd + "1010+0100")).isEqualTo(ym);
            assertThat(IcsrCodes.month(ymd + "101010.123")).isEqualTo(ym);
            assertThat(IcsrCodes.quarter(ym)).isEqualTo(d.getYear() + "Q" + ((d.getMonthValue() + 2) / 3));
        }
    }

    @ParameterizedTest
    @CsvSource({"20211301", "20210230", "2021-01-05", "2021010", "202101051", "1899", "21000101x", "abc", "2021 0105"})
    void malformedDatesThrow(String s) {
        assertThatThrownBy(() -> IcsrCodes.month(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void absentOrYearOnlyDatesHaveNoMonth() {
        assertThat(IcsrCodes.month(null)).isNull();
        assertThat(IcsrCodes.month("  ")).isNull();
        assertThat(IcsrCodes.month("2021")).isNull();
        assertThat(IcsrCodes.quarter(null)).isNull();
    }

    /** Age in any unit, converted back, is the age given. */
    @ParameterizedTest
    @MethodSource("seeds")
    void agesRoundTrip(long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < 200; i++) {
            double years = rnd.nextDouble() * 100;
            assertThat(IcsrCodes.ageYears(Double.toString(years / 10), "800")).isCloseTo(years, within(1e-9));
            assertThat(IcsrCodes.ageYears(Double.toString(years), "801")).isEqualTo(years);
            assertThat(IcsrCodes.ageYears(Double.toString(years * 12), "802")).isCloseTo(years, within(1e-9));
            assertThat(IcsrCodes.ageYears(Double.toString(years * 365.25 / 7), "803")).isCloseTo(years, within(1e-9));
            assertThat(IcsrCodes.ageYears(Double.toString(years * 365.25), "804")).isCloseTo(years, within(1e-9));
            assertThat(IcsrCodes.ageYears(Double.toString(years * 365.25 * 24), "805")).isCloseTo(years, within(1e-9));
            assertThat(IcsrCodes.ageYearsUcum(Double.toString(years / 10), "{decade}")).isCloseTo(years, within(1e-9));
            assertThat(IcsrCodes.ageYearsUcum(Double.toString(years), "a")).isEqualTo(years);
            assertThat(IcsrCodes.ageYearsUcum(Double.toString(years * 12), "mo")).isCloseTo(years, within(1e-9));
            assertThat(IcsrCodes.ageYearsUcum(Double.toString(years * 365.25 / 7), "wk")).isCloseTo(years, within(1e-9));
            assertThat(IcsrCodes.ageYearsUcum(Double.toString(years * 365.25), "d")).isCloseTo(years, within(1e-9));
            assertThat(IcsrCodes.ageYearsUcum(Double.toString(years * 365.25 * 24), "h")).isCloseTo(years, within(1e-9));
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"62,-", "-,801", "FEW,801", "-3,801", "NaN,801", "Infinity,801", "62,806", "62,a", "U,802"})
    void unusableAgesAreUnknown(String value, String unit) {
        assertThat(IcsrCodes.ageYears(value, unit)).isNull();
    }

    @Test
    void codeLists() {
        assertThat(IcsrCodes.qualification("1")).isEqualTo(ReporterType.PHYSICIAN);
        assertThat(IcsrCodes.qualification("2")).isEqualTo(ReporterType.PHARMACIST);
        assertThat(IcsrCodes.qualification("3")).isEqualTo(ReporterType.OTHER_HEALTH_PROFESSIONAL);
        assertThat(IcsrCodes.qualification("4")).isEqualTo(ReporterType.LAWYER);
        assertThat(IcsrCodes.qualification(" 5 ")).isEqualTo(ReporterType.CONSUMER);
        assertThat(IcsrCodes.qualification("6")).isEqualTo(ReporterType.UNKNOWN);
        assertThat(IcsrCodes.qualification(null)).isEqualTo(ReporterType.UNKNOWN);
        assertThat(IcsrCodes.sex("1")).isEqualTo(Sex.MALE);
        assertThat(IcsrCodes.sex("2")).isEqualTo(Sex.FEMALE);
        assertThat(IcsrCodes.sex("0")).isEqualTo(Sex.UNKNOWN);
        assertThat(IcsrCodes.sex("9")).isEqualTo(Sex.UNKNOWN);
        assertThat(IcsrCodes.characterization("1")).isEqualTo(DrugRole.SUSPECT);
        assertThat(IcsrCodes.characterization("2")).isEqualTo(DrugRole.CONCOMITANT);
        assertThat(IcsrCodes.characterization("3")).isEqualTo(DrugRole.INTERACTING);
        assertThat(IcsrCodes.characterization("4")).isEqualTo(DrugRole.UNKNOWN);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "US,US", "us,US", " US ,US", "USA,US", "UNITED STATES,US", "United  States,US", "UNITED STATES OF AMERICA,US",
        "UK,GB", "GB,GB", "UNITED KINGDOM,GB", "JAPAN,JP", "DEU,DE", "'KOREA, REPUBLIC OF',KR",
        "COUNTRY NOT SPECIFIED,-", "XX,-", "EU,-", "-,-", "'',-",
    })
    void countries(String raw, String code) {
        assertThat(IcsrCodes.country(raw)).isEqualTo(code);
    }

    @Test
    void r3VersionIsTheInstantInUtc() {
        assertThat(R3Parser.version("20220614101010-0500")).isEqualTo(20220614151010L);
        assertThat(R3Parser.version("20240105233000+0100")).isEqualTo(20240105223000L);
        assertThat(R3Parser.version("20220615")).isEqualTo(20220615000000L);
        assertThat(R3Parser.version("202206")).isEqualTo(20220601000000L);
        assertThat(R3Parser.version("2022")).isEqualTo(20220101000000L);
        assertThat(R3Parser.version("20220615103000.123")).isEqualTo(20220615103000L);
        // later information, higher version, across zones
        assertThat(R3Parser.version("20220615000000+0200")).isLessThan(R3Parser.version("20220614230000-0500"));
    }
}
