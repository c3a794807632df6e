package org.kratomwatch.ingest.caers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.Sex;

class CaersCodesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "Death|DEATH",
        "DEATH|DEATH",
        "Life Threatening|LIFE_THREATENING",
        "Hospitalization|HOSPITALIZATION",
        "Disability|DISABILITY",
        "Congenital Anomaly|CONGENITAL_ANOMALY",
        "Required Intervention|REQUIRED_INTERVENTION",
        "REQ. INTERVENTION TO PRVNT PERM. IMPRMNT.|REQUIRED_INTERVENTION",
        "Other Serious (Important Medical Events)|OTHER_SERIOUS",
        "Other Serious or Important Medical Event|OTHER_SERIOUS",
        "Other Serious Outcome|OTHER_SERIOUS",
        "SERIOUS INJURIES/ ILLNESS|OTHER_SERIOUS",
        "Visited Emergency Room|-",
        "VISITED AN ER|-",
        "Visited a Health Care Provider|-",
        "Non-serious Injuries/ Illness|-",
        "Other Outcome|-",
        "None|-",
    })
    void outcomeLabels(String label, Outcome expected) {
        CaersCodes.Outcomes o = CaersCodes.outcomes(List.of(label));
        if (expected == null) {
            assertThat(o.serious()).isEmpty();
            assertThat(o.isSerious()).isFalse();
        } else {
            assertThat(o.serious()).containsExactly(expected);
        }
        assertThat(o.unrecognized()).isEmpty();
    }

    @Test
    void unknownOutcomeLabelsAreReportedNotGuessed() {
        CaersCodes.Outcomes o = CaersCodes.outcomes(CaersCodes.splitOutcomes("Allergic Reaction, Death"));
        assertThat(o.serious()).containsExactly(Outcome.DEATH);
        assertThat(o.unrecognized()).containsExactly("Allergic Reaction");
    }

    @Test
    void symptomsKeepCommaTermsWhole() {
        assertThat(CaersCodes.splitSymptoms("VOMITING, HALLUCINATION, VISUAL, HALLUCINATION, AUDITORY, NAUSEA"))
                .containsExactly("VOMITING", "HALLUCINATION, VISUAL", "HALLUCINATION, AUDITORY", "NAUSEA");
        assertThat(CaersCodes.splitSymptoms("Hallucination, visual, pH urine increased"))
                .containsExactly("Hallucination, visual", "pH urine increased");
        assertThat(CaersCodes.splitSymptoms("BLOOD 1,25-DIHYDROXYCHOLECALCIFEROL INCREASED, RASH"))
                .containsExactly("BLOOD 1,25-DIHYDROXYCHOLECALCIFEROL INCREASED", "RASH");
        assertThat(CaersCodes.splitSymptoms(" , CHOKING,  ")).containsExactly("CHOKING");
        assertThat(CaersCodes.splitSymptoms(null)).isEmpty();
        assertThat(CaersCodes.splitSymptoms("")).isEmpty();
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 25);
    }

    /** Joining terms with ", " and splitting again gives the terms back. */
    @ParameterizedTest
    @MethodSource("seeds")
    void splitInvertsJoin(long seed) {
        String[] pool = {"NAUSEA", "HALLUCINATION, VISUAL", "Hallucination, tactile", "HALLUCINATIONS, MIXED", "DRUG WITHDRAWAL SYNDROME",
            "BLOOD 1,25-DIHYDROXYCHOLECALCIFEROL", "Seizure", "VOMITING"};
        Random rnd = new Random(seed);
        List<String> terms = new ArrayList<>();
        for (int i = rnd.nextInt(8); i >= 0; i--) {
            terms.add(pool[rnd.nextInt(pool.length)]);
        }
        assertThat(CaersCodes.splitSymptoms(String.join(", ", terms))).isEqualTo(terms);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "34,Year(s),34.0",
        "3,Decade(s),30.0",
        "18,Month(s),1.5",
        "18,month(s),1.5",
        "36,Months,3.0",
        "1,Years,1.0",
        "40,Not Available,-",
        "-,Year(s),-",
        "abc,Year(s),-",
        "-5,Year(s),-",
    })
    void ages(String value, String unit, Double years) {
        assertThat(CaersCodes.ageYears(value, unit)).isEqualTo(years);
    }

    @Test
    void dayAndWeekAndHourAges() {
        assertThat(CaersCodes.ageYears("365.25", "Day(s)")).isEqualTo(1.0);
        assertThat(CaersCodes.ageYears("365.25", "Week(s)")).isEqualTo(7.0);
        assertThat(CaersCodes.ageYears("8766", "Hour(s)")).isEqualTo(1.0);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "1/5/2019,2019-01",
        "01/05/2019,2019-01",
        "12/31/2019,2019-12",
        "2019-12-31,2019-12",
        "20191231,2019-12",
        "201912,2019-12",
        "-,-",
    })
    void months(String text, String month) {
        assertThat(CaersCodes.month(text)).isEqualTo(month == null ? null : YearMonth.parse(month));
    }

    @ParameterizedTest
    @CsvSource({"13/1/2019", "2/30/2019", "2019/01/05", "yesterday", "1/5/19", "1/5/1800"})
    void badMonths(String text) {
        assertThatThrownBy(() -> CaersCodes.month(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rolesAndSexes() {
        assertThat(CaersCodes.role("Suspect")).isEqualTo(DrugRole.SUSPECT);
        assertThat(CaersCodes.role("SUSPECT")).isEqualTo(DrugRole.SUSPECT);
        assertThat(CaersCodes.role("Concomitant")).isEqualTo(DrugRole.CONCOMITANT);
        assertThat(CaersCodes.role("Other")).isEqualTo(DrugRole.UNKNOWN);
        assertThat(CaersCodes.role(null)).isEqualTo(DrugRole.UNKNOWN);
        assertThat(CaersCodes.sex("Female")).isEqualTo(Sex.FEMALE);
        assertThat(CaersCodes.sex("MALE")).isEqualTo(Sex.MALE);
        assertThat(CaersCodes.sex("Not Available")).isEqualTo(Sex.UNKNOWN);
        assertThat(CaersCodes.sex("Unknown")).isEqualTo(Sex.UNKNOWN);
    }

    @Test
    void headerKeysIgnoreCaseAndPunctuation() {
        assertThat(CaersReader.key("RA_Report #")).isEqualTo(CaersReader.key("RA_Report..")).isEqualTo("rareport");
        assertThat(CaersReader.key("PRI_Reported Brand/Product Name")).isEqualTo(CaersReader.key("PRI_Reported.Brand.Product.Name"));
        assertThat(CaersReader.key("SYM_One Row Coded Symptoms")).isEqualTo(CaersReader.key("SYM_One.Row.Coded.Symptoms"));
    }
}
