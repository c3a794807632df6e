package org.kratomwatch.ingest.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planted fake identifiers are in the files, where the ground truth says, so a privacy test can look for them. */
class IdentifierTest {

    @Test
    void everyPlantedIdentifierIsInItsField(@TempDir Path dir) throws IOException {
        GeneratorOptions o = GeneratorOptions.builder(dir).reports(3000).quarters("2022Q1..2022Q4").seed(5)
                .identifierCases(25).followUpRate(0.5).build();
        GroundTruth gt = FaersGenerator.generate(o);
        List<GroundTruth.PlantedIdentifier> ids = gt.plantedIdentifiers();
        assertThat(ids).hasSize(25 * 11);
        assertThat(ids.stream().map(GroundTruth.PlantedIdentifier::caseid).distinct()).hasSize(25);
        assertThat(ids).extracting(GroundTruth.PlantedIdentifier::kind).contains("PERSON_NAME", "EMAIL", "PHONE",
                "DATE_OF_BIRTH", "INITIALS", "MEDICAL_RECORD_NUMBER");
        // every free-text field of the tables written carries one
        Set<String> fields = new HashSet<>();
        ids.forEach(i -> fields.add(i.table() + "." + i.column()));
        assertThat(fields).containsExactlyInAnyOrder("DEMO.lit_ref", "DEMO.mfr_num", "DEMO.auth_num",
                "DEMO.mfr_sndr", "DRUG.drugname", "DRUG.dose_vbm", "DRUG.lot_num");

        GeneratedFiles files = GeneratedFiles.read(o);
        Set<String> idCases = new HashSet<>();
        ids.forEach(i -> idCases.add(Long.toString(i.caseid())));
        long reportsWithIdentifiers = 0;
        for (GeneratedFiles.QuarterFiles q : files.quarters) {
            Map<String, List<String[]>> rowsOfCase = new HashMap<>();
            for (String t : FaersLayout.TABLES) {
                for (String[] r : q.valid.get(t)) {
                    if (idCases.contains(r[1])) {
                        rowsOfCase.computeIfAbsent(t + "|" + r[1], k -> new ArrayList<>()).add(r);
                    }
                }
            }
            for (GroundTruth.PlantedIdentifier id : ids) {
                List<String[]> rows = rowsOfCase.get(id.table() + "|" + id.caseid());
                if (rows == null) {
                    continue; // no version of the case in this quarter
                }
                int col = FaersLayout.columns(id.table()).indexOf(id.column());
                assertThat(rows).as(id + " in " + q.quarter).anyMatch(r -> r[col].contains(id.value()));
            }
            reportsWithIdentifiers += q.valid.get(FaersLayout.DEMO).stream().filter(d -> idCases.contains(d[1]))
                    .count();
        }
        assertThat(gt.quarters().stream().mapToLong(GroundTruth.QuarterCounts::identifierReports).sum())
                .isEqualTo(reportsWithIdentifiers).isGreaterThan(25);
    }

    @Test
    void noIdentifiersUnlessAsked(@TempDir Path dir) throws IOException {
        GeneratorOptions o = GeneratorOptions.builder(dir).reports(3000).quarters("2022Q1..2022Q4").seed(5).build();
        GroundTruth gt = FaersGenerator.generate(o);
        assertThat(gt.plantedIdentifiers()).isEmpty();
        for (GeneratedFiles.QuarterFiles q : GeneratedFiles.read(o).quarters) {
            for (String t : FaersLayout.TABLES) {
                for (byte[] line : q.raw.get(t)) {
                    String s = new String(line, StandardCharsets.ISO_8859_1);
                    assertThat(s).doesNotContain("@example.org").doesNotContain("GIVEN BY DR.")
                            .doesNotContain("MRN").doesNotContain(" 555-01");
                }
            }
        }
    }
}
