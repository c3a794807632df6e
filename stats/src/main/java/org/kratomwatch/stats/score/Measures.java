package org.kratomwatch.stats.score;

import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;

/**
 * Every disproportionality measure of one drug–event pair, as computed by {@link PairScorer}.
 * Undefined values are {@code NaN}, infinite estimates {@code +∞} (see {@link Estimate}).
 *
 * @param table          the crude 2×2 table of distinct reports
 * @param expected       E11, crude or stratified
 * @param prr            PRR with its interval
 * @param chiSquare      Pearson χ² without correction
 * @param chiSquareYates Yates-corrected χ²
 * @param ror            ROR with its interval
 * @param ic             IC with IC025 and IC975
 * @param ebgm           EBGM with EB05 and EB95; {@link Estimate#UNDEFINED} when no MGPS model was given
 */
public record Measures(ContingencyTable table, double expected, Estimate prr, double chiSquare,
        double chiSquareYates, Estimate ror, Estimate ic, Estimate ebgm) {
}
