package org.kratomwatch.app.ingest;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.kratomwatch.ingest.run.IngestSummary;

/**
 * Progress of an ingestion run: a self-overwriting line on a terminal, a plain line every few
 * seconds otherwise (so logs of scripted runs stay readable).
 */
final class ProgressLine {

    private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private long lastPlain = System.nanoTime();
    private int width;

    ProgressLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void update(IngestSummary s, Path input) {
        if (input == null) {
            return;
        }
        double rate = s.seconds() > 0 ? s.read() / s.seconds() : 0;
        String line = String.format("%s: %,d records read, %,d accepted, %,d quarantined, %,.0f records/s, %.0f s",
                input.getFileName(), s.read(), s.accepted(), s.quarantined(), rate, s.seconds());
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

    void clear() {
        if (terminal && width > 0) {
            out.print("\r" + " ".repeat(width) + "\r");
            out.flush();
            width = 0;
        }
    }
}
