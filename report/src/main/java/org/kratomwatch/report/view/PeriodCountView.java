package org.kratomwatch.report.view;

/** Reports of one data period: all, and those of the headline substance. */
public record PeriodCountView(String period, String all, String headline, boolean current) {
}
