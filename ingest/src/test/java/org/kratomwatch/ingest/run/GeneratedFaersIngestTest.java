package org.kratomwatch.ingest.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.DryRunPublisher;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;
import org.kratomwatch.ingest.synthetic.GroundTruth;
import org.kratomwatch.ingest.synthetic.MalformedKind;

/**
 * Synthetic FAERS through the whole ingestion (reader, accounting, anonymizer, dry-run publisher): every count of
 * the {@link IngestSummary} is exactly what the generator's {@link GroundTruth} says the files hold.
 *
 * <p>The relation between the two, with T = {@code totals()}:
 * <ul>
 *   <li>{@code read = T.reports + T.deletedCases + T.malformedRows}: each valid DEMO row, each DELETE line and each
 *       malformed row (every malformed row carries exactly one defect and is one quarantine item) is one record;</li>
 *   <li>{@code accepted = T.analysableCases = T.cases - T.deletedCases}: one latest version per case, deleted cases
 *       removed;</li>
 *   <li>{@code superseded = T.followUpReports}: each follow-up version supersedes the version before it, deleted
 *       cases included (the generator writes every version of a deleted case before, in an earlier quarter than,
 *       the DELETE line listing it);</li>
 *   <li>{@code retracted = 2 * T.deletedCases}: each DELETE line, plus the one live (latest) version of the case it
 *       withdraws; the earlier versions of a deleted case were already superseded and stay so. No version arrives
 *       after its case's deletion, so none is dropped as retracted on arrival;</li>
 *   <li>{@code quarantinedByReason}: {@code T.malformedByKind} mapped through {@link MalformedKind#quarantineReason()};
 *       </li>
 *   <li>{@code kratomReports = T.kratomRelatedCases}: analysable cases whose latest version names a kratom or 7-OH
 *       product.</li>
 * </ul>
 * Together these balance: {@code reports + deleted + malformed = (cases - deleted) + followUps + 2 deleted +
 * malformed}, since {@code reports = cases + followUps}.
 */
class GeneratedFaersIngestTest {

    @Test
    void ingestedCountsEqualTheGroundTruth(@TempDir Path dir) throws IOException {
        GroundTruth gt = FaersGenerator.generate(GeneratorOptions.builder(dir.resolve("faers")).reports(6_000)
                .quarters("2024Q1..2024Q4").seed(20240101).malformedRate(0.01).build());
        GroundTruth.Totals t = gt.totals();
        // the run must exercise what it checks
        assertThat(t.followUpReports()).isPositive();
        assertThat(t.deletedCases()).isPositive();
        assertThat(t.kratomRelatedCases()).isPositive();
        for (MalformedKind k : MalformedKind.values()) {
            assertThat(gt.malformed(k)).as(k.name()).isPositive();
        }

        IngestSummary s = new IngestRun(InputFormat.faers, CaseKeyer.throwAway(), new DryRunPublisher())
                .run(List.of(dir.resolve("faers")), null, 1000);

        assertThat(s.balanced()).as(s.line()).isTrue();
        Map<QuarantineReason, Long> expected = new EnumMap<>(QuarantineReason.class);
        for (MalformedKind k : MalformedKind.values()) {
            expected.merge(k.quarantineReason(), gt.malformed(k), Long::sum);
        }
        expected.values().removeIf(n -> n == 0);
        assertThat(s.quarantinedByReason()).as(s.line()).isEqualTo(expected);
        assertThat(s.quarantined()).isEqualTo(t.malformedRows());
        assertThat(s.accepted()).as(s.line()).isEqualTo(t.analysableCases()).isEqualTo(t.cases() - t.deletedCases());
        assertThat(s.superseded()).as(s.line()).isEqualTo(t.followUpReports());
        assertThat(s.retracted()).as(s.line()).isEqualTo(2 * t.deletedCases());
        assertThat(s.read()).isEqualTo(t.reports() + t.deletedCases() + t.malformedRows());
        assertThat(s.kratomReports()).as(s.line()).isEqualTo(t.kratomRelatedCases());
    }
}
