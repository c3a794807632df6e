package org.kratomwatch.ingest.substance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubstanceRecognizerTest {

    static final SubstanceDictionary DICT = SubstanceDictionary.loadDefault();
    private final SubstanceRecognizer recognizer = SubstanceRecognizer.create(DICT);

    @ParameterizedTest(name = "[{index}] {0} / {1} -> {3} {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # raw name                                  | prod_ai                                | normalized                 | substance            | method  | substance or normalized
            KRATOM                                      |                                        | KRATOM                     | kratom               | EXACT   | kratom
            Kratom Powder 500 mg                        |                                        | KRATOM                     | kratom               | EXACT   | kratom
            KRATOM (MITRAGYNA SPECIOSA)                 |                                        | KRATOM                     | kratom               | EXACT   | kratom
            MITRAGYNINE (KRATOM)                        |                                        | MITRAGYNINE                | kratom               | SYNONYM | kratom
            MITRAGYNINE                                 |                                        | MITRAGYNINE                | kratom               | SYNONYM | kratom
            MITRAGYNA SPECIOSA LEAF                     |                                        | MITRAGYNA SPECIOSA         | kratom               | SYNONYM | kratom
            MAENG DA KRATOM                             |                                        | MAENG DA KRATOM            | kratom               | SYNONYM | kratom
            RED BALI                                    |                                        | RED BALI                   | kratom               | SYNONYM | kratom
            GREEN MALAY 250 G                           |                                        | GREEN MALAY                | kratom               | SYNONYM | kratom
            WHITE VEIN                                  |                                        | WHITE VEIN                 | kratom               | SYNONYM | kratom
            O.P.M.S. GOLD                               |                                        | OPMS GOLD                  | kratom               | SYNONYM | kratom
            OPMS                                        |                                        | OPMS                       | kratom               | SYNONYM | kratom
            MIT45 GOLD                                  |                                        | MIT 45 GOLD                | kratom               | SYNONYM | kratom
            CLUB 13 MAENG DA                            |                                        | CLUB 13 MAENG DA           | kratom               | SYNONYM | kratom
            VIVAZEN                                     |                                        | VIVAZEN                    | kratom               | SYNONYM | kratom
            KRAKEN                                      |                                        | KRAKEN                     | kratom               | SYNONYM | kratom
            KETUM                                       |                                        | KETUM                      | kratom               | SYNONYM | kratom
            KAKUAM                                      |                                        | KAKUAM                     | kratom               | SYNONYM | kratom
            BIAK-BIAK                                   |                                        | BIAK BIAK                  | kratom               | SYNONYM | kratom
            THANG                                       |                                        | THANG                      | kratom               | SYNONYM | kratom
            KATROM                                      |                                        | KATROM                     | kratom               | SYNONYM | kratom
            KRATUM                                      |                                        | KRATUM                     | kratom               | SYNONYM | kratom
            MAGNA DA                                    |                                        | MAGNA DA                   | kratom               | SYNONYM | kratom
            MAENGDA                                     |                                        | MAENGDA                    | kratom               | SYNONYM | kratom
            KRATOME                                     |                                        | KRATOME                    | kratom               | FUZZY   | kratom
            KRAATOM CAPSULES                            |                                        | KRAATOM                    | kratom               | FUZZY   | kratom
            MITRAGINA SPECIOSA                          |                                        | MITRAGINA SPECIOSA         | kratom               | FUZZY   | kratom
            MITRAGYNIN                                  |                                        | MITRAGYNIN                 | kratom               | FUZZY   | kratom
            KRATOMS                                     |                                        | KRATOMS                    | kratom               | FUZZY   | kratom
            PAYNANTHINE                                 |                                        | PAYNANTHINE                | kratom               | FUZZY   | kratom
            7-OH                                        |                                        | 7 OH                       | 7-hydroxymitragynine | SYNONYM | 7-hydroxymitragynine
            7OH 15MG TABLETS                            |                                        | 7 OH                       | 7-hydroxymitragynine | SYNONYM | 7-hydroxymitragynine
            7-Hydroxymitragynine                        |                                        | 7 HYDROXYMITRAGYNINE       | 7-hydroxymitragynine | EXACT   | 7-hydroxymitragynine
            7-HYDROXY MITRAGYNINE                       |                                        | 7 HYDROXY MITRAGYNINE      | 7-hydroxymitragynine | SYNONYM | 7-hydroxymitragynine
            7-HYDROXY                                   |                                        | 7 HYDROXY                  | 7-hydroxymitragynine | SYNONYM | 7-hydroxymitragynine
            7-HYDROXY GUMMIES                           |                                        | 7 HYDROXY                  | 7-hydroxymitragynine | SYNONYM | 7-hydroxymitragynine
            7OHMZ                                       |                                        | 7 OHMZ                     | 7-hydroxymitragynine | SYNONYM | 7-hydroxymitragynine
            ROXYTABS                                    |                                        | ROXYTABS                   | 7-hydroxymitragynine | SYNONYM | 7-hydroxymitragynine
            HYDROXYMITRAGYNIN                           |                                        | HYDROXYMITRAGYNIN          | 7-hydroxymitragynine | FUZZY   | 7-hydroxymitragynine
            KRATOM 7-OH EXTRACT SHOT                    |                                        | KRATOM 7 OH                | 7-hydroxymitragynine | SYNONYM | 7-hydroxymitragynine
            MAENG DA (7-HYDROXYMITRAGYNINE)             |                                        | MAENG DA                   | 7-hydroxymitragynine | SYNONYM | 7-hydroxymitragynine
            MITRAGYNINE PSEUDOINDOXYL                   |                                        | MITRAGYNINE PSEUDOINDOXYL  | mitragynine pseudoindoxyl | EXACT | mitragynine pseudoindoxyl
            UNKNOWN HERBAL PRODUCT                      | HERBALS\\MITRAGYNINE                   | UNKNOWN HERBAL PRODUCT     | kratom               | SYNONYM | kratom
            GREEN CAPSULES                              | MITRAGYNINE                            | GREEN                      | kratom               | SYNONYM | kratom
            KRATOM                                      | ACETAMINOPHEN                          | KRATOM                     | kratom               | EXACT   | kratom
            TYLENOL (ACETAMINOPHEN)                     |                                        | TYLENOL                    |                      | NONE    | ACETAMINOPHEN
            TYLENOL 500 MG TABLETS (ACETAMINOPHEN)      |                                        | TYLENOL                    |                      | NONE    | ACETAMINOPHEN
            TYLENOL                                     | ACETAMINOPHEN                          | TYLENOL                    |                      | NONE    | ACETAMINOPHEN
            EXTRA STRENGTH PAIN RELIEVER                | ACETAMINOPHEN                          | EXTRA PAIN RELIEVER        |                      | NONE    | ACETAMINOPHEN
            LIPITOR                                     | ATORVASTATIN CALCIUM                   | LIPITOR                    |                      | NONE    | ATORVASTATIN
            VICODIN                                     | HYDROCODONE BITARTRATE\\ACETAMINOPHEN  | VICODIN                    | hydrocodone          | EXACT   | hydrocodone
            ADVIL                                       | IBUPROFEN\\DIPHENHYDRAMINE CITRATE     | ADVIL                      |                      | NONE    | DIPHENHYDRAMINE\\IBUPROFEN
            OXYCODONE HCL                               |                                        | OXYCODONE                  | oxycodone            | EXACT   | oxycodone
            OXYCONTIN 40 MG                             | OXYCODONE HYDROCHLORIDE                | OXYCONTIN                  | oxycodone            | EXACT   | oxycodone
            OXYCODONE                                   | MORPHINE SULFATE                       | OXYCODONE                  | morphine             | EXACT   | morphine
            XANAX 2MG                                   |                                        | XANAX                      | alprazolam           | SYNONYM | alprazolam
            HEROIN                                      |                                        | HEROIN                     | heroin               | EXACT   | heroin
            DIACETYLMORPHINE                            |                                        | DIACETYLMORPHINE           | heroin               | SYNONYM | heroin
            ASHWAGANDHA                        /01660201/ | HERBALS                              | ASHWAGANDHA                |                      | NONE    | ASHWAGANDHA
            HERBALS                                     |                                        | HERBALS                    |                      | NONE    | HERBALS
            ``                                          |                                        | ``                         |                      | NONE    | ``
            THAI                                        |                                        | THAI                       |                      | NONE    | THAI
            INDO                                        |                                        | INDO                       |                      | NONE    | INDO
            BORNEO                                      |                                        | BORNEO                     |                      | NONE    | BORNEO
            KRATOM INDO                                 |                                        | KRATOM INDO                | kratom               | SYNONYM | kratom
            INDO (KRATOM)                               |                                        | INDO                       | kratom               | SYNONYM | kratom
            THAI FOOD SEASONING                         |                                        | THAI FOOD SEASONING        |                      | NONE    | THAI FOOD SEASONING
            KRAVE CEREAL                                |                                        | KRAVE CEREAL               |                      | NONE    | KRAVE CEREAL
            KRAVE KRATOM                                |                                        | KRAVE KRATOM               | kratom               | SYNONYM | kratom
            KRAKEN SPICED RUM                           |                                        | KRAKEN SPICED RUM          |                      | NONE    | KRAKEN SPICED RUM
            THANG TEA                                   |                                        | THANG TEA                  |                      | NONE    | THANG TEA
            BIAK                                        |                                        | BIAK                       | kratom               | SYNONYM | kratom
            MITRAPHYLLINE                               |                                        | MITRAPHYLLINE              |                      | NONE    | MITRAPHYLLINE
            CAT'S CLAW (MITRAPHYLLINE)                  |                                        | CATS CLAW                  |                      | NONE    | MITRAPHYLLINE
            KRATOM (MITRAPHYLLINE)                      |                                        | KRATOM                     | kratom               | EXACT   | kratom
            LAGERSTROEMIA SPECIOSA                      |                                        | LAGERSTROEMIA SPECIOSA     |                      | NONE    | LAGERSTROEMIA SPECIOSA
            7-HYDROXYFLAVONE                            |                                        | 7 HYDROXYFLAVONE           |                      | NONE    | 7 HYDROXYFLAVONE
            7-HYDROXY-4',5,6,8-TETRAMETHOXYFLAVONE      |                                        | 7 HYDROXY 4 5 6 8 TETRAMETHOXYFLAVONE |           | NONE    | 7 HYDROXY 4 5 6 8 TETRAMETHOXYFLAVONE
            17-OH PROGESTERONE                          |                                        | 17 OH PROGESTERONE         |                      | NONE    | 17 OH PROGESTERONE
            PSEUDOEPHEDRINE                             |                                        | PSEUDOEPHEDRINE            |                      | NONE    | PSEUDOEPHEDRINE
            ROXY                                        |                                        | ROXY                       |                      | NONE    | ROXY
            KRATOM-FREE KAVA TONIC                      |                                        | KRATOM FREE KAVA TONIC     |                      | NONE    | KRATOM FREE KAVA TONIC
            NON-KRATOM HERBAL BLEND                     |                                        | NON KRATOM BLEND           |                      | NONE    | NON KRATOM BLEND
            FEEL FREE WELLNESS TONIC                    |                                        | FEEL FREE WELLNESS TONIC   | kratom               | SYNONYM | kratom
            """)
    void recognizes(String raw, String ai, String normalized, String substance, Method method, String substanceOrNormalized) {
        Recognition r = recognizer.recognize(raw, ai);
        assertThat(r.normalized()).as("normalized").isEqualTo(normalized);
        assertThat(r.substance()).as("substance").isEqualTo(substance);
        assertThat(r.method()).as("method").isEqualTo(method);
        assertThat(r.substanceOrNormalized()).as("substanceOrNormalized").isEqualTo(substanceOrNormalized);
        assertThat(r.recognized()).isEqualTo(method != Method.NONE);
        assertThat(r.evidence().isEmpty()).isEqualTo(method == Method.NONE);
        if (substance != null) {
            assertThat(r.groups()).isEqualTo(DICT.groupsOf(substance));
            assertThat(r.ingredients()).startsWith(substance);
        }
    }

    @Test
    void leafKratomAndSevenOhAreDistinctMembersOfKratomRelated() {
        Recognition leaf = recognizer.recognize("MITRAGYNINE");
        Recognition sevenOh = recognizer.recognize("7-OH TABLETS");
        assertThat(leaf.substance()).isEqualTo("kratom");
        assertThat(sevenOh.substance()).isEqualTo("7-hydroxymitragynine");
        assertThat(leaf.kratomRelated()).isTrue();
        assertThat(sevenOh.kratomRelated()).isTrue();
        assertThat(DICT.substancesInGroup(SubstanceDictionary.KRATOM_RELATED))
                .containsExactly("kratom", "7-hydroxymitragynine", "mitragynine pseudoindoxyl");
        Recognition both = recognizer.recognize("KRATOM 7-OH");
        assertThat(both.substance()).isEqualTo("7-hydroxymitragynine");
        assertThat(both.ingredients()).containsExactly("7-hydroxymitragynine", "kratom");
    }

    @Test
    void evidenceNamesTheDictionaryEntryTheWordsAndTheDistance() {
        Evidence e = recognizer.recognize("KRAATOM").primaryEvidence();
        assertThat(e.substance()).isEqualTo("kratom");
        assertThat(e.term()).isEqualTo("KRATOM");
        assertThat(e.observed()).isEqualTo("KRAATOM");
        assertThat(e.distance()).isEqualTo(1);
        assertThat(e.method()).isEqualTo(Method.FUZZY);
        assertThat(e.entry()).matches("substances\\.tsv:\\d+");
        assertThat(e.field()).isEqualTo(Field.NAME);

        Evidence b = recognizer.recognize("TEA (MAENG DA)").primaryEvidence();
        assertThat(b.field()).isEqualTo(Field.BRACKET);
        assertThat(b.kind()).isEqualTo(Kind.STRAIN);
        assertThat(b.source()).contains("NaPDI");

        Evidence ai = recognizer.recognize("GREEN CAPSULES", "MITRAGYNINE").primaryEvidence();
        assertThat(ai.field()).isEqualTo(Field.ACTIVE_INGREDIENT);
        assertThat(ai.kind()).isEqualTo(Kind.CONSTITUENT);
    }

    @Test
    void supportingTermsAppearAsEvidenceWithTheirAnchor() {
        Recognition r = recognizer.recognize("KRATOM INDO");
        assertThat(r.evidence()).extracting(Evidence::term).containsExactly("KRATOM", "INDO");
        assertThat(r.evidence().get(1).scope()).isEqualTo(Scope.CONTEXT);
    }

    @Test
    void activeIngredientComponentsBecomeIngredients() {
        Recognition r = recognizer.recognize("PERCOCET", "ACETAMINOPHEN\\OXYCODONE HYDROCHLORIDE");
        assertThat(r.substance()).isEqualTo("oxycodone");
        assertThat(r.ingredients()).containsExactly("oxycodone", "ACETAMINOPHEN");
        assertThat(DICT.classesOf(r.substance())).containsExactly("opioid");
    }

    @Test
    void fuzzyMatchingCanBeSwitchedOff() {
        SubstanceRecognizer strict = SubstanceRecognizer.builder(DICT).fuzzy(false).cacheSize(0).build();
        assertThat(strict.recognize("KRAATOM").method()).isEqualTo(Method.NONE);
        assertThat(strict.recognize("KRATUM").method()).isEqualTo(Method.SYNONYM);
    }

    @Test
    void repeatedNamesComeFromTheCache() {
        SubstanceRecognizer r = SubstanceRecognizer.create(DICT);
        Recognition a = r.recognize("Kratom capsules", null);
        Recognition b = r.recognize("Kratom capsules", null);
        Recognition c = r.recognize("Kratom capsules", "MITRAGYNINE");
        assertThat(b).isSameAs(a);
        assertThat(c).isNotSameAs(a);
        assertThat(c.activeIngredient()).isEqualTo("MITRAGYNINE");
        assertThat(r.cacheHits()).isEqualTo(1);
        assertThat(r.cacheMisses()).isEqualTo(2);
        SubstanceRecognizer uncached = SubstanceRecognizer.builder(DICT).cacheSize(0).build();
        assertThat(uncached.recognize("Kratom capsules")).isEqualTo(a).isNotSameAs(a);
    }

    @Test
    void smallCacheStaysBoundedAndCorrect() {
        SubstanceRecognizer r = SubstanceRecognizer.builder(DICT).cacheSize(10).build();
        for (int i = 0; i < 1000; i++) {
            String name = "DRUG " + (i % 37) + " KRATOM";
            assertThat(r.recognize(name).substance()).isEqualTo("kratom");
        }
        assertThat(r.cacheHits() + r.cacheMisses()).isEqualTo(1000);
    }

    @Test
    void nullNameIsEmpty() {
        Recognition r = recognizer.recognize(null, null);
        assertThat(r.rawName()).isEmpty();
        assertThat(r.method()).isEqualTo(Method.NONE);
        assertThat(r.substanceOrNormalized()).isEmpty();
        assertThat(r.ingredients()).isEmpty();
    }

    @Test
    void isThreadSafe() throws Exception {
        SubstanceRecognizer shared = SubstanceRecognizer.builder(DICT).cacheSize(64).build();
        String[] names = {"KRATOM", "7-OH", "TYLENOL (ACETAMINOPHEN)", "KRATUM", "MAENG DA", "KETOROLAC", "OXYCONTIN"};
        String[] expected = {"kratom", "7-hydroxymitragynine", "ACETAMINOPHEN", "kratom", "kratom", "KETOROLAC", "oxycodone"};
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int seed = t;
                futures.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 20_000; i++) {
                        int k = (i * 31 + seed) % names.length;
                        String suffix = i % 5 == 0 ? " " + (i % 100) + " MG" : "";
                        if (!expected[k].equals(shared.recognize(names[k] + suffix).substanceOrNormalized())) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> f : futures) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
