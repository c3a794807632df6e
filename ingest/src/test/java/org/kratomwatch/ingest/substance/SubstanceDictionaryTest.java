package org.kratomwatch.ingest.substance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubstanceDictionaryTest {

    static final SubstanceDictionary DICT = SubstanceDictionary.loadDefault();
    static final String HEADER = "substance\tgroups\tpriority\tterm\tkind\tscope\tfuzzy\tsource\tnote\n";

    @Test
    void bundledFilesAreVersioned() {
        assertThat(DICT.version()).matches("substances\\.tsv \\d{4}\\.\\d+\\.\\d+; classes\\.tsv \\d{4}\\.\\d+\\.\\d+; "
                + "near-misses\\.tsv \\d{4}\\.\\d+\\.\\d+");
        assertThat(Normalizer.standard().version()).matches("\\d{4}\\.\\d+\\.\\d+");
    }

    @Test
    void bundledDictionaryIsCurated() {
        for (SubstanceEntry e : DICT.substances()) {
            assertThat(e.name()).as("canonical names are lower case").isEqualTo(e.name().toLowerCase(java.util.Locale.ROOT));
            for (Term t : e.terms()) {
                if (!t.entry().endsWith(":auto")) {
                    assertThat(t.source()).as("source of %s", t).isNotBlank();
                }
            }
        }
        SubstanceEntry kratom = DICT.entry("kratom");
        assertThat(kratom.groups()).containsExactly(SubstanceDictionary.KRATOM_RELATED);
        assertThat(kratom.terms()).extracting(Term::kind).contains(Kind.BOTANICAL, Kind.CONSTITUENT, Kind.STRAIN, Kind.BRAND,
                Kind.STREET, Kind.MISSPELLING, Kind.PRODUCT);
        assertThat(DICT.entry("7-HYDROXYMITRAGYNINE").priority()).isGreaterThan(kratom.priority());
        assertThat(kratom.priority()).isGreaterThan(DICT.entry("oxycodone").priority());
        assertThat(DICT.nearMisses()).extracting(NearMiss::name).contains("KETOROLAC", "KETAMINE", "KETOPROFEN", "KETOTIFEN",
                "KETOCONAZOLE", "MIRTAZAPINE", "MITOMYCIN", "MITOXANTRONE", "MITOTANE", "KAVA", "KAVA KAVA");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            oxycodone               | opioid
            OXYCODONE               | opioid
            OXYCODONE HYDROCHLORIDE | opioid
            OxyContin               | opioid
            diacetylmorphine        | opioid
            heroin                  | opioid
            fentanyl                | opioid
            buprenorphine           | opioid
            SUBOXONE                | opioid
            tramadol                | opioid
            tapentadol              | opioid
            methadone               | opioid
            codeine                 | opioid
            meperidine              | opioid
            pethidine               | opioid
            alprazolam              | benzodiazepine
            XANAX                   | benzodiazepine
            clonazepam              | benzodiazepine
            etizolam                | benzodiazepine
            """)
    void classesOfKnowsComparatorClasses(String substance, String cls) {
        assertThat(DICT.classesOf(substance)).containsExactly(cls);
    }

    @Test
    void kratomIsInNoClassSoMaskingNeverRemovesIt() {
        for (String s : DICT.substancesInGroup(SubstanceDictionary.KRATOM_RELATED)) {
            assertThat(DICT.classesOf(s)).as(s).isEmpty();
        }
        assertThat(DICT.classesOf("ACETAMINOPHEN")).isEmpty();
        assertThat(DICT.classesOf(null)).isEmpty();
        assertThat(DICT.classes()).containsExactly("opioid", "benzodiazepine");
        assertThat(DICT.substancesInClass("opioid")).contains("morphine", "oxycodone", "hydrocodone", "fentanyl", "heroin",
                "methadone", "buprenorphine", "tramadol", "tapentadol", "codeine", "hydromorphone", "oxymorphone", "meperidine");
    }

    @Test
    void userDictionaryExtendsAndOverrides(@TempDir Path dir) throws IOException {
        Path user = dir.resolve("user.tsv");
        Files.writeString(user, "# version: site-3\n" + HEADER
                + "kratom\t\t\tKRATOMITE\tbrand\tname\tno\tlocal vendor list\t\n"           // new synonym
                + "kratom\t\t\tTHAI\tstrain\tname\t\tanalyst decision\t\n"                   // reassign scope
                + "kratom\t\t\tKETUM\tstreet\toff\t\tanalyst decision\t\n"                    // switch off
                + "tianeptine\tgas-station-drug\t5\tTIANAA\tbrand\tname\t\tFDA warning\t\n"   // new substance
                + "tianeptine\t\t\tZAZA RED\tbrand\tname\t\tFDA warning\t\n", StandardCharsets.UTF_8);
        SubstanceDictionary d = DICT.withUserDictionary(user);
        SubstanceRecognizer r = SubstanceRecognizer.create(d);
        assertThat(d.version()).endsWith("user.tsv site-3");
        assertThat(r.recognize("KRATOMITE CAPSULES").substance()).isEqualTo("kratom");
        assertThat(r.recognize("RED THAI").substance()).isEqualTo("kratom");
        assertThat(r.recognize("THAI").substance()).isEqualTo("kratom");
        assertThat(r.recognize("KETUM").method()).isEqualTo(Method.NONE);
        Recognition t = r.recognize("ZAZA RED");
        assertThat(t.substance()).isEqualTo("tianeptine");
        assertThat(t.groups()).containsExactly("gas-station-drug");
        assertThat(r.recognize("TIANEPTINE SODIUM").method()).isEqualTo(Method.EXACT);
        // the base dictionary is unchanged
        assertThat(SubstanceRecognizer.create(DICT).recognize("KETUM").substance()).isEqualTo("kratom");
        assertThat(SubstanceRecognizer.create(DICT).recognize("THAI").method()).isEqualTo(Method.NONE);
    }

    @Test
    void userDictionaryCanChangeGroupsAndReassignTerms() throws IOException {
        SubstanceDictionary d = DICT.withUserDictionary(new StringReader("substance\tterm\tgroups\n"
                + "kava\tKAVA KAVA\tkava-related\n"
                + "kava\tFEEL FREE\t\n"), "mine.tsv");
        SubstanceRecognizer r = SubstanceRecognizer.create(d);
        assertThat(r.recognize("FEEL FREE TONIC").substance()).isEqualTo("kava");
        assertThat(r.recognize("KAVA").substance()).isEqualTo("kava");
        assertThat(r.recognize("KAVA").kratomRelated()).isFalse();
        assertThat(d.version()).endsWith("mine.tsv unversioned");
    }

    @Test
    void userDictionaryWithOnlyRequiredColumns() throws IOException {
        SubstanceDictionary d = SubstanceDictionary.load(new StringReader("term\tsubstance\nDOLO 650\tparacetamol\n"), "min.tsv");
        Recognition r = SubstanceRecognizer.create(d).recognize("DOLO 650 TABLETS");
        assertThat(r.substance()).isEqualTo("paracetamol");
        assertThat(r.primaryEvidence().kind()).isEqualTo(Kind.SYNONYM);
        assertThat(d.classesOf("paracetamol")).isEmpty();
        assertThat(d.nearMisses()).isEmpty();
    }

    @Test
    void filesLoadFromPaths(@TempDir Path dir) throws IOException {
        Path subs = dir.resolve("s.tsv");
        Path cls = dir.resolve("c.tsv");
        Path nm = dir.resolve("n.tsv");
        Files.writeString(subs, "# version: 7\nsubstance\tterm\tfuzzy\nacme\tACMEDRUG\tyes\n");
        Files.writeString(cls, "class\tsubstance\nwidget\tacme\n");
        Files.writeString(nm, "name\tresembles\nACMEDRAG\tACMEDRUG\n");
        SubstanceDictionary d = SubstanceDictionary.load(subs, cls, nm);
        SubstanceRecognizer r = SubstanceRecognizer.create(d);
        assertThat(r.recognize("ACMEDRUK").method()).isEqualTo(Method.FUZZY);
        assertThat(r.recognize("ACMEDRAG").method()).isEqualTo(Method.NONE);
        assertThat(d.classesOf("ACMEDRUG")).containsExactly("widget");
        assertThat(d.version()).isEqualTo(subs + " 7; " + cls + " unversioned; " + nm + " unversioned");
    }

    /** Each malformed file gives one line naming file, line and field. */
    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # file content (\\t = tab, \\n = newline)                                           | message
            substance\\tgroups\\tterm\\tkind\\nkratom\\tkratom-related\\tFOO\\tbrnd\\n           | bad.tsv:2: field 'kind': unknown kind 'brnd' (expected one of name, botanical, constituent, strain, brand, street, misspelling, product, synonym)
            substance\\tterm\\tscope\\nkratom\\tFOO\\tanywhere\\n                                 | bad.tsv:2: field 'scope': unknown scope 'anywhere' (expected one of any, name, context, whole, off)
            substance\\tterm\\tfuzzy\\nkratom\\tFOOBARBAZ\\tmaybe\\n                              | bad.tsv:2: field 'fuzzy': 'maybe' is not yes or no
            substance\\tterm\\tfuzzy\\nkratom\\tFOO\\tyes\\n                                      | bad.tsv:2: field 'fuzzy': fuzzy matching needs a word of at least 6 letters, not 'FOO'
            substance\\tterm\\tfuzzy\\nkratom\\tFOO BAR BAZ\\tyes\\n                              | bad.tsv:2: field 'fuzzy': fuzzy matching applies to single-word terms only, not 'FOO BAR BAZ'
            substance\\tterm\\tpriority\\nkratom\\tFOO\\thigh\\n                                  | bad.tsv:2: field 'priority': 'high' is not an integer
            substance\\tterm\\tgroups\\nkratom\\tFOO\\tKratom Related\\n                          | bad.tsv:2: field 'groups': 'Kratom Related' is not a group name (lower-case letters, digits, hyphens; several separated by commas)
            substance\\tterm\\tgroups\\nkratom\\tFOO\\ta\\nkratom\\tBAR\\tb\\n                    | bad.tsv:3: field 'groups': 'b' conflicts with line 2 ('a') for substance 'kratom'
            substance\\tterm\\n\\tFOO\\n                                                          | bad.tsv:2: field 'substance': must not be empty
            substance\\tterm\\nkratom\\t\\n                                                       | bad.tsv:2: field 'term': must not be empty
            substance\\tterm\\nkratom\\t500 MG\\n                                                 | bad.tsv:2: field 'term': '500 MG' has no letters or digits left after normalization (doses are removed)
            substance\\tterm\\nkratom\\tMaeng-Da\\nkratom\\tMAENG DA\\n                           | bad.tsv:3: field 'term': 'MAENG DA' duplicates line 2 (same words after normalization: 'MAENG DA')
            substance\\tterm\\nkratom\\tFOO\\tEXTRA\\n                                            | bad.tsv:2: field 'columns': expected at most 2 tab-separated fields as in the header, found 3
            substance\\tterm\\tcolour\\n                                                         | bad.tsv:1: field 'header': unknown column 'colour' (expected tab-separated columns from: substance, groups, priority, term, kind, scope, fuzzy, source, note)
            substance\\tkind\\n                                                                  | bad.tsv:1: field 'header': required column 'term' is missing
            `# only a comment\\n`                                                                | bad.tsv:1: field 'header': no header line (expected columns substance, term)
            substance\\tterm\\tscope\\nkratom\\tNOSUCH\\toff\\n                                   | bad.tsv:2: field 'substance': cannot switch off a term of unknown substance 'kratom'
            substance\\tterm\\nkratom\\tOXY\\noxy\\tKRATOM\\n                                     | bad.tsv:2: field 'substance': canonical name 'kratom' is also a term of 'oxy' (bad.tsv:3)
            """)
    void malformedSubstanceFiles(String content, String message) {
        String text = content.replace("\\t", "\t").replace("\\n", "\n");
        assertThatThrownBy(() -> SubstanceDictionary.load(new StringReader(text), "bad.tsv"))
                .isInstanceOf(DictionaryFormatException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void malformedUserOverlay() {
        assertThatThrownBy(() -> DICT.withUserDictionary(new StringReader("substance\tterm\tscope\noxycodone\tKRATOM\toff\n"), "u.tsv"))
                .isInstanceOf(DictionaryFormatException.class)
                .hasMessage("u.tsv:2: field 'term': cannot switch off 'KRATOM': it is not a term of 'oxycodone' but of 'kratom'");
    }

    @Test
    void exceptionCarriesFileLineField() {
        DictionaryFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DictionaryFormatException.class,
                () -> DICT.withClasses(new StringReader("class\tsubstance\nOpioids!\tmorphine\n"), "cls.tsv"));
        assertThat(e.file()).isEqualTo("cls.tsv");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.field()).isEqualTo("class");
        assertThat(e).hasMessage("cls.tsv:2: field 'class': 'Opioids!' is not a class name (lower-case letters, digits, hyphens)");
    }

    @Test
    void protectedNameMustNotBeADictionaryTerm() {
        assertThatThrownBy(() -> DICT.withNearMisses(new StringReader("name\tresembles\nKratom\tKRATOM\n"), "nm.tsv"))
                .hasMessageStartingWith("nm.tsv:2: field 'name': protected name 'Kratom' is also a dictionary term of 'kratom' "
                        + "(substances.tsv:");
    }

    @Test
    void addingClassesAndNearMisses() throws IOException {
        SubstanceDictionary d = DICT.withClasses(new StringReader("class\tsubstance\nstimulant\tcaffeine\nopioid\tloperamide\n"), "c.tsv")
                .withNearMisses(new StringReader("name\nKRATOMAX\n"), "n.tsv");
        assertThat(d.classesOf("CAFFEINE CITRATE")).containsExactly("stimulant");
        assertThat(d.classesOf("loperamide")).containsExactly("opioid");
        assertThat(d.substancesInClass("opioid")).contains("loperamide", "morphine");
        assertThat(SubstanceRecognizer.create(d).recognize("KRATOMAX").method()).isEqualTo(Method.NONE);
        assertThat(SubstanceRecognizer.create(DICT).recognize("KRATOMAX").method()).isEqualTo(Method.FUZZY);
    }
}
