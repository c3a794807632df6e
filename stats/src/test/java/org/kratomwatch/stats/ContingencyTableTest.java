package org.kratomwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ContingencyTableTest {

    @Test
    void marginsAndExpectedOfAHandCheckedTable() {
        // a=7 b=1775 c=133719 d=146727639 (kratom × loss of independence, Li et al. 2023)
        ContingencyTable t = new ContingencyTable(7, 1775, 133719, 146727639);
        assertThat(t.n()).isEqualTo(146_863_140L);
        assertThat(t.drugTotal()).isEqualTo(1782);
        assertThat(t.eventTotal()).isEqualTo(133726);
        // 1782 * 133726 / 146863140 = 1.62262935... (checked by hand: 238299732 / 146863140)
        assertThat(t.expected()).isCloseTo(238_299_732.0 / 146_863_140.0, within(1e-15));
    }

    @Test
    void fromMarginsInvertsTheMargins() {
        ContingencyTable t = ContingencyTable.fromMargins(3, 10, 20, 100);
        assertThat(t).isEqualTo(new ContingencyTable(3, 7, 17, 73));
    }

    @Test
    void rejectsNegativeCellsAndInconsistentMargins() {
        assertThatThrownBy(() -> new ContingencyTable(1, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContingencyTable.fromMargins(5, 4, 10, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stratifiedExpectedSumsOverStrataAndSkipsEmptyOnes() {
        // strata: (nD=2,nE=3,N=10) -> 0.6 ; (nD=1,nE=4,N=8) -> 0.5 ; empty stratum -> 0
        double e = Expected.stratified(new long[] {2, 1, 0}, new long[] {3, 4, 0}, new long[] {10, 8, 0});
        assertThat(e).isCloseTo(1.1, within(1e-15));
        assertThat(Expected.crude(2, 3, 0)).isNaN();
    }
}
