package org.kratomwatch.stats;

/**
 * Expected count of reports with drug D and event E under independence.
 *
 * <p>Crude: E11 = n_D · n_E / N. Stratified (Mantel–Haenszel style, as Oracle Empirica and FDA's
 * openEBGM compute it; DuMouchel 1999, section 2): E11 = Σ_s n_D,s · n_E,s / N_s over strata s
 * (for example age band × sex × report year); strata with N_s = 0 contribute nothing. PRR and ROR
 * stay crude; only E11, and so IC and the MGPS measures, use the stratified value.
 */
public final class Expected {

    private Expected() {
    }

    /** Crude E11 = n_D · n_E / N; {@code NaN} when N = 0. */
    public static double crude(long drugReports, long eventReports, long totalReports) {
        return totalReports == 0 ? Double.NaN : (double) drugReports * (double) eventReports / (double) totalReports;
    }

    /**
     * Stratified E11 = Σ_s n_D,s · n_E,s / N_s.
     *
     * @param drugReports  n_D,s per stratum
     * @param eventReports n_E,s per stratum
     * @param totalReports N_s per stratum
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static double stratified(long[] drugReports, long[] eventReports, long[] totalReports) {
        if (drugReports.length != eventReports.length || drugReports.length != totalReports.length) {
            throw new IllegalArgumentException("strata arrays differ in length");
        }
        double sum = 0.0;
        for (int s = 0; s < totalReports.length; s++) {
            if (totalReports[s] > 0) {
                sum += (double) drugReports[s] * (double) eventReports[s] / (double) totalReports[s];
            }
        }
        return sum;
    }
}
