package org.kratomwatch.ingest.anonymize;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.KratomFlags;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.RecognitionMethod;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.substance.Evidence;
import org.kratomwatch.ingest.substance.Mention;
import org.kratomwatch.ingest.substance.NarrativeFindings;
import org.kratomwatch.ingest.substance.NarrativeScanner;
import org.kratomwatch.ingest.substance.Recognition;
import org.kratomwatch.ingest.substance.SubstanceDictionary;
import org.kratomwatch.ingest.substance.SubstanceRecognizer;
import org.kratomwatch.schemas.AgeBands;
import org.kratomwatch.schemas.Terms;

/**
 * Turns a {@link RawReport} into the anonymized {@link AdverseEventReport} that may be published:
 * the only door from the input formats to Kafka.
 *
 * <ul>
 *   <li>the case id becomes a keyed pseudonym ({@link CaseKeyer});</li>
 *   <li>age becomes a band (90 and over collapsed), dates are months already (readers never keep
 *       days), the data period is kept;</li>
 *   <li>drug names are recognized (substance, groups, method) and the name as reported is kept
 *       only after {@link Scrubber#scrub};</li>
 *   <li>narrative text is scanned for kratom mentions and then dropped: only the flag and short
 *       evidence tokens (dictionary terms, never the text) are kept;</li>
 *   <li>reactions become normalized MedDRA preferred-term names ({@link Terms#normalize}),
 *       distinct, in first-seen order.</li>
 * </ul>
 * Thread-safe.
 */
public final class ReportAnonymizer {

    private static final Pattern ISO_COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final String LEAF = "kratom";
    private static final String SEVEN_OH = "7-hydroxymitragynine";

    /** Per distinct (name, active ingredient): what recognition made of it. Bounded; starts afresh when full. */
    private record NameInfo(String scrubbedName, String substance, List<String> groups, RecognitionMethod method,
            boolean kratomRelated, String recognizedSubstance, String evidence) {
    }

    private static final int CACHE_LIMIT = 200_000;
    private final java.util.concurrent.ConcurrentHashMap<String, NameInfo> names = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, String> terms = new java.util.concurrent.ConcurrentHashMap<>();

    private final CaseKeyer keyer;
    private final SubstanceRecognizer recognizer;
    private final NarrativeScanner narrativeScanner;
    private final String runId;

    public ReportAnonymizer(CaseKeyer keyer, SubstanceRecognizer recognizer, NarrativeScanner narrativeScanner, String runId) {
        this.keyer = keyer;
        this.recognizer = recognizer;
        this.narrativeScanner = narrativeScanner;
        this.runId = runId;
    }

    /** With the default dictionary. */
    public static ReportAnonymizer withDefaults(CaseKeyer keyer, String runId) {
        SubstanceDictionary d = SubstanceDictionary.loadDefault();
        return new ReportAnonymizer(keyer, SubstanceRecognizer.create(d), NarrativeScanner.create(d), runId);
    }

    public CaseKeyer keyer() {
        return keyer;
    }

    /** The pseudonymous key of a case of this source. */
    public String caseKey(org.kratomwatch.avro.Source source, String caseId) {
        return keyer.caseKey(source, caseId);
    }

