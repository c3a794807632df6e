package org.kratomwatch.ingest.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.kratomwatch.avro.QuarantineReason;





/** A sink keeping everything, in order (test helper shared by the reader tests). */
public class Collector implements ReportSink {

    public final List<RawReport> reports = new ArrayList<>();
    public final List<Retraction> retractions = new ArrayList<>();
    public final List<QuarantineItem> quarantined = new ArrayList<>();
    /** Every call in order: a RawReport, Retraction or QuarantineItem. */
    public final List<Object> calls = new ArrayList<>();

    @Override
    public void report(RawReport report) {
        reports.add(report);
        calls.add(report);
    }

    @Override
    public void retraction(Retraction retraction) {
        retractions.add(retraction);
        calls.add(retraction);
    }

    @Override
    public void quarantine(QuarantineItem item) {
        quarantined.add(item);
        calls.add(item);
    }

    public RawReport report(String caseId) {
        return byId(caseId).orElseThrow(() -> new AssertionError("no report " + caseId));
    }

    public Optional<RawReport> byId(String caseId) {
        return reports.stream().filter(r -> r.caseId().equals(caseId)).findFirst();
    }

    public long count(QuarantineReason reason) {
        return quarantined.stream().filter(q -> q.reason() == reason).count();
    }

    /** Sink calls, which must equal the records read. */
    public int total() {
        return reports.size() + retractions.size() + quarantined.size();
    }
}
