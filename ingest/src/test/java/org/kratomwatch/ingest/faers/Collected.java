package org.kratomwatch.ingest.faers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.Collector;

/** The shared collecting sink with FAERS-specific views. */
final class Collected extends Collector {

    Map<String, RawReport> reportsByCaseAndVersion() {
        return reports.stream().collect(Collectors.toMap(r -> r.caseId() + "/" + r.caseVersion(), Function.identity(),
                (a, b) -> {
                    throw new AssertionError("two reports " + a.caseId() + "/" + a.caseVersion());
                }));
    }

    Map<QuarantineReason, Long> reasons() {
        return quarantined.stream().collect(Collectors.groupingBy(QuarantineItem::reason, Collectors.counting()));
    }

    /** A report without its origin (line numbers differ between equivalent inputs). */
    static String content(RawReport r) {
        return String.join("|", r.source().toString(), r.caseId(), String.valueOf(r.caseVersion()),
                String.valueOf(r.receivedMonth()), r.dataPeriod(), String.valueOf(r.ageYears()), r.sex().toString(),
                r.reporterType().toString(), String.valueOf(r.reporterCountry()), String.valueOf(r.serious()),
                new java.util.TreeSet<>(r.outcomes()).toString(), r.drugs().toString(), r.reactions().toString());
    }

    List<String> reportContents() {
        return reports.stream().map(Collected::content).collect(Collectors.toList());
    }

    /**
     * Report contents with reactions sorted: in shuffled files a report's REAC rows come in another
     * order (FDA: the order of the terms implies nothing), while drugs follow drug_seq anyway.
     */
    List<String> reportContentsReactionsSorted() {
        return reports.stream().map(r -> {
            List<String> pts = new ArrayList<>(r.reactions());
            java.util.Collections.sort(pts);
            return content(r).replace(r.reactions().toString(), pts.toString());
        }).collect(Collectors.toList());
    }
}