    public AdverseEventReport anonymize(RawReport r) {
        List<Drug> drugs = new ArrayList<>(r.drugs().size());
        Set<String> evidence = new LinkedHashSet<>();
        boolean leaf = false;
        boolean sevenOh = false;
        boolean anyKratom = false;
        for (RawDrug d : r.drugs()) {
            NameInfo info = nameInfo(d.name(), d.activeIngredient());
            if (info.kratomRelated()) {
                anyKratom = true;
                leaf |= LEAF.equals(info.recognizedSubstance());
                sevenOh |= SEVEN_OH.equals(info.recognizedSubstance());
                evidence.add(info.evidence());
            }
            drugs.add(Drug.newBuilder()
                    .setRawName(info.scrubbedName())
                    .setSubstance(info.substance())
                    .setSubstanceGroups(info.groups())
                    .setRole(d.role())
                    .setRecognition(info.method())
                    .build());
        }
        boolean narrativeMention = false;
        if (r.narrative() != null && !r.narrative().isBlank()) {
            NarrativeFindings f = narrativeScanner.scan(r.narrative());
            if (f.mentioned()) {
                narrativeMention = true;
                anyKratom = true;
                leaf |= f.substances().contains(LEAF);
                sevenOh |= f.substances().contains(SEVEN_OH);
                for (Mention m : f.mentions()) {
                    if (!m.negated()) {
                        evidence.add("narrative:" + m.method().label() + ":" + m.term());
                    }
                }
            }
        }
        Set<String> reactions = new LinkedHashSet<>();
        for (String pt : r.reactions()) {
            if (pt != null && !pt.isBlank()) {
                reactions.add(term(pt));
            }
        }
        reactions.remove("");
        Set<Outcome> outcomes = r.outcomes().isEmpty() ? Set.of() : EnumSet.copyOf(r.outcomes());
        return AdverseEventReport.newBuilder()
                .setCaseKey(keyer.caseKey(r.source(), r.caseId()))
                .setCaseVersion(r.caseVersion())
                .setSource(r.source())
                .setReceivedMonth(r.receivedMonth() == null ? null : r.receivedMonth().toString())
                .setDataPeriod(r.dataPeriod())
                .setAgeBand(AgeBands.ofYears(r.ageYears() == null ? Double.NaN : r.ageYears()))
                .setSex(r.sex())
                .setReporterType(r.reporterType())
                .setReporterCountry(country(r.reporterCountry()))
                .setSerious(r.serious())
                .setOutcomes(new ArrayList<>(outcomes))
                .setDrugs(drugs)
                .setReactions(new ArrayList<>(reactions))
                .setKratomFlags(KratomFlags.newBuilder()
                        .setAnyKratom(anyKratom)
                        .setLeafKratom(leaf)
                        .setSevenOh(sevenOh)
                        .setNarrativeMention(narrativeMention)
                        .setEvidence(new ArrayList<>(evidence))
                        .build())
                .setIngestionRunId(runId)
                .build();
    }

    /** Scrubbing and recognition of one drug line's name, memoised per distinct (name, active ingredient). */
    private NameInfo nameInfo(String rawName, String activeIngredient) {
        String key = activeIngredient == null ? rawName == null ? "" : rawName : rawName + '\u0000' + activeIngredient;
        NameInfo info = names.get(key);
        if (info == null) {
            if (names.size() >= CACHE_LIMIT) {
                names.clear();
            }
            info = recognizeName(rawName, activeIngredient);
            names.put(key, info);
        }
        return info;
    }

    private NameInfo recognizeName(String rawName, String activeIngredient) {
        String name = Scrubber.scrub(rawName == null ? "" : rawName);
        String ai = activeIngredient == null ? null : Scrubber.scrub(activeIngredient);
        Recognition rec = recognizer.recognize(name, ai == null || ai.isBlank() ? null : ai);
        String substance = rec.substanceOrNormalized();
        if (substance != null && substance.isBlank()) {
            substance = null;
        }
        String evidence = null;
        if (rec.kratomRelated()) {
            Evidence e = rec.primaryEvidence();
            evidence = "drug:" + rec.method().label() + ":" + (e == null ? rec.substance() : e.term());
        }
        // Groups and drug classes together: the streaming engine's comparators exclude classes (opioid).
        java.util.Set<String> groups = new java.util.TreeSet<>(rec.groups());
        groups.addAll(recognizer.dictionary().classesOf(substance));
        return new NameInfo(name, substance, List.copyOf(groups), RecognitionMethod.valueOf(rec.method().name()),
                rec.kratomRelated(), rec.substance(), evidence);
    }

    /** The normalized, scrubbed preferred term, memoised per distinct raw term. */
    private String term(String pt) {
        String t = terms.get(pt);
        if (t == null) {
            if (terms.size() >= CACHE_LIMIT) {
                terms.clear();
            }
            t = Terms.normalize(Scrubber.scrub(pt));
            terms.put(pt, t);
        }
        return t;
    }

    /** An ISO 3166 alpha-2 code, or null: free-text country fields are not kept. */
    static String country(String raw) {
        if (raw == null) {
            return null;
        }
        String c = raw.strip().toUpperCase(Locale.ROOT);
        return ISO_COUNTRY.matcher(c).matches() ? c : null;
    }
}
