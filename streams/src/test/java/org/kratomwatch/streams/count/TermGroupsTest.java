package org.kratomwatch.streams.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class TermGroupsTest {

    @Test
    void bundledGroupsFollowThePrimer() {
        TermGroups g = TermGroups.defaults();
        assertThat(g.groups()).containsExactlyInAnyOrder("dependence/abuse", "withdrawal", "interaction");
        assertThat(g.groupsOf("drug withdrawal syndrome neonatal")).containsExactly("withdrawal");
        assertThat(g.groupsOf("intentional product misuse")).containsExactly("dependence/abuse");
        assertThat(g.groupsOf("nausea")).isEmpty();
        assertThat(g.groupsOf(List.of("drug abuse", "drug dependence", "drug interaction")))
                .containsExactly("dependence/abuse", "interaction");
    }

    @Test
    void termsAreNormalizedAndBadLinesNamed() throws Exception {
        TermGroups g = TermGroups.parse(new StringReader("group\tterm\nmine\t  Drug  Withdrawal Syndrome \n"), "x.tsv");
        assertThat(g.groupsOf("drug withdrawal syndrome")).containsExactly("mine");
        assertThatThrownBy(() -> TermGroups.parse(new StringReader("group\tterm\nonly-one-field\n"), "bad.tsv"))
                .hasMessage("bad.tsv:2: expected group<TAB>term");
    }
}
