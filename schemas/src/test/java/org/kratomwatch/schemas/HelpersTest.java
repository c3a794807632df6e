package org.kratomwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kratomwatch.avro.AgeBand;

class HelpersTest {

    @ParameterizedTest
    @CsvSource({"0, 0-1", "1.99, 0-1", "2, 2-11", "11.9, 2-11", "12, 12-17", "17.99, 12-17", "18, 18-44",
        "44.5, 18-44", "45, 45-64", "64.99, 45-64", "65, 65-74", "74, 74-74", "75, 75-89", "89.99, 75-89",
        "90, 90+", "104, 90+", "125, 90+", "125.5, unknown", "-1, unknown", "NaN, unknown"})
    void ageBands(double years, String label) {
        if (label.equals("74-74")) {
            label = "65-74";
        }
        assertThat(AgeBands.label(AgeBands.ofYears(years))).isEqualTo(label);
        assertThat(AgeBands.parse(label)).isEqualTo(AgeBands.ofYears(years));
    }

    @Test
    void everyAgeBandHasALabel() {
        for (AgeBand band : AgeBand.values()) {
            assertThat(AgeBands.parse(AgeBands.label(band))).isEqualTo(band);
        }
        assertThatThrownBy(() -> AgeBands.parse("90-99")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void termsNormalizeCaseAndWhiteSpace() {
        assertThat(Terms.normalize(" Drug  Withdrawal\tSyndrome\u00a0")).isEqualTo("drug withdrawal syndrome");
        assertThat(Terms.normalize("DRUG WITHDRAWAL SYNDROME")).isEqualTo("drug withdrawal syndrome");
        assertThat(Terms.normalize("Electrocardiogram QT prolonged")).isEqualTo("electrocardiogram qt prolonged");
        assertThat(Terms.normalize("İ")).isEqualTo("i̇"); // root locale, not Turkish
        assertThat(Terms.normalize("   ")).isEmpty();
    }

    @Test
    void periods() {
        assertThat(Periods.isMonth("2024-11")).isTrue();
        assertThat(Periods.isMonth("2024-13")).isFalse();
        assertThat(Periods.isMonth("2024-11-05")).isFalse();
        assertThat(Periods.isPeriod("2024Q4")).isTrue();
        assertThat(Periods.isPeriod("2024Q5")).isFalse();
        assertThat(Periods.isPeriod(null)).isFalse();
        assertThat(Periods.periodOfMonth("2024-01")).isEqualTo("2024Q1");
        assertThat(Periods.periodOfMonth("2024-03")).isEqualTo("2024Q1");
        assertThat(Periods.periodOfMonth("2024-04")).isEqualTo("2024Q2");
        assertThat(Periods.periodOfMonth("2024-12")).isEqualTo("2024Q4");
        assertThatThrownBy(() -> Periods.periodOfMonth("202412")).isInstanceOf(IllegalArgumentException.class);
    }
}
