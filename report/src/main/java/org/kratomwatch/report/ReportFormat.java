package org.kratomwatch.report;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The outputs of a periodic report. */
public enum ReportFormat {
    /** One self-contained HTML file, charts as inline SVG. */
    HTML,
    /** One CSV file per table. */
    CSV,
    /** The HTML printed by headless Chromium. */
    PDF;

    /**
     * Parses a comma-separated list such as {@code html,csv,pdf} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the unknown format
     */
    public static Set<ReportFormat> parse(String list) {
        Set<ReportFormat> formats = EnumSet.noneOf(ReportFormat.class);
        for (String part : list.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                formats.add(valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown report format '" + name + "' (known: html, csv, pdf)");
            }
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("no report format given (known: html, csv, pdf)");
        }
        return formats;
    }
}
