package org.kratomwatch.stats.mgps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MgpsHyperparametersTest {

    @ParameterizedTest(name = "{5}")
    @CsvSource({
        "0, 1, 1, 1, 0.5, alpha1",
        "1, -1, 1, 1, 0.5, beta1",
        "1, 1, NaN, 1, 0.5, alpha2",
        "1, 1, 1, Infinity, 0.5, beta2",
        "1, 1, 1, 1, 0, p",
        "1, 1, 1, 1, 1, p",
        "1, 1, 1, 1, NaN, p",
    })
    void rejectsInvalidValues(double a1, double b1, double a2, double b2, double p, String name) {
        assertThatThrownBy(() -> new MgpsHyperparameters(a1, b1, a2, b2, p))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }

    @Test
    void readableToString() {
        assertThat(new MgpsHyperparameters(3.255961930615686, 0.39998969398451095, 2.023754174799804, 1.906135464097815,
                0.06530754834585695)).hasToString(
                "MgpsHyperparameters[alpha1=3.25596, beta1=0.399990, alpha2=2.02375, beta2=1.90614, p=0.0653075]");
    }

    @Test
    void swapAndCanonical() {
        MgpsHyperparameters h = new MgpsHyperparameters(1, 2, 3, 4, 0.8);
        assertThat(h.swapped()).isEqualTo(new MgpsHyperparameters(3, 4, 1, 2, 1 - 0.8));
        assertThat(h.canonical()).isEqualTo(h.swapped());
        assertThat(h.swapped().canonical()).isEqualTo(h.swapped());
        assertThat(MgpsHyperparameters.of(h.toArray())).isEqualTo(h);
        assertThat(h.priorMean()).isEqualTo(0.8 * 0.5 + 0.2 * 0.75);
        assertThatThrownBy(() -> MgpsHyperparameters.of(new double[4])).isInstanceOf(IllegalArgumentException.class);
    }
}
