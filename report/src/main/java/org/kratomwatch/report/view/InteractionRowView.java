package org.kratomwatch.report.view;

/** One formatted line of the Ω interaction table. */
public record InteractionRowView(String watchSubstance, String coDrug, String event, boolean group, String n111,
        String n11, String expected, String omega, String omegaCi, boolean signal) {
}
