package org.kratomwatch.ingest.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.model.Collector;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.IngestSummary;
import org.kratomwatch.ingest.run.InputFormat;

/**
 * What ingesting one input did, observed twice: once as {@code kratomwatch ingest --dry-run} runs it
 * ({@link IngestRun}: reader, accounting, anonymizer, encoder, with {@link CollectingPublisher} in
 * Kafka's place), once through the format's reader alone into a {@link Collector}, which keeps
 * every item with its origin for the {@link Oracle}. The two must agree.
 *
 * @param summary   the run's accounting, or null when it threw
 * @param published what the run published
 * @param items     what the reader alone delivered, or null when it threw
 * @param userError the run's user error ({@link UnreadableInputException}), or null
 * @param readError the reader's own user error, or null
 * @param crash     anything else the run or the reader threw, or null
 * @param millis    the run's wall time
 */
record Outcome(IngestSummary summary, CollectingPublisher published, Collector items, UnreadableInputException userError,
        UnreadableInputException readError, Throwable crash, long millis) {

    static Outcome of(InputFormat format, Path input, String period) {
        CollectingPublisher pub = new CollectingPublisher();
        IngestSummary s = null;
        UnreadableInputException userError = null;
        Throwable crash = null;
        long t0 = System.nanoTime();
        try {
            s = new IngestRun(format, CaseKeyer.throwAway(), pub).fallbackPeriod(period).run(List.of(input), null, 1000);
        } catch (UnreadableInputException e) {
            userError = e;
        } catch (Throwable e) { // NOPMD: anything else is the crash this corpus hunts
            crash = e;
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Collector items = new Collector();
        UnreadableInputException readError = null;
        try {
            format.read(input, items, period);
        } catch (UnreadableInputException e) {
            readError = e;
            items = null;
        } catch (Throwable e) { // NOPMD
            if (crash == null) {
                crash = e;
            }
            items = null;
        }
        return new Outcome(s, pub, items, userError, readError, crash, millis);
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
