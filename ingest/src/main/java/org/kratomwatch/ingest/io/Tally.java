package org.kratomwatch.ingest.io;

import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.ReportSink;
import org.kratomwatch.ingest.model.Retraction;

/**
 * A sink that counts what passes through it to another sink, and the records a reader declares
 * begun, for {@link ReadSummary}. Not thread-safe: one per {@code read} call.
 */
public final class Tally implements ReportSink {

    private final ReportSink delegate;
    private int files;
    private long records;
    private long reports;
    private long retractions;
    private long quarantined;

    public Tally(ReportSink delegate) {
        this.delegate = delegate;
    }

    /** A reader calls this once per record it begins reading. */
    public void record() {
        records++;
    }

    /** A reader calls this once per file (archive member) it opens. */
    public void file() {
        files++;
    }

    @Override
    public void report(RawReport report) {
        reports++;
        delegate.report(report);
    }

    @Override
    public void retraction(Retraction retraction) {
        retractions++;
        delegate.retraction(retraction);
    }

    @Override
    public void quarantine(QuarantineItem item) {
        quarantined++;
        delegate.quarantine(item);
    }

    public ReadSummary summary() {
        return new ReadSummary(files, records, reports, retractions, quarantined);
    }
}
