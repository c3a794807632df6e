package org.kratomwatch.ingest.reliability;

import java.util.ArrayList;
import java.util.List;

import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.ingest.publish.ReportPublisher;
import org.kratomwatch.schemas.topic.Topics;

/**
 * Stands where Kafka would: encodes every record exactly as {@code KafkaReportPublisher} does (so an
 * unencodable record fails here too), keeps the quarantine records as an analyst would see them,
 * and notes the largest encoded value, which Kafka's default producer limit (1 MiB,
 * {@code max.request.size}) would refuse.
 */
final class CollectingPublisher implements ReportPublisher {

    /** Kafka's default {@code max.request.size} (and about the broker's default {@code message.max.bytes}). */
    static final int KAFKA_DEFAULT_MAX_BYTES = 1 << 20;

    final List<QuarantinedRecord> quarantined = new ArrayList<>();
    long reports;
    long retractions;
    long largest;
    String largestWhat = "";
    private long bytes;

    @Override
    public void report(AdverseEventReport report) {
        size(Topics.REPORTS.valueSerde().serializer().serialize(Topics.REPORTS.name(), report).length, "a report");
        reports++;
    }

    @Override
    public void retract(String caseKey) {
        retractions++;
    }

    @Override
    public void quarantine(QuarantinedRecord record) {
        size(Topics.QUARANTINE.valueSerde().serializer().serialize(Topics.QUARANTINE.name(), record).length,
                "a quarantine record");
        quarantined.add(record);
    }

    private void size(int n, String what) {
        bytes += n;
        if (n > largest) {
            largest = n;
            largestWhat = what;
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public long published() {
        return reports + retractions + quarantined.size();
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
    }
}
