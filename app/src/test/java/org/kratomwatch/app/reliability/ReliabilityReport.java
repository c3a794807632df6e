package org.kratomwatch.app.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures a reliability test measured (runs, faults injected, records checked, mismatches),
 * written as Markdown to {@code target/reliability/<name>.md} (the folder is the system property
 * {@value #DIR_PROPERTY}, set by the app POM) and printed, so that a run reports numbers and not
 * only pass or fail. A test writes its report before it asserts, so a failing run leaves its
 * figures too.
 *
 * <pre>
 *   ReliabilityReport r = new ReliabilityReport("engine-crash", "Crash and restart of the engine");
 *   r.figure("kills", 5);
 *   r.table(List.of("run", "mismatches"), rows);
 *   r.write();
 * </pre>
 */
public final class ReliabilityReport {

    /** JUnit tag of the reliability suite: {@code mvn -B -pl app -am verify -Dgroups=reliability}. */
    public static final String TAG = "reliability";

    static final String DIR_PROPERTY = "kratomwatch.reliability.dir";

    private final String name;
    private final String title;
    private final long started = System.nanoTime();
    private final List<String> lines = new ArrayList<>();

    public ReliabilityReport(String name, String title) {
        this.name = name;
        this.title = title;
    }

    /** One figure: a bullet {@code - label: value}. */
    public ReliabilityReport figure(String label, Object value) {
        lines.add("- " + label + ": " + format(value));
        return this;
    }

    /** A paragraph of text. */
    public ReliabilityReport note(String text) {
        lines.add("");
        lines.add(text);
        lines.add("");
        return this;
    }

    /** A Markdown table. */
    public ReliabilityReport table(List<String> header, List<List<Object>> rows) {
        lines.add("");
        lines.add("| " + String.join(" | ", header) + " |");
        lines.add("|" + "---|".repeat(header.size()));
        for (List<Object> row : rows) {
            lines.add("| " + String.join(" | ", row.stream().map(ReliabilityReport::format).toList()) + " |");
        }
        lines.add("");
        return this;
    }

    private static String format(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.valueOf(v);
    }

    /** Seconds since this report was created. */
    public double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Writes {@code <dir>/<name>.md} (and prints it) and returns the path. */
    public Path write() {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(title).append("\n\n");
        b.append("- measured: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        b.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                .append(String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" at the end, Java ").append(System.getProperty("java.version")).append('\n');
        b.append(String.format(Locale.ROOT, "- test time: %.1f s%n", seconds()));
        for (String l : lines) {
            b.append(l).append('\n');
        }
        Path dir = Path.of(System.getProperty(DIR_PROPERTY, "target/reliability"));
        Path file = dir.resolve(name + ".md");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reliability report " + file, e);
        }
        System.out.println(b);
        return file;
    }
}
