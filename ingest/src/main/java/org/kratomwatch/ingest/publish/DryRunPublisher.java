package org.kratomwatch.ingest.publish;

import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.schemas.topic.Topics;

/** Encodes every record exactly as it would be sent (so invalid records fail here too) and drops it. */
public final class DryRunPublisher implements ReportPublisher {

    private long published;
    private long bytes;

    @Override
    public void report(AdverseEventReport report) {
        bytes += Topics.REPORTS.valueSerde().serializer().serialize(Topics.REPORTS.name(), report).length;
        published++;
    }

    @Override
    public void retract(String caseKey) {
        published++;
    }

    @Override
    public void quarantine(QuarantinedRecord record) {
        bytes += Topics.QUARANTINE.valueSerde().serializer().serialize(Topics.QUARANTINE.name(), record).length;
        published++;
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
        return bytes;
    }

    @Override
    public void close() {
    }
}
