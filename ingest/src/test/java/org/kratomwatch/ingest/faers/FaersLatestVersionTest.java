package org.kratomwatch.ingest.faers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.kratomwatch.ingest.accounting.LatestVersionTracker;
import org.kratomwatch.ingest.accounting.LatestVersionTracker.Verdict;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.ReportSink;
import org.kratomwatch.ingest.model.Retraction;

/** Latest-version tracking across two quarters read in one run (fixture {@code versions}). */
class FaersLatestVersionTest {

    @Test
    void latestVersionWinsAcrossQuarters() {
        LatestVersionTracker tracker = new LatestVersionTracker();
        List<String> log = new ArrayList<>();
        Collected kept = new Collected();
        FaersReadSummary s = new FaersReader().read(Fixtures.resource("versions"), new ReportSink() {
            @Override
            public void report(RawReport r) {
                Verdict v = tracker.offer(r.caseId(), r.caseVersion());
                log.add(r.dataPeriod() + " " + r.caseId() + " v" + r.caseVersion() + " " + v);
                if (v.isLatest()) {
                    kept.report(r);
                }
            }

            @Override
            public void retraction(Retraction r) {
                tracker.retract(r.caseId());
                log.add("delete " + r.caseId());
                kept.retraction(r);
            }

            @Override
            public void quarantine(QuarantineItem item) {
                kept.quarantine(item);
            }
        });
        assertThat(s.records()).isEqualTo(5 + 1 + 6);
        assertThat(log).containsExactly(
                "2024Q1 80000001 v2 FIRST",
                "2024Q1 80000002 v1 FIRST",
                "2024Q1 80000003 v3 FIRST",
                "2024Q1 80000005 v1 FIRST",
                "2024Q1 80000006 v1 FIRST",
                "delete 80000006",
                "2024Q2 80000001 v3 NEWER",
                "2024Q2 80000002 v2 NEWER",
                "2024Q2 80000003 v2 OLDER",
                "2024Q2 80000004 v1 FIRST",
                "2024Q2 80000005 v1 REPEAT",
                "2024Q2 80000006 v2 RETRACTED");
        assertThat(tracker.latest("80000001")).isEqualTo(OptionalLong.of(3));
        assertThat(tracker.latest("80000002")).isEqualTo(OptionalLong.of(2));
        assertThat(tracker.latest("80000003")).isEqualTo(OptionalLong.of(3));
        assertThat(tracker.latest("80000004")).isEqualTo(OptionalLong.of(1));
        assertThat(tracker.latest("80000006")).isEmpty();
        assertThat(tracker.superseded()).isEqualTo(4); // 80000001 v2, 80000002 v1, 80000003 v2, 80000005 (Q1)
        assertThat(tracker.droppedRetracted()).isEqualTo(1);
        // every record is accounted for: written, superseded on arrival, or dropped as retracted
        assertThat(kept.total() + 1 + 1).isEqualTo(s.records());
    }

    @Test
    void legacyVersionsOrderByQuarterThenFollowUp() {
        // 2004Q1 initial < 2004Q1 follow-up < any version of a later quarter
        LatestVersionTracker t = new LatestVersionTracker();
        Collected c = new Collected();
        new FaersReader().read(Samples.zip2004q1(), c);
        for (RawReport r : c.reports) {
            assertThat(t.offer(r.caseId(), r.caseVersion())).isEqualTo(Verdict.FIRST);
        }
        Collected legacy = new Collected();
        new FaersReader().read(Fixtures.resource("legacy-fda-style"), legacy);
        assertThat(legacy.reports.get(0).caseVersion()).isGreaterThan(c.reports.stream()
                .mapToLong(RawReport::caseVersion).max().orElseThrow());
    }
}
