package org.kratomwatch.report.chart;

/** A tick or axis label at a position in SVG user units. */
public record Tick(String at, String label) {
}
