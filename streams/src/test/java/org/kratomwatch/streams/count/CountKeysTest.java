package org.kratomwatch.streams.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CountKeysTest {

    /** Parts drawn from an alphabet rich in separators and escape characters. */
    static Stream<Object[]> randomKeys() {
        Random random = new Random(42);
        String alphabet = "ab|%7C25-=/ ";
        return IntStream.range(0, 200).mapToObj(i -> {
            String exposure = word(random, alphabet);
            String event = word(random, alphabet);
            String stratum = random.nextBoolean() ? Cell.UNSTRATIFIED : "=" + word(random, alphabet);
            Cell cell = new Cell("20" + (10 + random.nextInt(15)) + "Q" + (1 + random.nextInt(4)), stratum, random.nextInt(8));
            return new Object[] {CountKeys.pair(CountKeys.SUBSTANCE, exposure, CountKeys.TERM, event), cell};
        });
    }

    private static String word(Random random, String alphabet) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(6); n >= 0; n--) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @ParameterizedTest
    @MethodSource("randomKeys")
    void aFineKeyParsesBackToItsCoarseKeyAndCell(String coarse, Cell cell) {
        String fine = CountKeys.fine(coarse, cell);
        assertThat(CountKeys.parseFine(fine)).isEqualTo(new CountKeys.Fine(coarse, cell));
        assertThat(CountKeys.cellOf(fine)).isEqualTo(cell);
        assertThat(fine).startsWith(CountKeys.cellsOf(coarse));
    }

    @Test
    void theTotalHasTheShortestFineKey() {
        Cell cell = new Cell("2024Q4", Cell.UNSTRATIFIED, 0);
        assertThat(CountKeys.fine(CountKeys.TOTAL, cell)).isEqualTo("N|2024Q4|-|0");
        assertThat(CountKeys.parseFine("N|2024Q4|-|0")).isEqualTo(new CountKeys.Fine("N", cell));
    }

    @Test
    void aKeyWithoutACellIsRefused() {
        assertThatThrownBy(() -> CountKeys.parseFine("N|2024Q4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a fine count key");
        assertThatThrownBy(() -> CountKeys.parseFine("N|2024Q4|-|x")).isInstanceOf(IllegalArgumentException.class);
    }
}
