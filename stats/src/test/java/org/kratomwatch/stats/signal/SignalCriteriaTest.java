package org.kratomwatch.stats.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.score.Measures;

/** Each rule's thresholds at and around their edges, and the combined verdict. */
class SignalCriteriaTest {

    private static Measures m(long a, double prr, double yates, double rorLower, double ic025, double eb05) {
        return new Measures(new ContingencyTable(a, 10, 10, 1000), 1.0, new Estimate(prr, 0, 0), 0.0, yates,
                new Estimate(0, rorLower, 0), new Estimate(0, ic025, 0), new Estimate(0, eb05, 0));
    }

    @Test
    void evansNeedsAllThreeConditions() {
        SignalRule evans = new SignalRule.Evans();
        assertThat(evans.fires(m(3, 2.0, 4.0, 0, 0, 0))).isTrue();
        assertThat(evans.fires(m(2, 2.0, 4.0, 0, 0, 0))).isFalse();
        assertThat(evans.fires(m(3, 1.999, 4.0, 0, 0, 0))).isFalse();
        assertThat(evans.fires(m(3, 2.0, 3.999, 0, 0, 0))).isFalse();
        assertThat(evans.fires(m(3, Double.NaN, Double.NaN, 0, 0, 0))).isFalse();
        assertThat(evans.fires(m(3, Double.POSITIVE_INFINITY, 100, 0, 0, 0))).isTrue();
    }

    @Test
    void lowerLimitRulesAreStrictOrInclusiveAsPublished() {
        assertThat(new SignalRule.RorLowerLimit().fires(m(3, 0, 0, 1.0, 0, 0))).isFalse();
        assertThat(new SignalRule.RorLowerLimit().fires(m(3, 0, 0, 1.0001, 0, 0))).isTrue();
        assertThat(new SignalRule.RorLowerLimit().fires(m(2, 0, 0, 5, 0, 0))).isFalse();
        assertThat(new SignalRule.IcLowerLimit().fires(m(1, 0, 0, 0, 0.0, 0))).isFalse();
        assertThat(new SignalRule.IcLowerLimit().fires(m(1, 0, 0, 0, 1e-9, 0))).isTrue();
        assertThat(new SignalRule.EbLowerLimit().fires(m(1, 0, 0, 0, 0, 2.0))).isTrue();
        assertThat(new SignalRule.EbLowerLimit().fires(m(1, 0, 0, 0, 0, 1.999))).isFalse();
        assertThat(new SignalRule.EbLowerLimit().fires(m(1, 0, 0, 0, 0, Double.NaN))).isFalse();
    }

    @Test
    void verdictListsFiredRulesInOrder() {
        Verdict v = SignalCriteria.defaults().evaluate(m(5, 3, 10, 2, -1, 2.5));
        assertThat(v.fired()).containsExactly("evans", "ror025", "eb05");
        assertThat(v.joined()).isEqualTo("evans|ror025|eb05");
        assertThat(SignalCriteria.defaults().evaluate(m(0, 0, 0, 0, 0, 0))).isEqualTo(Verdict.NONE);
    }

    @Test
    void namedSubsetsAndErrors() {
        assertThat(SignalCriteria.named(List.of("ic025", "evans")).rules()).extracting(SignalRule::name)
                .containsExactly("ic025", "evans");
        assertThatThrownBy(() -> SignalCriteria.named(List.of("prr2"))).hasMessageContaining("unknown signal rule 'prr2'");
        assertThatThrownBy(() -> new SignalCriteria(List.of(new SignalRule.Evans(), new SignalRule.Evans(4, 2, 4))))
                .hasMessageContaining("twice");
    }
}
