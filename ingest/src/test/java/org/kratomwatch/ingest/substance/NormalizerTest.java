package org.kratomwatch.ingest.substance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizerTest {

    private final Normalizer nz = Normalizer.standard();

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # raw                                            | normalized
            KRATOM                                           | KRATOM
            kratom                                           | KRATOM
            `  Kratom   powder  `                            | KRATOM
            KRATOM POWDER 500 MG                             | KRATOM
            KRATOM CAPSULES                                  | KRATOM
            KRATOM 3 OZ.                                     | KRATOM
            WHITE MAENG DA KRATOM 250G                       | WHITE MAENG DA KRATOM
            CLUB 13 KRATOM MAENG DA RED 90GM                 | CLUB 13 KRATOM MAENG DA RED
            O.P.M.S. LIQUID KRATOM                           | OPMS KRATOM
            R.H. NATURAL PRODUCTS KRATOM                     | RH NATURAL KRATOM
            NATURE'S REMEDY KRATOM                           | NATURES REMEDY KRATOM
            FEELIN' GROOVY KRATOM                            | FEELIN GROOVY KRATOM
            7-OH                                             | 7 OH
            7OH                                              | 7 OH
            7 oh tablets                                     | 7 OH
            MIT45                                            | MIT 45
            SLOW-MO HIPPO KRATOM                             | SLOW MO HIPPO KRATOM
            TYLENOL (ACETAMINOPHEN)                          | TYLENOL
            TYLENOL 500 MG TABLETS (ACETAMINOPHEN)           | TYLENOL
            (KRATOM) KRAOMA.COM TRANQUIL KRAOMA              | KRAOMA COM TRANQUIL KRAOMA
            (ACETAMINOPHEN)                                  | ACETAMINOPHEN
            ASHWAGANDHA                        /01660201/    | ASHWAGANDHA
            OXYCODONE HCL 10 MG ER TABLET                    | OXYCODONE
            OXYCODONE HYDROCHLORIDE                          | OXYCODONE
            MORPHINE SULFATE 15 MG ORAL                      | MORPHINE
            MAGNESIUM SULFATE                                | MAGNESIUM SULFATE
            ZINC SULFATE 220MG                               | ZINC SULFATE
            NAPROXEN SODIUM                                  | NAPROXEN
            SODIUM CHLORIDE 0.9 %                            | SODIUM CHLORIDE
            FENTANYL 25 MCG/HR PATCH                         | FENTANYL
            GABAPENTIN 0.5MG/ML ORAL SOLUTION                | GABAPENTIN
            W/ KRATOM                                        | KRATOM
            VITAMIN A                                        | VITAMIN A
            HERBALS                                          | HERBALS
            UNKNOWN                                          | UNKNOWN
            POWDER                                           | POWDER
            500 MG                                           | ``
            ``                                               | ``
            Kratóm Pówder                                    | KRATOM
            KRATOM - SPECIFICALLY ^GREEN MALAYSIAN^          | KRATOM SPECIFICALLY GREEN MALAYSIAN
            KRATOM- USED SUPER GREEN, GREEN BALI, RED MAGNEA DA | KRATOM USED SUPER GREEN GREEN BALI RED MAGNEA DA
            """)
    void normalizesNames(String raw, String normalized) {
        assertThat(nz.normalize(raw)).isEqualTo(normalized);
    }

    @Test
    void nullNormalizesToEmpty() {
        assertThat(nz.normalize(null)).isEmpty();
    }

    @Test
    void bracketsAreSegments() {
        Normalizer.Analysis a = nz.analyze("KRATOM (MITRAGYNA) (MITRAGYNINE)");
        assertThat(a.segments).hasSize(3);
        assertThat(a.segments.get(0).stripped).isEqualTo("KRATOM");
        assertThat(a.segments.get(1).stripped).isEqualTo("MITRAGYNA");
        assertThat(a.segments.get(2).stripped).isEqualTo("MITRAGYNINE");
        Normalizer.Analysis list = nz.analyze("HYDROXYCUT (CHROMIUM PICOLINATE, EPHEDRA NOS, SALIX ALBA)");
        assertThat(list.segments.get(1).list).isTrue();
        assertThat(nz.analyze("ZOLOFT (SERTRALINE HYDROCHLORIDE)").segments.get(1).list).isFalse();
    }

    @Test
    void unbalancedBracketsDoNotFail() {
        assertThat(nz.normalize("KRATOM (MITRAGYNA")).isEqualTo("KRATOM");
        assertThat(nz.normalize("KRATOM) X")).isEqualTo("KRATOM X");
        assertThat(nz.normalize("((()))")).isEmpty();
    }

    @Test
    void keysIgnoreDosesButKeepFormWords() {
        assertThat(nz.key("Kratom Powder 500 mg")).isEqualTo("KRATOM POWDER");
        assertThat(nz.key("7-Hydroxymitragynine")).isEqualTo("7 HYDROXYMITRAGYNINE");
        assertThat(nz.key("0.5")).isEqualTo("0.5");
    }

    @Test
    void offsetsPointIntoTheOriginalText() {
        String text = "Pt took kratóm (3 g) daily.";
        Normalizer.Token t = nz.tokenize(text).stream().filter(x -> x.text.equals("KRATOM")).findFirst().orElseThrow();
        assertThat(text.substring(t.start, t.end)).isEqualTo("kratóm");
    }

    @Test
    void malformedLexiconIsReportedWithFileLineAndField() {
        assertThatThrownBy(() -> Normalizer.load(new StringReader("word\tcategory\nMG\tunits\n"), "lex.tsv"))
                .isInstanceOf(DictionaryFormatException.class)
                .hasMessage("lex.tsv:2: field 'category': unknown category 'units' (expected one of unit, form, route, salt, cation, "
                        + "noise, connector, negation, negation-after)");
        assertThatThrownBy(() -> Normalizer.load(new StringReader("# version: 1\nfoo\tbar\n"), "lex.tsv"))
                .hasMessageStartingWith("lex.tsv:2: field 'header':");
    }
}
