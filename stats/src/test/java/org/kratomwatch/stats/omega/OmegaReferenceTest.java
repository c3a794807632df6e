package org.kratomwatch.stats.omega;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kratomwatch.stats.ReferenceTable.close;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.ReferenceTable;
import org.kratomwatch.stats.ReferenceTable.Row;

/**
 * Ω against {@code reference/omega.csv}, 66 triples computed independently in 50-digit arithmetic
 * by {@code src/test/python/measures_reference.py --omega} (tolerance 1e-12), and a hand-checked case.
 */
class OmegaReferenceTest {

    static Stream<Row> rows() {
        return ReferenceTable.load("/reference/omega.csv").stream();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void matchesIndependentComputation(Row r) {
        InteractionCounts c = new InteractionCounts(r.count("n00"), r.count("n001"), r.count("n10"), r.count("n101"),
                r.count("n01"), r.count("n011"), r.count("n11"), r.count("n111"));
        Estimate omega = Omega.of(c);
        assertThat(close(r.num("g11"), Omega.expectedRateWithBoth(c), 1e-12)).as("g11 %s", r).isTrue();
        assertThat(close(r.num("omega"), omega.value(), 1e-12)).as("omega %s got %s", r, omega.value()).isTrue();
        assertThat(close(r.num("omega025"), omega.lower(), 1e-12)).as("omega025 %s", r).isTrue();
        assertThat(close(r.num("omega975"), omega.upper(), 1e-12)).as("omega975 %s", r).isTrue();
    }

    @Test
    void handCheckedTriple() {
        // f00 = 10/1000 -> o00 = 1/99; f10 = 5/100 -> o10 = 1/19; f01 = 4/200 -> o01 = 1/49.
        // g11 = 1 - 1/(1/19 + 1/49 - 1/99 + 1) ; E111 = 50 g11 ; omega = log2(10.5 / (E111 + 0.5)).
        InteractionCounts c = new InteractionCounts(1000, 10, 100, 5, 200, 4, 50, 10);
        double s = 1.0 / 19 + 1.0 / 49 - 1.0 / 99;
        double g11 = 1 - 1 / (s + 1);
        assertThat(Omega.expectedRateWithBoth(c)).isCloseTo(g11, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(Omega.of(c).value()).isCloseTo(Math.log(10.5 / (50 * g11 + 0.5)) / Math.log(2),
                org.assertj.core.api.Assertions.within(1e-13));
    }

    @Test
    void undefinedWhereADenominatorIsZero() {
        assertThat(Omega.of(new InteractionCounts(0, 0, 10, 1, 10, 1, 3, 1)).isDefined()).isFalse();
        assertThat(Omega.of(new InteractionCounts(100, 100, 10, 1, 10, 1, 3, 1)).isDefined()).isFalse();
    }
}
