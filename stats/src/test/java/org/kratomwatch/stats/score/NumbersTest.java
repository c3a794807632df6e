package org.kratomwatch.stats.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NumbersTest {

    @ParameterizedTest
    @CsvSource({"4.5,4.5", "3.0,3", "0.1,0.1", "1e-7,1E-7", "1.5e-7,1.5E-7", "2e23,2E23", "1e23,1E23",
            "123456.789,123456.789", "-0.25,-0.25", "1e15,1E15", "0.00001,0.00001"})
    void formatsTable(double x, String text) {
        assertThat(Numbers.format(x)).isEqualTo(text);
    }

    @Test
    void specials() {
        assertThat(Numbers.format(Double.NaN)).isEqualTo("NA");
        assertThat(Numbers.format(Double.POSITIVE_INFINITY)).isEqualTo("Inf");
        assertThat(Numbers.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(Numbers.parse("NA")).isNaN();
        assertThat(Numbers.parse("Inf")).isInfinite();
    }

    static DoubleStream randomDoubles() {
        Random rng = new Random(99);
        return DoubleStream.generate(() -> switch (rng.nextInt(3)) {
            case 0 -> Double.longBitsToDouble(rng.nextLong() & 0x7fefffffffffffffL);
            case 1 -> rng.nextDouble() * Math.pow(10, rng.nextInt(30) - 15);
            default -> Math.round(rng.nextDouble() * 1e6) / 1e3;
        }).filter(Double::isFinite).limit(2000);
    }

    /** Round-trips, and has exactly as many significant digits as a brute-force search finds. */
    @ParameterizedTest
    @MethodSource("randomDoubles")
    void shortestRoundTrip(double x) {
        String text = Numbers.format(x);
        assertThat(Double.parseDouble(text)).isEqualTo(x);
        int shortest = 17;
        for (int p = 1; p <= 17; p++) {
            if (new BigDecimal(x).round(new MathContext(p)).doubleValue() == x) {
                shortest = p;
                break;
            }
        }
        assertThat(new BigDecimal(text).stripTrailingZeros().precision()).as(text).isEqualTo(shortest);
    }
}
