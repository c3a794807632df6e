package org.kratomwatch.stats.ratio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kratomwatch.stats.ReferenceTable.close;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.ReferenceTable;
import org.kratomwatch.stats.ReferenceTable.Row;
import org.kratomwatch.stats.StandardNormal;
import org.kratomwatch.stats.bcpnn.InformationComponent;
import org.kratomwatch.stats.ratio.ReportingOddsRatio.ZeroCellCorrection;

/**
 * PRR, ROR (with and without Haldane–Anscombe), χ² (Pearson and Yates) and IC with its exact
 * gamma interval, against {@code reference/measures.csv}: 137 tables (hand-checkable ones, zero
 * cells, the published kratom FAERS tables of Li et al. 2023 and seeded random tables from 10 to
 * 10^9 reports) computed independently in 50-digit arithmetic by
 * {@code src/test/python/measures_reference.py}.
 *
 * <p>Tolerance: 1e-12 relative (absolute below 1) for every value. The Java code works in double
 * precision, so this is a few hundred ulp at most.
 */
class MeasuresReferenceTest {

    private static final double TOL = 1e-12;

    static Stream<Row> rows() {
        List<Row> rows = ReferenceTable.load("/reference/measures.csv");
        assertThat(rows).hasSizeGreaterThan(100);
        return rows.stream();
    }

    private static ContingencyTable table(Row r) {
        return new ContingencyTable(r.count("a"), r.count("b"), r.count("c"), r.count("d"));
    }

    private static void assertEstimate(Row r, String name, Estimate e, String value, String lo, String hi) {
        assertThat(close(r.num(value), e.value(), TOL)).as("%s %s: expected %s got %s", name, r, r.num(value), e.value()).isTrue();
        assertThat(close(r.num(lo), e.lower(), TOL)).as("%s lower %s: got %s", name, r, e.lower()).isTrue();
        assertThat(close(r.num(hi), e.upper(), TOL)).as("%s upper %s: got %s", name, r, e.upper()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void prr(Row r) {
        assertEstimate(r, "PRR", ProportionalReportingRatio.of(table(r), StandardNormal.Z_975), "prr", "prr_lo95", "prr_hi95");
    }

    @ParameterizedTest
    @MethodSource("rows")
    void ror(Row r) {
        assertEstimate(r, "ROR", ReportingOddsRatio.of(table(r), StandardNormal.Z_975), "ror", "ror_lo95", "ror_hi95");
        assertEstimate(r, "ROR (Haldane-Anscombe)",
                ReportingOddsRatio.of(table(r), StandardNormal.Z_975, ZeroCellCorrection.HALDANE_ANSCOMBE),
                "ror_ha", "ror_ha_lo95", "ror_ha_hi95");
    }

    @ParameterizedTest
    @MethodSource("rows")
    void chiSquare(Row r) {
        assertThat(close(r.num("chi2"), ChiSquare.pearson(table(r)), TOL)).as("chi2 %s", r).isTrue();
        assertThat(close(r.num("chi2_yates"), ChiSquare.yates(table(r)), TOL)).as("Yates %s", r).isTrue();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void expectedAndInformationComponent(Row r) {
        ContingencyTable t = table(r);
        assertThat(close(r.num("expected"), t.expected(), TOL)).as("E11 %s", r).isTrue();
        if (t.n() > 0) {
            assertEstimate(r, "IC", InformationComponent.of(t.a(), t.expected()), "ic", "ic025", "ic975");
        }
    }
}
