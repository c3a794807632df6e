package org.kratomwatch.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kratomwatch.ingest.run.IngestSummary;

class ProgressLineTest {

    private static IngestSummary after(double seconds, long read) {
        return new IngestSummary("run", read, read, 0, 0, 0, Map.of(), 0, read, 0, seconds, false);
    }

    @Test
    void showsTheQuarterReachedAndAnEtaFromFinishedQuarters() {
        StringWriter w = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(w), true, 4);
        Path in = Path.of("quarters");
        p.update(after(10, 1000), in, "faers_ascii_2024Q1.zip!/ASCII/DEMO24Q1.txt");
        assertThat(w.toString()).contains("quarter 1/4").doesNotContain("ETA");
        // one quarter finished in 20 s: three more to go => ETA 60 s
        p.update(after(20, 2000), in, "faers_ascii_2024Q2.zip!/ASCII/DEMO24Q2.txt");
        assertThat(w.toString()).contains("quarter 2/4, ETA 60 s").contains("2,000 records read");
        p.clear();
        assertThat(w.toString()).endsWith("\r");
    }

    @Test
    void quarterOfAFileName() {
        assertThat(ProgressLine.unit("faers_ascii_2024Q3.zip!/ASCII/DEMO24Q3.txt")).isEqualTo("24Q3");
        assertThat(ProgressLine.unit("aers_ascii_2004q1.zip!/ascii/DEMO04Q1.TXT")).isEqualTo("04Q1");
        assertThat(ProgressLine.unit("caers.csv")).isNull();
    }
}
