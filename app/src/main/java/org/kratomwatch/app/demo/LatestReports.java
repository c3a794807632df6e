package org.kratomwatch.app.demo;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.ingest.publish.ReportPublisher;

/**
 * A publisher that keeps, in memory, the latest version of every live case: what the reports
 * topic holds after compaction. The batch demo counts over it at the end of each quarter.
 */
final class LatestReports implements ReportPublisher {

    private final Map<String, AdverseEventReport> latest = new HashMap<>();
    private long published;
    private long quarantined;

    @Override
    public void report(AdverseEventReport report) {
        published++;
        latest.merge(report.getCaseKey(), report, (old, now) -> now.getCaseVersion() >= old.getCaseVersion() ? now : old);
    }

    @Override
    public void retract(String caseKey) {
        published++;
        latest.remove(caseKey);
    }

    @Override
    public void quarantine(QuarantinedRecord record) {
        published++;
        quarantined++;
    }

    Collection<AdverseEventReport> reports() {
        return latest.values();
    }

    long quarantined() {
        return quarantined;
    }

    @Override
    public void flush() {
    }

    @Override
    public long published() {
        return published;
    }

    @Override
    public long bytes() {
        return 0;
    }

    @Override
    public void close() {
    }
}
