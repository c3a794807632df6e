package org.kratomwatch.ingest.anonymize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;

/** Drug lines carry the substance's groups and its drug classes, which the engine's comparators use. */
class ReportAnonymizerGroupsTest {

    @Test
    void groupsAndClassesOfEachRecognizedSubstance() {
        ReportAnonymizer a = ReportAnonymizer.withDefaults(CaseKeyer.throwAway(), "test");
        RawReport raw = new RawReport(Source.FAERS, "1", 1, YearMonth.of(2024, 2), "2024Q1", 30.0, Sex.FEMALE,
                ReporterType.CONSUMER, "US", false, Set.of(),
                List.of(new RawDrug("KRATOM", null, DrugRole.PRIMARY_SUSPECT), new RawDrug("OXYCONTIN", null,
                        DrugRole.SECONDARY_SUSPECT), new RawDrug("XANAX", null, DrugRole.CONCOMITANT),
                        new RawDrug("VITAMIN D", null, DrugRole.CONCOMITANT)),
                List.of("Drug withdrawal syndrome"), null, null);
        AdverseEventReport r = a.anonymize(raw);
        assertThat(r.getDrugs().get(0).getSubstanceGroups()).containsExactly("kratom-related");
        assertThat(r.getDrugs().get(1).getSubstance()).isEqualTo("oxycodone");
        assertThat(r.getDrugs().get(1).getSubstanceGroups()).contains("opioid");
        assertThat(r.getDrugs().get(2).getSubstanceGroups()).contains("benzodiazepine");
        assertThat(r.getDrugs().get(3).getSubstanceGroups()).doesNotContain("opioid", "kratom-related");
    }
}
