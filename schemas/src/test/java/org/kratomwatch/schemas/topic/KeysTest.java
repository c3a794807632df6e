package org.kratomwatch.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.Source;
import org.kratomwatch.schemas.Fixtures;
import org.kratomwatch.schemas.RandomAvro;

class KeysTest {

    @Test
    void keyFormats() {
        assertThat(Keys.report(Fixtures.report())).isEqualTo(Fixtures.report().getCaseKey());
        assertThat(Keys.quarantine(Fixtures.quarantined())).isEqualTo("FAERS|faers_ascii_2024q4.zip!DRUG24Q4.txt");
        assertThat(Keys.signal(Fixtures.signal()))
                .isEqualTo("kratom|PREFERRED_TERM|drug withdrawal syndrome|all|CUMULATIVE");
        assertThat(Keys.signal(Fixtures.signalEvent())).isEqualTo("kratom|TERM_GROUP|withdrawal|excl-opioid|CUMULATIVE");
        assertThat(Keys.interaction(Fixtures.interaction())).isEqualTo("kratom|fentanyl|PREFERRED_TERM|death");
        assertThat(Keys.hyperparameters(Fixtures.hyperparameterSet())).isEqualTo("excl-opioid|CUMULATIVE");
        assertThat(Keys.quarantine(Source.CAERS, "a|b%c.csv")).isEqualTo("CAERS|a%7Cb%25c.csv");
        assertThat(Keys.signal("kratom", EventKind.TERM_GROUP, "withdrawal", "all", Scope.PERIOD))
                .startsWith(Keys.prefix("kratom"))
                .startsWith(Keys.prefix("kratom", "TERM_GROUP"));
    }

    @Test
    void invalidEscapesAreRejected() {
        assertThatThrownBy(() -> Keys.split("a%2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keys.split("a%41b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Keys.split("")).containsExactly("");
        assertThat(Keys.split("a||b")).containsExactly("a", "", "b");
    }

    static LongStream seeds() {
        return LongStream.range(1, 101);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void joinAndSplitAreInversesAndPrefixesSelectExactlyTheirKeys(long seed) {
        RandomAvro random = new RandomAvro(seed);
        int n = 1 + random.random().nextInt(5);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(random.string());
        }
        String key = Keys.join(parts.toArray(String[]::new));
        assertThat(Keys.split(key)).containsExactlyElementsOf(parts);
        assertThat(key.chars().filter(c -> c == Keys.SEPARATOR).count()).isEqualTo(n - 1);

        // a prefix of first parts matches this key exactly when the parts agree
        String other = random.string();
        assertThat(key.startsWith(Keys.prefix(parts.get(0))) || n == 1).isTrue();
        boolean sameFirst = other.equals(parts.get(0));
        if (n > 1) {
            assertThat(key.startsWith(Keys.prefix(other))).isEqualTo(sameFirst);
        }
    }
}
