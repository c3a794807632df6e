package org.kratomwatch.ingest.substance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Precision on look-alike names and seeded random properties of fuzzy matching. */
class LookAlikeTest {

    private static final SubstanceDictionary DICT = SubstanceRecognizerTest.DICT;
    private final SubstanceRecognizer recognizer = SubstanceRecognizer.create(DICT);

    /** Real drug and product names that resemble kratom terms: none may be kratom-related. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "KETOROLAC", "KETOROLAC TROMETHAMINE 30 MG/ML INJECTION", "KETAMINE", "KETAMINE HCL", "KETOPROFEN", "KETOTIFEN FUMARATE",
        "KETOCONAZOLE 2% CREAM", "KETONES", "RASPBERRY KETONE", "KETOSTERIL", "KETODAN", "KETALAR",
        "MIRTAZAPINE", "REMERON (MIRTAZAPINE)", "MITOMYCIN", "MITOXANTRONE", "MITOTANE", "MITIGARE", "MITIGO", "MIDODRINE",
        "METRONIDAZOLE", "MITRAL VALVE", "MITRACLIP", "KRYPTON", "KRILL OIL", "KERATIN", "CREATINE",
        "CREATINE MONOHYDRATE", "KAVA", "KAVA KAVA", "KAVA-KAVA", "KAVA KAVA ROOT EXTRACT", "PIPER METHYSTICUM", "KAVALACTONES",
        "CAT'S CLAW", "UNCARIA TOMENTOSA", "ISOMITRAPHYLLINE", "LAGERSTROEMIA SPECIOSA", "BANABA LEAF", "CORDIA SPECIOSA",
        "THAI", "INDO", "BALI", "BORNEO", "MALAY", "THAI BASIL", "INDOMETHACIN", "INDOCIN", "THAI GINSENG", "RED BULL",
        "RED YEAST RICE", "GREEN TEA", "WHITE WILLOW BARK", "RED DRAGON FRUIT", "SUPER GREEN FOOD", "BLUE MAGIC HAIR GREASE",
        "KRAVE JERKY", "KELLOGG'S KRAVE CEREAL", "KRAKEN BLACK SPICED RUM", "CLUB SODA", "MIT", "OPIUM TINCTURE", "THOMAS",
        "PSEUDOEPHEDRINE", "PSEUDO", "HYDROXYZINE", "HYDROXYCHLOROQUINE", "HYDROXYCUT", "HYDROCODONE", "ROXICODONE", "ROXY",
        "ROXICET", "7-KETO DHEA", "17-HYDROXYPROGESTERONE", "17-OH PROGESTERONE", "7-HYDROXYFLAVONE", "HYDROXY", "OH",
        "25-OH VITAMIN D", "5-HTP", "MAGNA CAL", "MAGNESIUM", "MANGO", "MAGNOLIA BARK", "SPECIAL K", "FEEL GOOD",
        "KRATOM-FREE", "NO KRATOM", "KRATOM FREE KAVA SHOT", "WITHOUT KRATOM",
    })
    void lookAlikesAreNotKratom(String name) {
        Recognition r = recognizer.recognize(name);
        assertThat(r.kratomRelated()).as("%s -> %s %s", name, r.substance(), r.evidence()).isFalse();
    }

    static Stream<String> protectedNames() {
        return DICT.nearMisses().stream().map(NearMiss::name);
    }

    /** The data-driven protected list: each name, plain and with dose/form words, stays non-kratom. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("protectedNames")
    void protectedNamesAreNotKratom(String name) {
        for (String variant : List.of(name, name.toLowerCase(Locale.ROOT), name + " 10 MG TABLETS", "(" + name + ")", name + " ORAL")) {
            assertThat(recognizer.recognize(variant).kratomRelated()).as(variant).isFalse();
        }
    }

    private static final String[] FUZZY_TARGETS = {"KRATOM", "MITRAGYNA", "MITRAGYNINE", "SPECIOGYNINE", "PAYNANTHEINE",
        "SPECIOCILIATINE", "HYDROXYMITRAGYNINE"};
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    static String edit(String w, Random rnd) {
        int op = rnd.nextInt(4);
        int i = rnd.nextInt(w.length());
        char c = LETTERS.charAt(rnd.nextInt(LETTERS.length()));
        return switch (op) {
            case 0 -> w.substring(0, i) + c + w.substring(i + 1); // substitute
            case 1 -> w.substring(0, i) + w.substring(i + 1); // delete
            case 2 -> w.substring(0, i) + c + w.substring(i); // insert
            default -> i + 1 < w.length() ? w.substring(0, i) + w.charAt(i + 1) + w.charAt(i) + w.substring(i + 2) : w;
        };
    }

    /** Any single edit of a fuzzy dictionary word is recognized as its substance, by fuzzy or exact match. */
    @Test
    void singleEditsOfFuzzyWordsAreFound() {
        Random rnd = new Random(20251125L);
        int tried = 0;
        List<String> missed = new ArrayList<>();
        for (int n = 0; n < 5000; n++) {
            String target = FUZZY_TARGETS[rnd.nextInt(FUZZY_TARGETS.length)];
            String variant = edit(target, rnd);
            if (DICT.normalizer().isLexiconWord(variant) || DICT.terms().containsKey(variant) && !DICT.terms().get(variant).substance()
                    .equals(DICT.terms().get(target).substance())) {
                continue;
            }
            tried++;
            Recognition r = recognizer.recognize(variant);
            if (!DICT.terms().get(target).substance().equals(r.substance())) {
                missed.add(target + "->" + variant + "=" + r.substance());
            }
        }
        assertThat(tried).isGreaterThan(4000);
        assertThat(missed).isEmpty();
    }

