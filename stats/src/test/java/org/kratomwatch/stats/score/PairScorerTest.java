package org.kratomwatch.stats.score;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.bcpnn.InformationComponent;
import org.kratomwatch.stats.ratio.ChiSquare;
import org.kratomwatch.stats.ratio.ProportionalReportingRatio;
import org.kratomwatch.stats.ratio.ReportingOddsRatio;

/** The scorer delegates to the single implementation of each measure and applies the criteria. */
class PairScorerTest {

    private final ContingencyTable kratomWithdrawal = new ContingencyTable(26, 1756, 75167, 146786191);

    @Test
    void measuresAreThoseOfTheIndividualImplementations() {
        PairScore s = PairScorer.builder().build().score(kratomWithdrawal);
        Measures m = s.measures();
        assertThat(m.prr()).isEqualTo(ProportionalReportingRatio.of(kratomWithdrawal, 1.959963984540054));
        assertThat(m.ror()).isEqualTo(ReportingOddsRatio.of(kratomWithdrawal, 1.959963984540054));
        assertThat(m.chiSquareYates()).isEqualTo(ChiSquare.yates(kratomWithdrawal));
        assertThat(m.ic()).isEqualTo(InformationComponent.of(26, kratomWithdrawal.expected()));
        assertThat(m.ebgm().isDefined()).isFalse();
        // Withdrawal syndrome with kratom (ROR 28.9 in Li et al. 2023) fires every frequentist rule.
        assertThat(s.verdict().fired()).containsExactly("evans", "ror025", "ic025");
    }

    @Test
    void usesTheGivenExpectedCountAndPosteriorModel() {
        PosteriorModel fixed = (n, e) -> new Estimate(n / e, 2.5, 9.0);
        PairScore s = PairScorer.builder().ebgm(fixed).build().score(kratomWithdrawal, 4.0);
        assertThat(s.measures().expected()).isEqualTo(4.0);
        assertThat(s.measures().ebgm()).isEqualTo(new Estimate(6.5, 2.5, 9.0));
        assertThat(s.measures().ic()).isEqualTo(InformationComponent.of(26, 4.0));
        assertThat(s.verdict().fired()).contains("eb05");
    }
}
