package org.kratomwatch.stats;

/**
 * The 2×2 table of distinct reports for one drug (or substance) D and one event E.
 *
 * <pre>
 *              E      not E
 *   D          a        b
 *   not D      c        d
 * </pre>
 *
 * <p>N = a + b + c + d. The crude expected count of reports with D and E under independence is
 * E11 = (a+b)(a+c)/N. A stratified analysis replaces E11 by the sum over strata (see
 * {@link Expected}); the cells themselves are always crude counts.
 *
 * <p>All cells are non-negative counts of distinct reports; the constructor rejects anything else,
 * so every statistic in this module can rely on that.
 *
 * @param a reports with D and E
 * @param b reports with D and not E
 * @param c reports with E and not D
 * @param d reports with neither
 */
public record ContingencyTable(long a, long b, long c, long d) {

    public ContingencyTable {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalArgumentException(
                    "contingency cells must be non-negative: a=" + a + " b=" + b + " c=" + c + " d=" + d);
        }
    }

    /**
     * Builds the table from the margins that an incremental counter keeps: the pair count a, the
     * drug's report count n_D = a+b, the event's report count n_E = a+c and the total N.
     *
     * @throws IllegalArgumentException if the margins are inconsistent (any derived cell negative)
     */
    public static ContingencyTable fromMargins(long a, long drugReports, long eventReports, long totalReports) {
        long b = drugReports - a;
        long c = eventReports - a;
        long d = totalReports - drugReports - eventReports + a;
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalArgumentException("inconsistent margins: a=" + a + " nD=" + drugReports
                    + " nE=" + eventReports + " N=" + totalReports);
        }
        return new ContingencyTable(a, b, c, d);
    }

    /** N = a+b+c+d. */
    public long n() {
        return a + b + c + d;
    }

    /** n_D = a+b, reports with the drug. */
    public long drugTotal() {
        return a + b;
    }

    /** n_E = a+c, reports with the event. */
    public long eventTotal() {
        return a + c;
    }

    /** True when at least one of the four cells is zero. */
    public boolean hasZeroCell() {
        return a == 0 || b == 0 || c == 0 || d == 0;
    }

    /**
     * Crude expected count E11 = (a+b)(a+c)/N; {@code NaN} for an empty table. Computed in double
     * precision from exact long margins (products of margins up to 2^53 are exact).
     */
    public double expected() {
        long n = n();
        return n == 0 ? Double.NaN : (double) drugTotal() * (double) eventTotal() / (double) n;
    }
}
