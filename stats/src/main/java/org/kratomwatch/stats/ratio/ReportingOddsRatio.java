package org.kratomwatch.stats.ratio;

import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;

/**
 * Reporting odds ratio (van Puijenbroek et al. 2002, Pharmacoepidemiol Drug Saf 11:3).
 *
 * <pre>
 *   ROR = a·d / (b·c)
 *   95% CI = exp( ln ROR ± z · sqrt( 1/a + 1/b + 1/c + 1/d ) )     (Woolf's logit interval)
 * </pre>
 *
 * <p>Zero cells, by {@link ZeroCellCorrection}:
 * <ul>
 *   <li>{@link ZeroCellCorrection#NONE} (default): b·c = 0 with a·d &gt; 0 gives ROR = +∞; a·d = 0
 *       with b·c &gt; 0 gives ROR = 0; both zero gives {@code NaN}. With any zero cell the interval
 *       limits are {@code NaN} (a zero cell makes the log variance infinite).</li>
 *   <li>{@link ZeroCellCorrection#HALDANE_ANSCOMBE}: when any cell is zero, 0.5 is added to all four
 *       cells and the ordinary formulas are applied (Haldane 1956; Anscombe 1956). Tables without a
 *       zero cell are unchanged.</li>
 * </ul>
 */
public final class ReportingOddsRatio {

    /** What to do with a table that has a zero cell. */
    public enum ZeroCellCorrection {
        /** Report the exact, possibly infinite or undefined, ratio. */
        NONE,
        /** Add 0.5 to every cell when any cell is zero. */
        HALDANE_ANSCOMBE
    }

    private ReportingOddsRatio() {
    }

    /** ROR without correction and its interval at normal quantile {@code z}. */
    public static Estimate of(ContingencyTable t, double z) {
        return of(t, z, ZeroCellCorrection.NONE);
    }

    /** ROR and its interval at normal quantile {@code z}, with the given zero-cell policy. */
    public static Estimate of(ContingencyTable t, double z, ZeroCellCorrection correction) {
        if (t.hasZeroCell()) {
            if (correction == ZeroCellCorrection.HALDANE_ANSCOMBE) {
                return logit(t.a() + 0.5, t.b() + 0.5, t.c() + 0.5, t.d() + 0.5, z);
            }
            boolean numeratorZero = t.a() == 0 || t.d() == 0;
            boolean denominatorZero = t.b() == 0 || t.c() == 0;
            if (numeratorZero && denominatorZero) {
                return Estimate.UNDEFINED;
            }
            return denominatorZero ? Estimate.INFINITE : new Estimate(0.0, Double.NaN, Double.NaN);
        }
        return logit(t.a(), t.b(), t.c(), t.d(), z);
    }

    private static Estimate logit(double a, double b, double c, double d, double z) {
        // ln(ad/bc) as a sum of logs: a·d can exceed 2^53 on full-database tables.
        double logRor = Math.log(a) + Math.log(d) - Math.log(b) - Math.log(c);
        double se = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
        return new Estimate(Math.exp(logRor), Math.exp(logRor - z * se), Math.exp(logRor + z * se));
    }
}
