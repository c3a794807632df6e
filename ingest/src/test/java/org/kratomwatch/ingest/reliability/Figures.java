package org.kratomwatch.ingest.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.QuarantinedRecord;

/**
 * The figures of a corpus run, per input format and fault: variants, runs, faults injected,
 * records checked, crashes, accounting and oracle mismatches, user errors, quarantine reasons, and
 * whether each fault was visible in what the reader said. Written as Markdown to
 * {@code target/reliability/malformed-input.md} so they can be copied into {@code docs/reliability.md}.
 */
final class Figures {

    /** The counts of one (format, fault) pair. */
    static final class Row {
        int variants;
        int runs;
        long injected;
        long records;
        int crashes;
        int accountingMismatches;
        int oracleMismatches;
        int reasonProblems;
        int expectationMisses;
        int userErrors;
        int evidenceWanted;
        int evidenceSeen;
        int undetectable;
        long slowestMillis;
        final Map<QuarantineReason, Long> reasons = new EnumMap<>(QuarantineReason.class);
    }

    private final Map<String, Row> rows = new TreeMap<>();
    private final TreeSet<String> userErrors = new TreeSet<>();
    private final Map<String, TreeSet<String>> messages = new TreeMap<>();
    private final TreeSet<String> undetectable = new TreeSet<>();
    private final List<String> memory = new ArrayList<>();
    private final TreeSet<String> failures = new TreeSet<>();

    synchronized void add(Variant v, Outcome o, List<String> problems) {
        Sample s = v.c().sample();
        Row r = rows.computeIfAbsent(s.format + "\t" + v.c().fault(), k -> new Row());
        r.variants++;
        r.runs += 2;
        r.injected += v.injected();
        r.slowestMillis = Math.max(r.slowestMillis, o.millis());
        for (String p : problems) {
            String kind = p.substring(0, p.indexOf(':'));
            switch (kind) {
                case "crash" -> r.crashes++;
                case "accounting" -> r.accountingMismatches++;
                case "oracle" -> r.oracleMismatches++;
                case "reason" -> r.reasonProblems++;
                default -> r.expectationMisses++;
            }
            failures.add(v.c() + ": " + p.lines().findFirst().orElse(p));
        }
        if (o.userError() != null) {
            r.userErrors++;
            userErrors.add(s.format + ": " + o.userError().getMessage().replace(v.input().getParent().toString(), "…"));
        }
        if (o.summary() != null) {
            r.records += o.summary().read();
            o.summary().quarantinedByReason().forEach((k, n) -> r.reasons.merge(k, n, Long::sum));
            for (QuarantinedRecord q : o.published().quarantined) {
                messages.computeIfAbsent(s.format + " " + q.getReason(), k -> new TreeSet<>()).add(shape(q.getMessage()));
            }
        }
        Variant.Expect e = v.expect();
        if (e.evidenceReasons != null || e.userErrorNaming != null || !e.lines.isEmpty() || !e.records.isEmpty()) {
            r.evidenceWanted++;
            if (problems.stream().noneMatch(p -> p.startsWith("expected") || p.startsWith("crash"))) {
                r.evidenceSeen++;
            }
        }
        if (e.undetectable != null) {
            r.undetectable++;
            undetectable.add(s.format + " " + v.c().fault() + ": " + e.undetectable);
        }
    }

    synchronized void memory(String line) {
        memory.add(line);
    }

    /** Digits as 9, cut to 140 characters: one line per kind of message, not per record. */
    private static String shape(String m) {
        String s = m.replaceAll("[0-9]+", "9");
        return s.length() > 140 ? s.substring(0, 140) + "…" : s;
    }

    synchronized void write(Path file, long seed, long millis, long cpuMillis) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder b = new StringBuilder();
        Row total = new Row();
        for (Row r : rows.values()) {
            total.variants += r.variants;
            total.runs += r.runs;
            total.injected += r.injected;
            total.records += r.records;
            total.crashes += r.crashes;
            total.accountingMismatches += r.accountingMismatches;
            total.oracleMismatches += r.oracleMismatches;
            total.reasonProblems += r.reasonProblems;
            total.expectationMisses += r.expectationMisses;
            total.userErrors += r.userErrors;
            total.evidenceWanted += r.evidenceWanted;
            total.evidenceSeen += r.evidenceSeen;
            total.undetectable += r.undetectable;
        }
        b.append("# Malformed input files: figures\n\n");
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        b.append(String.format("Run %s, seed %d, %d processors (load average %.1f at the end): %.1f s wall time,"
                + " %.1f s CPU time of the test JVM (the heap probes' own JVMs not counted).%n%n", LocalDate.now(), seed,
                Runtime.getRuntime().availableProcessors(), load, millis / 1000.0, cpuMillis / 1000.0));
        b.append(String.format("Totals: %,d variants, %,d ingestion runs, %,d faults injected, %,d records checked;"
                + " crashes %d, accounting mismatches %d, oracle mismatches %d, vague reasons %d, expectations missed %d;"
                + " user errors %d (all one line, naming the file); fault shown in what the reader said: %d of %d"
                + " variants where the format can show it.%n%n", total.variants, total.runs, total.injected,
                total.records, total.crashes, total.accountingMismatches, total.oracleMismatches, total.reasonProblems,
                total.expectationMisses, total.userErrors, total.evidenceSeen, total.evidenceWanted));
        b.append("| format | fault | variants | runs | faults injected | records checked | crashes | accounting"
                + " mismatches | oracle mismatches | vague reasons | user errors | fault shown | slowest run ms"
                + " | quarantine reasons |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|\n");
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            String[] k = e.getKey().split("\t");
            Row r = e.getValue();
            b.append(String.format("| %s | %s | %d | %d | %d | %,d | %d | %d | %d | %d | %d | %s | %d | %s |%n", k[0],
                    k[1], r.variants, r.runs, r.injected, r.records, r.crashes, r.accountingMismatches,
                    r.oracleMismatches, r.reasonProblems, r.userErrors,
                    r.evidenceWanted == 0 ? (r.undetectable > 0 ? "n/a (format)" : "n/a")
                            : r.evidenceSeen + "/" + r.evidenceWanted,
                    r.slowestMillis, reasons(r.reasons)));
        }
        if (!memory.isEmpty()) {
            b.append("\n## Giant inputs in a bounded heap\n\n");
            for (String m : memory) {
                b.append("- ").append(m).append('\n');
            }
        }
        b.append("\n## Faults a format cannot show (not counted as misses)\n\n");
        for (String u : undetectable) {
            b.append("- ").append(u).append('\n');
        }
        b.append("\n## User errors (distinct messages)\n\n");
        for (String u : userErrors) {
            b.append("- ").append(u).append('\n');
        }
        b.append("\n## Quarantine messages (distinct shapes: digits shown as 9)\n\n");
        for (Map.Entry<String, TreeSet<String>> m : messages.entrySet()) {
            b.append("- **").append(m.getKey()).append("**: ").append(m.getValue().size()).append(" shape(s)\n");
            int n = 0;
            for (String s : m.getValue()) {
                if (n++ == 12) {
                    b.append("  - …\n");
                    break;
                }
                b.append("  - ").append(s.replace("|", "\\|")).append('\n');
            }
        }
        if (!failures.isEmpty()) {
            b.append("\n## Problems found\n\n");
            for (String f : failures) {
                b.append("- ").append(f.replace("|", "\\|")).append('\n');
            }
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private static String reasons(Map<QuarantineReason, Long> m) {
        if (m.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<QuarantineReason, Long> e : m.entrySet()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append(' ').append(e.getValue());
        }
        return b.toString();
    }
}
