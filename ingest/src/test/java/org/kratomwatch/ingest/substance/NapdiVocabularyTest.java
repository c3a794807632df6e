package org.kratomwatch.ingest.substance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Recall and precision against the NaPDI natural-product vocabulary (Li et al. 2023; University of
 * Pittsburgh DBMI), read in place from {@code ../shared/data/kratom-np-vocabulary-dbmi-pitt/}.
 * Skipped, with a message, where the data is absent.
 */
class NapdiVocabularyTest {

    private static final Set<String> KRATOM_LOOKUPS = Set.of("Kratom", "Mitragyna speciosa");
    private final SubstanceRecognizer recognizer = SubstanceRecognizer.create(SubstanceRecognizerTest.DICT);

    /** The 88 verbatim FAERS drugname spellings of kratom: every one must be kratom-related. */
    @Test
    void recallOnThe88FaersKratomSpellings() throws IOException {
        Set<String> spellings = new LinkedHashSet<>();
        for (String[] row : TestData.napdiFaersMapped()) {
            if (KRATOM_LOOKUPS.contains(row[1])) {
                spellings.add(row[0]);
            }
        }
        for (String[] row : TestData.derivedKratomVariants()) {
            if (row[0].equals("FAERS_drugname_spelling_variant")) {
                spellings.add(row[1]);
            }
        }
        // 88 in the reference set; the DERIVED file spells one of them without its backslash
        assertThat(spellings).hasSize(89);
        List<String> missed = new ArrayList<>();
        Map<Method, Integer> byMethod = new TreeMap<>();
        for (String s : spellings) {
            Recognition r = recognizer.recognize(s);
            byMethod.merge(r.method(), 1, Integer::sum);
            if (!r.kratomRelated()) {
                missed.add(s);
            } else {
                assertThat(r.substance()).as(s).isEqualTo("kratom");
            }
        }
        System.out.printf("NaPDI FAERS kratom spellings: recall %d/%d (%s); missed %s%n", spellings.size() - missed.size(),
                spellings.size(), byMethod, missed);
        assertThat(missed).isEmpty();
    }

    /** The kratom constituents of the NaPDI vocabulary. MITRAPHYLLINE alone is cat's claw as much as kratom. */
    @Test
    void constituents() throws IOException {
        List<String> found = new ArrayList<>();
        List<String> notKratom = new ArrayList<>();
        for (String[] row : TestData.derivedKratomVariants()) {
            if (row[0].equals("constituent")) {
                Recognition r = recognizer.recognize(row[1]);
                (r.kratomRelated() ? found : notKratom).add(row[1] + "=" + r.substanceOrNormalized());
            }
        }
        System.out.printf("NaPDI kratom constituents recognized: %s; deliberately not: %s%n", found, notKratom);
        assertThat(found).containsExactlyInAnyOrder("7-HYDROXYMITRAGYNINE=7-hydroxymitragynine", "MITRAGYNINE=kratom",
                "PAYNANTHEINE=kratom", "SPECIOCILIATIN=kratom", "SPECIOGYNINE=kratom");
        assertThat(notKratom).containsExactly("MITRAPHYLLINE=MITRAPHYLLINE");
    }

    /** Spelling-variant concepts of the May 2023 vocabulary that name kratom (94, some not in FAERS 2022). */
    @Test
    void recallOnMay2023SpellingConcepts() throws IOException {
        List<String> names = new ArrayList<>();
        for (String[] row : TestData.omopTable("NP_terms_concept_table_202310151236.tsv")) {
            String name = row[1];
            String upper = name.toUpperCase(java.util.Locale.ROOT);
            if (row[4].equals("NaPDI NP Spelling Variation") && (upper.contains("KRATOM") || upper.contains("MITRAG")
                    || upper.contains("KATROM"))) {
                names.add(name);
            }
        }
        List<String> missed = new ArrayList<>();
        for (String n : names) {
            if (!recognizer.recognize(n).kratomRelated()) {
                missed.add(n);
            }
        }
        System.out.printf("NaPDI May2023 kratom spelling concepts: recall %d/%d; missed %s%n", names.size() - missed.size(),
                names.size(), missed);
        assertThat(names).hasSizeGreaterThanOrEqualTo(88);
        assertThat(missed).isEmpty();
    }

    /** The thousands of other natural-product FAERS spellings: none may become kratom-related. */
    @Test
    void precisionOnOtherNaturalProductSpellings() throws IOException {
        Set<String> kratom = new HashSet<>();
        Set<String> others = new LinkedHashSet<>();
        Set<String> lookups = new HashSet<>();
        List<String[]> rows = TestData.napdiFaersMapped();
        for (String[] row : rows) {
            if (KRATOM_LOOKUPS.contains(row[1])) {
                kratom.add(row[0]);
            }
        }
        for (String[] row : rows) {
            if (!KRATOM_LOOKUPS.contains(row[1]) && !kratom.contains(row[0])) {
                others.add(row[0]);
                lookups.add(row[1]);
            }
        }
        assertThat(rows).hasSize(5358);
        assertThat(lookups).hasSize(124);
        List<String> falsePositives = new ArrayList<>();
        int recognizedOther = 0;
        for (String s : others) {
            Recognition r = recognizer.recognize(s);
            if (r.kratomRelated()) {
                falsePositives.add(s + " <- " + r.primaryEvidence());
            } else if (r.recognized()) {
                recognizedOther++;
            }
        }
        System.out.printf("NaPDI other natural-product FAERS spellings: %d names (%d lookup values), kratom false positives %d %s;"
                + " %d matched a non-kratom dictionary substance%n", others.size(), lookups.size(), falsePositives.size(),
                falsePositives, recognizedOther);
        assertThat(others).hasSizeGreaterThan(2500);
        assertThat(falsePositives).isEmpty();
    }

    /**
     * Every other concept name of the October 2022 vocabulary (preferred terms, Latin names, spelling
     * variants and constituents of 290+ natural products, many of them chemical names): none may
     * become kratom-related, except concepts the vocabulary itself links to kratom.
     */
    @Test
    void precisionOnOtherVocabularyConcepts() throws IOException {
        Set<String> kratomClass = Set.of("-7000582", "-7000583", "-7001353", "-7001114");
        Set<String> linked = new HashSet<>(kratomClass);
        for (String[] rel : TestData.omopTable("NP_terms_concept_relationship_table_202210151136.csv")) {
            if (kratomClass.contains(rel[0])) {
                linked.add(rel[1]);
            }
            if (kratomClass.contains(rel[1])) {
                linked.add(rel[0]);
            }
        }
        List<String> names = new ArrayList<>();
        for (String[] c : TestData.omopTable("NP_terms_concept_table_202210151133.csv")) {
            if (!linked.contains(c[0]) && c[2].equals("NaPDI research")) {
                names.add(c[1]);
            }
        }
        List<String> falsePositives = new ArrayList<>();
        for (String n : names) {
            Recognition r = recognizer.recognize(n);
            if (r.kratomRelated()) {
                falsePositives.add(n + " <- " + r.primaryEvidence());
            }
        }
        System.out.printf("NaPDI Oct2022 non-kratom concepts: %d names, kratom false positives %d %s%n", names.size(),
                falsePositives.size(), falsePositives);
        assertThat(names).hasSizeGreaterThan(4500);
        assertThat(falsePositives).isEmpty();
    }
}