    /** Two edits of the short word KRATOM are beyond its threshold (1) and never match by edit distance. */
    @Test
    void twoEditsOfKratomAreNotFuzzyMatched() {
        Random rnd = new Random(7L);
        for (int n = 0; n < 3000; n++) {
            String v = edit(edit("KRATOM", rnd), rnd);
            if (v.startsWith("KRATOM") || DICT.terms().containsKey(v) || Osa.distance(v, "KRATOM", 2) <= 1) {
                continue; // a prefix form (KRATOMS), a listed spelling, or the edits cancelled out
            }
            Recognition r = recognizer.recognize(v);
            assertThat(r.method()).as(v).isNotEqualTo(Method.FUZZY);
        }
    }

    /** A single edit of a protected name never becomes kratom-related (it is at least as close to the protected word). */
    @Test
    void singleEditsOfProtectedNamesStayProtected() {
        Random rnd = new Random(42L);
        List<String> words = new ArrayList<>();
        for (NearMiss nm : DICT.nearMisses()) {
            for (String w : nm.key().split(" ")) {
                if (w.length() >= 5 && !DICT.terms().containsKey(w)) {
                    words.add(w);
                }
            }
        }
        for (int n = 0; n < 5000; n++) {
            String w = words.get(rnd.nextInt(words.size()));
            String v = edit(w, rnd);
            if (DICT.terms().containsKey(v)) {
                continue;
            }
            Recognition r = recognizer.recognize(v);
            assertThat(r.kratomRelated()).as("%s -> %s %s", w, v, r.evidence()).isFalse();
        }
    }

    /** Kratom terms keep working inside random product descriptions; non-kratom fillers never trigger. */
    @Test
    void termsInsideRandomDescriptions() {
        Random rnd = new Random(99L);
        String[] fillers = {"PREMIUM", "ORGANIC", "EXTRA", "STRENGTH", "CAPSULES", "POWDER", "250 G", "90 CT", "BRAND", "THE",
            "ORIGINAL", "TEA", "LIQUID", "SHOT", "BLEND", "(UNKNOWN)", "100 GRAM", "PURE", "FRESH", "ENHANCED", "GOLD", "SILVER"};
        List<Term> anchors = new ArrayList<>();
        for (SubstanceEntry e : DICT.substances()) {
            if (e.inGroup(SubstanceDictionary.KRATOM_RELATED)) {
                for (Term t : e.terms()) {
                    if (t.scope() == Scope.ANY || t.scope() == Scope.NAME) {
                        anchors.add(t);
                    }
                }
            }
        }
        for (int n = 0; n < 3000; n++) {
            StringBuilder sb = new StringBuilder();
            int before = rnd.nextInt(3);
            for (int i = 0; i < before; i++) {
                sb.append(fillers[rnd.nextInt(fillers.length)]).append(rnd.nextBoolean() ? " " : ", ");
            }
            Term t = anchors.get(rnd.nextInt(anchors.size()));
            String text = rnd.nextBoolean() ? t.text().toLowerCase(Locale.ROOT) : t.text();
            sb.append(rnd.nextInt(5) == 0 ? "(" + text + ")" : text);
            int after = rnd.nextInt(3);
            for (int i = 0; i < after; i++) {
                sb.append(' ').append(fillers[rnd.nextInt(fillers.length)]);
            }
            Recognition r = recognizer.recognize(sb.toString());
            assertThat(r.substance()).as("%s (%s)", sb, t.entry()).isEqualTo(t.substance());
        }
        for (int n = 0; n < 1000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
                sb.append(fillers[rnd.nextInt(fillers.length)]).append(' ');
            }
            assertThat(recognizer.recognize(sb.toString()).recognized()).as(sb.toString()).isFalse();
        }
    }
}
