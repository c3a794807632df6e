package org.kratomwatch.app.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.app.score.InputTables;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.AgeBand;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.KratomFlags;
import org.kratomwatch.avro.RecognitionMethod;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.ReportPublisher;
import org.kratomwatch.ingest.substance.Recognition;
import org.kratomwatch.ingest.substance.SubstanceDictionary;
import org.kratomwatch.ingest.substance.SubstanceRecognizer;
import org.kratomwatch.schemas.Terms;

/**
 * The pairs form of {@code score} ({@code id,drug,event[,strata...]}) as reports: one report per
 * id with its distinct drugs and events, so that the engine counts exactly what {@code score}
 * counts. Each drug is its own substance, named as written (the column {@code score} outputs); its
 * groups and classes come from the substance dictionary, so that the kratom watch list and the
 * class comparators work. Events are normalized (lower case), the report formats' convention.
 * Ids are pseudonymized like case ids.
 */
public final class PairsInput {

    private PairsInput() {
    }

    /** Reads the file and publishes one report per id; returns the number of reports. */
    public static long publish(Path file, InputTables.PairColumns columns, String period, CaseKeyer keyer,
            ReportPublisher publisher) {
        final class Rows {
            final Set<String> drugs = new LinkedHashSet<>();
            final Set<String> events = new LinkedHashSet<>();
            String stratum;
            long line;
        }
        Map<String, Rows> reports = new LinkedHashMap<>();
        InputTables.readRows(file, columns, (line, id, drug, event, stratum) -> {
            Rows r = reports.computeIfAbsent(id, k -> new Rows());
            String s = columns.strata().isEmpty() ? null : stratum.replace('\u001f', ',');
            if (r.stratum != null && !r.stratum.equals(s)) {
                throw UserInputException.at(file, line, String.join(",", columns.strata()), "report " + id
                        + " has stratum '" + r.stratum + "' on line " + r.line + " and '" + s + "' here");
            }
            r.stratum = s;
            r.line = line;
            r.drugs.add(drug);
            r.events.add(Terms.normalize(event));
        });
        SubstanceDictionary dictionary = SubstanceDictionary.loadDefault();
        SubstanceRecognizer recognizer = SubstanceRecognizer.create(dictionary);
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Rows> e : reports.entrySet()) {
            List<Drug> drugs = new ArrayList<>();
            boolean kratom = false;
            for (String d : e.getValue().drugs) {
                List<String> g = groups.computeIfAbsent(d, name -> {
                    Recognition rec = recognizer.recognize(name);
                    Set<String> all = new TreeSet<>(rec.groups());
                    all.addAll(dictionary.classesOf(rec.substanceOrNormalized()));
                    return List.copyOf(all);
                });
                kratom |= g.contains("kratom-related");
                drugs.add(Drug.newBuilder().setRawName(d).setSubstance(d).setSubstanceGroups(new ArrayList<>(g))
                        .setRole(DrugRole.SUSPECT).setRecognition(RecognitionMethod.NONE).build());
            }
            publisher.report(AdverseEventReport.newBuilder()
                    .setCaseKey(keyer.caseKey(Source.PAIRS, e.getKey()))
                    .setCaseVersion(1)
                    .setSource(Source.PAIRS)
                    .setReceivedMonth(null)
                    .setDataPeriod(period)
                    .setAgeBand(AgeBand.UNKNOWN)
                    .setSex(Sex.UNKNOWN)
                    .setReporterType(ReporterType.UNKNOWN)
                    .setReporterCountry(null)
                    .setSerious(false)
                    .setOutcomes(List.of())
                    .setDrugs(drugs)
                    .setReactions(new ArrayList<>(e.getValue().events))
                    .setKratomFlags(KratomFlags.newBuilder().setAnyKratom(kratom).setLeafKratom(false).setSevenOh(false)
                            .setNarrativeMention(false).setEvidence(List.of()).build())
                    .setIngestionRunId(null)
                    .setStratum(e.getValue().stratum)
                    .build());
        }
        publisher.flush();
        return reports.size();
    }
}
