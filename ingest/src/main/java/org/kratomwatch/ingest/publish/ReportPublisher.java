package org.kratomwatch.ingest.publish;

import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.QuarantinedRecord;

/**
 * Where anonymized records go: a Kafka cluster ({@link KafkaReportPublisher}) or nowhere
 * ({@link DryRunPublisher}, which still encodes every record so that a dry run validates them).
 */
public interface ReportPublisher extends AutoCloseable {

    /** Publishes the latest version of a case under its pseudonymous key. */
    void report(AdverseEventReport report);

    /** Publishes a tombstone: the case with this key is withdrawn. */
    void retract(String caseKey);

    /** Publishes a quarantined input record. */
    void quarantine(QuarantinedRecord record);

    /** Waits until everything published so far is acknowledged; throws if anything failed. */
    void flush();

    /** Records published (reports, tombstones, quarantine records). */
    long published();

    /** Bytes of encoded values published. */
    long bytes();

    @Override
    void close();
}
