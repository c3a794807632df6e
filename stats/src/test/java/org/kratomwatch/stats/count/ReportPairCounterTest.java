package org.kratomwatch.stats.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.CsvLine;
import org.kratomwatch.stats.SharedData;

class ReportPairCounterTest {

    @Test
    void countsDistinctReportsAndIgnoresRepeatedRows() {
        ReportPairCounter c = new ReportPairCounter();
        // report 1: drugs X,Y events P,Q (as explicit pairs); report 2: X with P twice; report 3: Y with R
        c.add("1", "X", "P");
        c.add("1", "X", "Q");
        c.add("1", "Y", "P");
        c.add("2", "X", "P");
        c.add("2", "X", "P");
        c.add("3", "Y", "R");
        c.add("1", "X", "P"); // rows of a report need not be adjacent
        List<PairCount> counts = c.counts();
        assertThat(counts).extracting(p -> p.drug() + "-" + p.event()).containsExactly("X-P", "X-Q", "Y-P", "Y-R");
        // X-P: a=2 (reports 1,2), nX=2, nP=2 (1,2), N=3 -> b=0 c=0 d=1
        assertThat(counts.get(0).table()).isEqualTo(new ContingencyTable(2, 0, 0, 1));
        // Y-P: a=1, nY=2 (1,3), nP=2 -> b=1 c=1 d=0; E = 2*2/3
        assertThat(counts.get(2).table()).isEqualTo(new ContingencyTable(1, 1, 1, 0));
        assertThat(counts.get(2).expected()).isCloseTo(4.0 / 3, within(1e-15));
        assertThat(c.reportCount()).isEqualTo(3);
    }

    @Test
    void stratifiedExpectedSumsOverStrata() {
        ReportPairCounter c = new ReportPairCounter();
        c.add("1", "X", "P", "F");
        c.add("2", "X", "Q", "F");
        c.add("3", "Y", "P", "M");
        c.add("4", "X", "P", "M");
        // X-P: stratum F: nX=2 nP=1 N=2 -> 1 ; stratum M: nX=1 nP=2 N=2 -> 1 ; E = 2 (crude: 3*3/4 = 2.25)
        PairCount xp = c.counts().get(0);
        assertThat(xp.table()).isEqualTo(new ContingencyTable(2, 1, 1, 0));
        assertThat(xp.expected()).isCloseTo(2.0, within(1e-15));
        assertThat(xp.table().expected()).isCloseTo(2.25, within(1e-15));
    }

    @Test
    void aReportWithTwoStrataIsAnError() {
        ReportPairCounter c = new ReportPairCounter();
        c.add("1", "X", "P", "F");
        assertThatThrownBy(() -> c.add("1", "X", "Q", "M")).hasMessageContaining("report 1 has stratum 'F'");
    }

    /** The published facts of openEBGM's CAERS data: 3,356 reports, 2,874 products, 1,328 events, 17,189 pairs. */
    @Test
    void realCaersDataHasItsPublishedShape() throws IOException {
        Path csv = SharedData.require("caers/caers.csv");
        ReportPairCounter c = new ReportPairCounter();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = CsvLine.split(line);
            c.add(f.get(0), f.get(1), f.get(2), f.get(3));
        }
        List<PairCount> counts = c.counts();
        Set<String> products = new HashSet<>();
        Set<String> events = new HashSet<>();
        counts.forEach(p -> {
            products.add(p.drug());
            events.add(p.event());
        });
        assertThat(c.reportCount()).isEqualTo(3356);
        assertThat(products).hasSize(2874);
        assertThat(events).hasSize(1328);
        assertThat(counts).hasSize(17189);
        assertThat(counts).allSatisfy(p -> assertThat(p.table().n()).isEqualTo(3356));
    }
}
