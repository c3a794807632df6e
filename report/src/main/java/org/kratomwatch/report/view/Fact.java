package org.kratomwatch.report.view;

/** A labelled value of the summary. */
public record Fact(String label, String value) {
}
