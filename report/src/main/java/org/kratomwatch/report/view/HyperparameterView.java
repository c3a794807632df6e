package org.kratomwatch.report.view;

/** The MGPS prior a comparator's EBGM values were computed with. */
public record HyperparameterView(String comparator, String alpha1, String beta1, String alpha2, String beta2,
        String p) {
}
