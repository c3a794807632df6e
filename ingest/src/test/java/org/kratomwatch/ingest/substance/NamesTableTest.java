package org.kratomwatch.ingest.substance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class NamesTableTest {

    private final SubstanceRecognizer recognizer = SubstanceRecognizer.create(SubstanceRecognizerTest.DICT);

    @Test
    void writesNameSubstanceMethod() throws IOException {
        String in = "KRATOM\nMAENG DA KRATOM\r\nKRAATOM\n\nTYLENOL (ACETAMINOPHEN)\n7-OH\nGREEN CAPSULES\tMITRAGYNINE\n";
        StringWriter out = new StringWriter();
        NamesTable.Summary s = NamesTable.write(new StringReader(in), out, recognizer);
        assertThat(out.toString()).isEqualTo("""
                name\tsubstance\tmethod
                KRATOM\tkratom\texact
                MAENG DA KRATOM\tkratom\tsynonym
                KRAATOM\tkratom\tfuzzy
                TYLENOL (ACETAMINOPHEN)\t\tnone
                7-OH\t7-hydroxymitragynine\tsynonym
                GREEN CAPSULES\tkratom\tsynonym
                """);
        assertThat(s).isEqualTo(new NamesTable.Summary(6, 1, 3, 1, 1));
        assertThat(s.recognized()).isEqualTo(5);
    }

    @Test
    void withoutHeaderAndWithBom() throws IOException {
        StringWriter out = new StringWriter();
        NamesTable.write(new StringReader("\uFEFFkratom\n"), out, recognizer, false);
        assertThat(out.toString()).isEqualTo("kratom\tkratom\texact\n");
    }

    @Test
    void emptyInput() throws IOException {
        StringWriter out = new StringWriter();
        assertThat(NamesTable.write(new StringReader(""), out, recognizer).rows()).isZero();
        assertThat(out.toString()).isEqualTo(NamesTable.HEADER + "\n");
    }
}
