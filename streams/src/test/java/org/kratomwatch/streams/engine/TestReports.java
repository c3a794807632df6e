package org.kratomwatch.streams.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.AgeBand;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.KratomFlags;
import org.kratomwatch.avro.RecognitionMethod;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;

/** Reports for topology tests: small fixed vocabularies with the groups ingest assigns. */
public final class TestReports {

    /** Substance to its groups, as the ingest dictionary gives them. */
    public static final Map<String, List<String>> GROUPS = Map.of(
            "kratom", List.of("kratom-related"),
            "mitragynine", List.of("kratom-related"),
            "7-hydroxymitragynine", List.of("kratom-related"),
            "fentanyl", List.of("opioid"),
            "oxycodone", List.of("opioid"),
            "alprazolam", List.of("benzodiazepine"),
            "acetaminophen", List.of(),
            "ibuprofen", List.of());

    public static final String[] SUBSTANCES = {"kratom", "mitragynine", "7-hydroxymitragynine", "fentanyl", "oxycodone",
        "alprazolam", "acetaminophen", "ibuprofen"};
    public static final String[] EVENTS = {"nausea", "drug withdrawal syndrome", "withdrawal syndrome", "drug dependence",
        "drug abuse", "death", "seizure", "drug interaction", "vomiting"};
    public static final String[] PERIODS = {"2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3"};

    private TestReports() {
    }

    public static Drug drug(String substance, DrugRole role) {
        return Drug.newBuilder().setRawName(substance.toUpperCase()).setSubstance(substance)
                .setSubstanceGroups(new ArrayList<>(GROUPS.getOrDefault(substance, List.of()))).setRole(role)
                .setRecognition(RecognitionMethod.EXACT).build();
    }

    public static AdverseEventReport report(String caseKey, long version, String period, List<Drug> drugs,
            List<String> events, AgeBand age, Sex sex) {
        int q = period.charAt(5) - '0';
        return AdverseEventReport.newBuilder().setCaseKey(caseKey).setCaseVersion(version).setSource(Source.SYNTHETIC)
                .setReceivedMonth(period.substring(0, 4) + "-0" + (3 * q - 2)).setDataPeriod(period).setAgeBand(age)
                .setSex(sex).setReporterType(ReporterType.UNKNOWN).setReporterCountry(null).setSerious(false)
                .setOutcomes(List.of()).setDrugs(new ArrayList<>(drugs)).setReactions(new ArrayList<>(events))
                .setKratomFlags(KratomFlags.newBuilder().setAnyKratom(false).setLeafKratom(false).setSevenOh(false)
                        .setNarrativeMention(false).setEvidence(List.of()).build())
                .setIngestionRunId(null).build();
    }

    /** A report in 2024Q1 with primary-suspect drugs, age and sex unknown. */
    public static AdverseEventReport report(String caseKey, long version, List<String> substances, List<String> events) {
        return report(caseKey, version, "2024Q1", substances.stream().map(s -> drug(s, DrugRole.PRIMARY_SUSPECT)).toList(),
                events, AgeBand.UNKNOWN, Sex.UNKNOWN);
    }

    /** A random report: 1–4 drugs of random roles, 1–4 distinct events, random period, age and sex. */
    public static AdverseEventReport random(Random rng, String caseKey, long version) {
        List<Drug> drugs = new ArrayList<>();
        for (int k = 0, n = 1 + rng.nextInt(4); k < n; k++) {
            DrugRole role = DrugRole.values()[rng.nextInt(5)];
            drugs.add(drug(SUBSTANCES[rng.nextInt(SUBSTANCES.length)], role));
        }
        if (rng.nextInt(8) == 0) {
            drugs.add(Drug.newBuilder().setRawName("UNKNOWN PRODUCT").setSubstance(null).setSubstanceGroups(List.of())
                    .setRole(DrugRole.CONCOMITANT).setRecognition(RecognitionMethod.NONE).build());
        }
        List<String> events = new ArrayList<>();
        for (int k = 0, n = 1 + rng.nextInt(4); k < n; k++) {
            String e = EVENTS[rng.nextInt(EVENTS.length)];
            if (!events.contains(e)) {
                events.add(e);
            }
        }
        AgeBand age = AgeBand.values()[rng.nextInt(AgeBand.values().length)];
        Sex sex = Sex.values()[rng.nextInt(Sex.values().length)];
        return report(caseKey, version, PERIODS[rng.nextInt(PERIODS.length)], drugs, events, age, sex);
    }
}
