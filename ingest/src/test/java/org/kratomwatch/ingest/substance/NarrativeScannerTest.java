package org.kratomwatch.ingest.substance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NarrativeScannerTest {

    private final NarrativeScanner scanner = NarrativeScanner.create(SubstanceRecognizerTest.DICT);

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # narrative                                                                                   | mentioned | substances
            Patient reported daily kratom use for 2 years and presented with withdrawal.                  | true      | kratom
            Pt drank ketum tea.                                                                           | true      | kratom
            He bought 7-OH tablets at a gas station and was found unresponsive.                           | true      | 7-hydroxymitragynine
            Used Maeng Da powder (3 g) and later 7OH shots.                                               | true      | kratom,7-hydroxymitragynine
            History of Mitragyna speciosa use.                                                            | true      | kratom
            Consumer took OPMS gold capsules; kratom extract.                                             | true      | kratom
            Took Kratum capsules daily.                                                                   | true      | kratom
            Took kratome capsules daily.                                                                  | true      | kratom
            Patient denies kratom use.                                                                    | false     | ``
            No history of kratom or other herbal use.                                                     | false     | ``
            Drank a kratom-free kava tonic.                                                               | false     | ``
            Patient denies alcohol. She takes kratom daily.                                               | true      | kratom
            Red vein noted on the left forearm after the injection.                                       | false     | ``
            Patient enjoys Thai food and travelled to Bali and Borneo.                                    | false     | ``
            Bought Kraken rum and Krave cereal.                                                           | false     | ``
            Patient took ketorolac and ketamine; mirtazapine was continued.                               | false     | ``
            Kava kava tea was consumed.                                                                   | false     | ``
            Please feel free to contact the reporter.                                                     | false     | ``
            Took red vein kratom and Kraken.                                                              | true      | kratom
            ``                                                                                            | false     | ``
            """)
    void scansNarratives(String text, boolean mentioned, String substances) {
        NarrativeFindings f = scanner.scan(text);
        assertThat(f.mentioned()).isEqualTo(mentioned);
        if (substances.isEmpty()) {
            assertThat(f.substances()).isEmpty();
        } else {
            assertThat(f.substances()).containsExactlyInAnyOrder(substances.split(","));
        }
    }

    @Test
    void mentionsCarryTermsAndOffsetsButNotTheText() {
        String text = "Pt denies heroin. Took KRATOM 3 g, also Green Malay; denied kratom last week.";
        NarrativeFindings f = scanner.scan(text);
        assertThat(f.mentions()).extracting(Mention::term).containsExactly("KRATOM", "GREEN MALAY", "KRATOM");
        Mention first = f.mentions().get(0);
        assertThat(text.substring(first.start(), first.end())).isEqualTo("KRATOM");
        assertThat(first.negated()).isFalse();
        Mention strain = f.mentions().get(1);
        assertThat(text.substring(strain.start(), strain.end())).isEqualTo("Green Malay");
        assertThat(strain.kind()).isEqualTo(Kind.STRAIN);
        assertThat(f.mentions().get(2).negated()).isTrue();
        assertThat(f.mentioned()).isTrue();
        // nothing of the text is kept: mentions hold dictionary data and offsets only
        for (RecordComponent rc : Mention.class.getRecordComponents()) {
            assertThat(rc.getType()).isIn(String.class, Kind.class, Method.class, int.class, boolean.class);
        }
        assertThat(Arrays.stream(Mention.class.getRecordComponents()).map(RecordComponent::getName))
                .doesNotContain("text", "observed", "sentence");
    }

    @Test
    void onlyNegatedMentions() {
        NarrativeFindings f = scanner.scan("The patient denied using kratom or 7-OH products.");
        assertThat(f.mentioned()).isFalse();
        assertThat(f.onlyNegated()).isTrue();
        assertThat(f.mentions()).hasSize(2).allMatch(Mention::negated);
    }

    @Test
    void fuzzyMentionsAreMarked() {
        Mention m = scanner.scan("took kraatom").mentions().get(0);
        assertThat(m.method()).isEqualTo(Method.FUZZY);
        assertThat(m.distance()).isEqualTo(1);
        NarrativeScanner strict = NarrativeScanner.create(SubstanceRecognizerTest.DICT, SubstanceDictionary.KRATOM_RELATED, false);
        assertThat(strict.scan("took kraatom").mentions()).isEmpty();
    }

    @Test
    void phrasesDoNotCrossSentences() {
        assertThat(scanner.scan("He saw the red. Vein was fine. Also kratom.").mentions()).extracting(Mention::term)
                .containsExactly("KRATOM");
    }

    @Test
    void otherGroups() {
        assertThatThrownBy(() -> NarrativeScanner.create(SubstanceRecognizerTest.DICT, "no-such-group", true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(scanner.group()).isEqualTo(SubstanceDictionary.KRATOM_RELATED);
        assertThat(scanner.scan(null)).isEqualTo(NarrativeFindings.NOTHING);
    }
}
