package org.kratomwatch.ingest.anonymize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScrubberTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            KRATOM POWDER 500 MG                                  | KRATOM POWDER 500 MG
            DRUGNAME-0509 GIVEN BY DR. PEDRO DUBROVSKY            | DRUGNAME-0509
            ASPIRIN prescribed by Jane Roe at clinic              | ASPIRIN
            OXYCODONE (call 415-555-0159)                         | OXYCODONE (call )
            KRATOM mail jane.roe@example.org                      | KRATOM mail
            MAENG DA DOB 10/25/1990                               | MAENG DA DOB
            TYLENOL MRN13073765                                   | TYLENOL MRN
            KRATOM per Mrs Jane Smith                             | KRATOM per
            VITAMIN D3 2000 IU                                    | VITAMIN D3 2000 IU
            see www.example.com/x KAVA                            | see KAVA
            """)
    void removesIdentifierLikeSpans(String in, String out) {
        assertThat(Scrubber.scrub(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            123$456$Pedro Dubrovsky$1990-10-25$   | 999$999$Aaaaa Aaaaaaaaa$9999-99-99$
            """)
    void excerptsKeepTheShapeOnly(String in, String out) {
        assertThat(Scrubber.excerpt(in, 200)).isEqualTo(out);
        assertThat(Scrubber.excerpt("x".repeat(300), 200)).hasSize(201).endsWith("…");
    }
}
