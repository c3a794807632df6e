package org.kratomwatch.ingest.run;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.anonymize.ReportAnonymizer;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.ReportSink;
import org.kratomwatch.ingest.model.Retraction;
import org.kratomwatch.ingest.publish.ReportPublisher;

/**
 * One ingestion run: reads the inputs in order with the format's reader, anonymizes, publishes,
 * and accounts for every record ({@link IngestSummary}).
 */
public final class IngestRun {

    /** Called now and then with the summary so far, for progress displays. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param soFar        the accounting so far
         * @param currentInput the input path being read (null once the run is complete)
         * @param currentFile  the file (or archive entry) of the last report, e.g.
         *                     {@code faers_ascii_2024Q3.zip!/ASCII/DEMO24Q3.txt}; null before the first
         */
        void update(IngestSummary soFar, Path currentInput, String currentFile);
    }

    private final InputFormat format;
    private final ReportAnonymizer anonymizer;
    private final ReportPublisher publisher;
    private final String runId;
    private String fallbackPeriod;

    public IngestRun(InputFormat format, CaseKeyer keyer, ReportPublisher publisher) {
        this.runId = UUID.randomUUID().toString();
        this.format = format;
        this.anonymizer = ReportAnonymizer.withDefaults(keyer, runId);
        this.publisher = publisher;
    }

    public String runId() {
        return runId;
    }

    /**
     * The data period of reports whose source has no receipt date (the CAERS long form); without
     * one such reports are quarantined ({@code MISSING_FIELD}).
     */
    public IngestRun fallbackPeriod(String period) {
        this.fallbackPeriod = period;
        return this;
    }

    /**
     * Reads every input, publishes, flushes, and returns the accounting.
     *
     * @param every progress is reported every this many records (and at the end)
     */
    public IngestSummary run(List<Path> inputs, Progress progress, long every) {
        IngestSink sink = new IngestSink(anonymizer, publisher, runId);
        for (Path input : inputs) {
            ReportSink watched = progress == null ? sink : new ReportSink() {
                private long n;
                private String file;

                private void tick() {
                    if (++n % every == 0) {
                        progress.update(sink.summary(), input, file);
                    }
                }

                @Override
                public void report(RawReport report) {
                    file = report.origin().file();
                    sink.report(report);
                    tick();
                }

                @Override
                public void retraction(Retraction retraction) {
                    sink.retraction(retraction);
                    tick();
                }

                @Override
                public void quarantine(QuarantineItem item) {
                    sink.quarantine(item);
                    tick();
                }
            };
            format.read(input, watched, fallbackPeriod);
        }
        publisher.flush();
        IngestSummary s = sink.summary();
        if (progress != null) {
            progress.update(s, null, null);
        }
        return s;
    }
}
