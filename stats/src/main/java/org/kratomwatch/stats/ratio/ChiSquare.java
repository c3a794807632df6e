package org.kratomwatch.stats.ratio;

import java.math.BigInteger;
import org.kratomwatch.stats.ContingencyTable;

/**
 * Pearson's chi-square statistic (1 degree of freedom) for a 2×2 table, without and with Yates'
 * continuity correction, exactly as R's {@code chisq.test(x, correct = FALSE / TRUE)} computes them.
 *
 * <pre>
 *   χ²       = N · (ad − bc)² / ((a+b)(c+d)(a+c)(b+d))
 *   χ²_Yates = N · max(0, |ad − bc| − N/2)² / ((a+b)(c+d)(a+c)(b+d))
 * </pre>
 * R applies the correction as Σ (|O − E| − min(0.5, |O − E|))² / E; for a 2×2 table every
 * |O − E| equals |ad − bc| / N, which gives the closed form above (Yates 1934). The MHRA/Evans
 * rule uses the Yates-corrected value (χ² ≥ 4).
 *
 * <p>Special case: a zero margin makes the statistic 0/0, returned as {@code NaN} (R returns
 * {@code NaN} too). The determinant ad − bc is computed exactly (with {@link BigInteger} where
 * the products overflow a long) before the division, so huge tables lose no precision there.
 */
public final class ChiSquare {

    private ChiSquare() {
    }

    /** Uncorrected Pearson χ². */
    public static double pearson(ContingencyTable t) {
        return statistic(t, false);
    }

    /** Yates-corrected χ², as R's {@code chisq.test(correct = TRUE)}. */
    public static double yates(ContingencyTable t) {
        return statistic(t, true);
    }

    private static double statistic(ContingencyTable t, boolean yates) {
        double r1 = t.a() + t.b();
        double r2 = t.c() + t.d();
        double c1 = t.a() + t.c();
        double c2 = t.b() + t.d();
        if (r1 == 0 || r2 == 0 || c1 == 0 || c2 == 0) {
            return Double.NaN;
        }
        double n = t.n();
        double det = Math.abs(determinant(t));
        if (yates) {
            det = Math.max(0.0, det - n / 2);
        }
        // N·det² / (r1 r2 c1 c2) arranged to avoid overflow of det² for large tables.
        return n * (det / r1) * (det / r2) / c1 / c2;
    }

    /** ad − bc, exact where it fits in a long, else through BigInteger. */
    static double determinant(ContingencyTable t) {
        try {
            return (double) Math.subtractExact(Math.multiplyExact(t.a(), t.d()), Math.multiplyExact(t.b(), t.c()));
        } catch (ArithmeticException overflow) {
            return BigInteger.valueOf(t.a()).multiply(BigInteger.valueOf(t.d()))
                    .subtract(BigInteger.valueOf(t.b()).multiply(BigInteger.valueOf(t.c()))).doubleValue();
        }
    }
}
