package org.kratomwatch.streams.score;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Expected;
import org.kratomwatch.streams.score.CountSource.CellCount;

/**
 * The 2×2 table and expected count of an exposure–event pair, summed from cells.
 *
 * <p>For comparator i with background B_i (cells without its flag; everything for {@code all}),
 * over the cells of the scope (periods up to P, or P alone):
 * a = Σ P, b = Σ D − a (the exposure's own cases, all kept),
 * c = Σ_B E − Σ_B P (cases with the event without the exposure, in the background),
 * d = Σ_B N − Σ_B D − Σ_B E + Σ_B P (cases with neither, in the background).
 * For {@code all} this is b = n_D − a, c = n_E − a, d = N − n_D − n_E + a, as in batch scoring.
 * Expected: crude (a+b)(a+c)/N, or stratified Σ_k n_D,k · n_E,k / N_k with, per stratum k (age
 * band × sex × report year), n_D,k = a_k + b_k, n_E,k = a_k + c_k, N_k = a_k + b_k + c_k + d_k.
 */
public final class PairTables {

    /** A table with its expected count. */
    public record Table(ContingencyTable table, double expected) {
    }

    private PairTables() {
    }

    /**
     * @param pair       cells of {@code P|x|e}
     * @param exposure   cells of {@code D|x}
     * @param event      cells of {@code E|e}
     * @param total      cells of {@code N}
     * @param comparator comparator index (0 = all)
     * @param periods    which periods are in scope
     * @param stratified whether the expected count is stratified
     * @return the table, or null when the cells are not (yet) consistent, as a replica read while
     *         records are arriving can be: a count below the counts it contains
     */
    public static Table of(List<CellCount> pair, List<CellCount> exposure, List<CellCount> event,
            List<CellCount> total, int comparator, Predicate<String> periods, boolean stratified) {
        Map<String, long[]> strata = new TreeMap<>();
        // per stratum: 0 P all, 1 D all, 2 P bg, 3 D bg, 4 E bg, 5 N bg
        add(strata, pair, comparator, periods, stratified, 0, 2);
        add(strata, exposure, comparator, periods, stratified, 1, 3);
        add(strata, event, comparator, periods, stratified, -1, 4);
        add(strata, total, comparator, periods, stratified, -1, 5);
        long a = 0;
        long nd = 0;
        long c = 0;
        long d = 0;
        int k = 0;
        long[] stratumDrug = new long[strata.size()];
        long[] stratumEvent = new long[strata.size()];
        long[] stratumTotal = new long[strata.size()];
        for (long[] s : strata.values()) {
            long ak = s[0];
            long bk = s[1] - s[0];
            long ck = s[4] - s[2];
            long dk = s[5] - s[3] - s[4] + s[2];
            if (bk < 0 || ck < 0 || dk < 0) {
                return null;
            }
            a += ak;
            nd += s[1];
            c += ck;
            d += dk;
            stratumDrug[k] = ak + bk;
            stratumEvent[k] = ak + ck;
            stratumTotal[k] = ak + bk + ck + dk;
            k++;
        }
        ContingencyTable t = new ContingencyTable(a, nd - a, c, d);
        double expected = stratified ? Expected.stratified(stratumDrug, stratumEvent, stratumTotal) : t.expected();
        return new Table(t, expected);
    }

    private static void add(Map<String, long[]> strata, List<CellCount> cells, int comparator,
            Predicate<String> periods, boolean stratified, int allSlot, int backgroundSlot) {
        for (CellCount cc : cells) {
            if (!periods.test(cc.cell().period())) {
                continue;
            }
            long[] s = strata.computeIfAbsent(stratified ? cc.cell().stratumWithYear() : "", x -> new long[6]);
            if (allSlot >= 0) {
                s[allSlot] += cc.count();
            }
            if (cc.cell().inBackground(comparator)) {
                s[backgroundSlot] += cc.count();
            }
        }
    }
}
