package org.kratomwatch.stats.ratio;

import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;

/**
 * Proportional reporting ratio (Evans, Waller &amp; Davis 2001, Pharmacoepidemiol Drug Saf 10:483).
 *
 * <pre>
 *   PRR = (a / (a+b)) / (c / (c+d))
 *   95% CI = exp( ln PRR ± z · sqrt( 1/a − 1/(a+b) + 1/c − 1/(c+d) ) )
 * </pre>
 * The variance of ln PRR is the Rothman–Greenland (delta-method) variance of a log risk ratio
 * (Rothman, Greenland &amp; Lash, Modern Epidemiology, 3rd ed., eq. 14-13); z = {@code Φ⁻¹(1 − α/2)}.
 *
 * <p>Special cases:
 * <ul>
 *   <li>a+b = 0 or c+d = 0: a proportion is 0/0, PRR undefined ({@code NaN}, interval {@code NaN});</li>
 *   <li>c = 0 and a &gt; 0: PRR = +∞, interval limits {@code NaN};</li>
 *   <li>c = 0 and a = 0: 0/0, undefined;</li>
 *   <li>a = 0 and c &gt; 0: PRR = 0, interval limits {@code NaN} (ln 0 and 1/a are infinite).</li>
 * </ul>
 */
public final class ProportionalReportingRatio {

    private ProportionalReportingRatio() {
    }

    /** PRR with its two-sided interval at normal quantile {@code z} (1.959963984540054 for 95%). */
    public static Estimate of(ContingencyTable t, double z) {
        long a = t.a();
        long b = t.b();
        long c = t.c();
        long d = t.d();
        long drug = a + b;
        long rest = c + d;
        if (drug == 0 || rest == 0 || (a == 0 && c == 0)) {
            return Estimate.UNDEFINED;
        }
        if (c == 0) {
            return Estimate.INFINITE;
        }
        if (a == 0) {
            return new Estimate(0.0, Double.NaN, Double.NaN);
        }
        double prr = ((double) a / drug) / ((double) c / rest);
        double se = Math.sqrt(1.0 / a - 1.0 / drug + 1.0 / c - 1.0 / rest);
        double logPrr = Math.log(prr);
        return new Estimate(prr, Math.exp(logPrr - z * se), Math.exp(logPrr + z * se));
    }
}
