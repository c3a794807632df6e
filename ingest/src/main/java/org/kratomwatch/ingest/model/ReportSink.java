package org.kratomwatch.ingest.model;

/**
 * Where a reader delivers what it reads, record by record, in input order. Every input record
 * ends in exactly one call: a report, a retraction, or a quarantine item (orphan rows of a
 * multi-file format, such as a DRUG row whose report is missing, are quarantine items of their
 * own).
 */
public interface ReportSink {

    void report(RawReport report);

    void retraction(Retraction retraction);

    void quarantine(QuarantineItem item);
}
