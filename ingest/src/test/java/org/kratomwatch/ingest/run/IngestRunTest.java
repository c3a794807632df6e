package org.kratomwatch.ingest.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.DryRunPublisher;
import org.kratomwatch.stats.SharedData;

/** Every real sample, through reader, accounting, anonymizer and encoder: the counts add up. */
class IngestRunTest {

    @ParameterizedTest
    @CsvSource({
        "faers, faers-ascii-sample/faersquarterlydata_2022q4/faers_ascii_2022Q4.zip",
        "faers, faers-ascii-sample/faersquarterlydata_2022q4/faers_ascii_2022Q4",
        "faers, faers-ascii-sample/yunuuuu-faers_2004q1_2017q2/aers_ascii_2004q1.zip",
        "faers, faers-ascii-sample/yunuuuu-faers_2004q1_2017q2/faers_ascii_2017q2",
        "openfda, openfda-event-sample",
        "caers, caers/caers_raw.csv",
        "e2b, e2b-xml-sample",
    })
    void everyRecordIsAccountedFor(InputFormat format, String sample) {
        Path input = SharedData.require(sample);
        IngestSummary s = new IngestRun(format, CaseKeyer.throwAway(), new DryRunPublisher()).fallbackPeriod("2012Q4")
                .run(List.of(input), null, 1000);
        assertThat(s.read()).isPositive();
        assertThat(s.balanced()).as(s.line()).isTrue();
        // everything read is published except versions that were already outdated when they arrived
        assertThat(s.published()).isLessThanOrEqualTo(s.read()).isGreaterThanOrEqualTo(s.read() - s.superseded());
    }

    @Test
    void caersLongFormNeedsAPeriodAndThenGivesItsPublishedReportCount() {
        Path caers = SharedData.require("caers/caers.csv");
        IngestSummary without = new IngestRun(InputFormat.caers, CaseKeyer.throwAway(), new DryRunPublisher())
                .run(List.of(caers), null, 1000);
        assertThat(without.accepted()).isZero();
        assertThat(without.quarantinedByReason()).containsEntry(QuarantineReason.MISSING_FIELD, 3356L);
        assertThat(without.balanced()).isTrue();

        IngestSummary with = new IngestRun(InputFormat.caers, CaseKeyer.throwAway(), new DryRunPublisher())
                .fallbackPeriod("2012Q4").run(List.of(caers), null, 1000);
        assertThat(with.accepted()).isEqualTo(3356);
        assertThat(with.quarantined()).isZero();
        assertThat(with.kratomReports()).isZero(); // the openEBGM CAERS subset has no kratom (PROVENANCE.md)
    }
}
