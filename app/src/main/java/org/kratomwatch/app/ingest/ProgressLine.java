package org.kratomwatch.app.ingest;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kratomwatch.ingest.run.IngestSummary;

/**
 * Progress of an ingestion run: a self-overwriting line on a terminal, a plain line every few
 * seconds otherwise (so logs of scripted runs stay readable). Where the work is known in advance
 * (FAERS quarters), it shows the quarter reached and an ETA from the time the finished quarters took.
 */
final class ProgressLine {

    private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;
    private static final Pattern QUARTER = Pattern.compile("(?i)(\\d{2})q([1-4])");

    private final PrintWriter out;
    private final boolean terminal;
    private final int totalUnits;
    private final Set<String> unitsSeen = new LinkedHashSet<>();
    private long lastPlain = System.nanoTime();
    private int width;

    /**
     * @param totalUnits the quarters the run will read (0 when unknown: no ETA)
     */
    ProgressLine(PrintWriter out, boolean terminal, int totalUnits) {
        this.out = out;
        this.terminal = terminal;
        this.totalUnits = totalUnits;
    }

    void update(IngestSummary s, Path input, String file) {
        if (input == null) {
            return;
        }
        String unit = unit(file);
        if (unit != null) {
            unitsSeen.add(unit);
        }
        double rate = s.seconds() > 0 ? s.read() / s.seconds() : 0;
        StringBuilder line = new StringBuilder(String.format("%s: %,d records read, %,d accepted, %,d quarantined, %,.0f records/s",
                input.getFileName(), s.read(), s.accepted(), s.quarantined(), rate));
        int done = unitsSeen.size() - 1; // the quarter being read is not finished
        if (totalUnits > 0 && unit != null) {
            line.append(String.format(", quarter %d/%d", unitsSeen.size(), totalUnits));
            if (done > 0) {
                double eta = s.seconds() / done * (totalUnits - done);
                line.append(String.format(", ETA %.0f s", eta));
            }
        }
        line.append(String.format(" (%.0f s)", s.seconds()));
        print(line.toString());
    }

    private void print(String line) {
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            width = line.length();
            out.flush();
        } else if (System.nanoTime() - lastPlain > PLAIN_INTERVAL_NANOS) {
            lastPlain = System.nanoTime();
            out.println(line);
            out.flush();
        }
    }

    /** The FAERS quarter ({@code 24Q3}) named by an archive entry or file, or null. */
    static String unit(String file) {
        if (file == null) {
            return null;
        }
        Matcher m = QUARTER.matcher(file);
        String last = null;
        while (m.find()) {
            last = m.group(1) + "Q" + m.group(2);
        }
        return last;
    }

    /** The number of quarters in FAERS inputs, or 0 when they cannot be listed. */
    static int quarters(List<Path> inputs) {
        int n = 0;
        try {
            for (Path p : inputs) {
                n += org.kratomwatch.ingest.faers.FaersReader.quarters(p).size();
            }
        } catch (RuntimeException e) {
            return 0; // the reader itself reports unreadable inputs
        }
        return n;
    }

    void clear() {
        if (terminal && width > 0) {
            out.print("\r" + " ".repeat(width) + "\r");
            out.flush();
            width = 0;
        }
    }
}
