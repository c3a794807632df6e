package org.kratomwatch.ingest.faers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.kratomwatch.stats.SharedData;

/** The real samples in ../shared/data/faers-ascii-sample, read in place, and an independent record count. */
final class Samples {

    static final String BASE = "faers-ascii-sample/";
    static final String Q22 = BASE + "faersquarterlydata_2022q4/";
    static final String LEGACY = BASE + "yunuuuu-faers_2004q1_2017q2/";

    private Samples() {
    }

    static Path zip2022q4() {
        return SharedData.require(Q22 + "faers_ascii_2022Q4.zip");
    }

    static Path folder2022q4() {
        return SharedData.require(Q22 + "faers_ascii_2022Q4");
    }

    static Path delete21q4() {
        return SharedData.require(Q22 + "DELETE21Q4.txt");
    }

    static Path zip2004q1() {
        return SharedData.require(LEGACY + "aers_ascii_2004q1.zip");
    }

    static Path folder2004q1() {
        return SharedData.require(LEGACY + "aers_ascii_2004q1");
    }

    static Path zip2017q2() {
        return SharedData.require(LEGACY + "faers_ascii_2017q2.zip");
    }

    static Path folder2017q2() {
        return SharedData.require(LEGACY + "faers_ascii_2017q2");
    }

    /**
     * Records of an unzipped folder (or a single DELETE file) counted without the reader: DEMO data
     * lines, numeric DELETE lines, and DRUG/REAC/OUTC lines whose first field is no DEMO key. Plain
     * String.split, no sorting assumptions; for well-formed inputs only.
     */
    static long independentRecordCount(Path input) throws IOException {
        List<Path> files;
        if (Files.isDirectory(input)) {
            try (Stream<Path> s = Files.walk(input)) {
                files = s.filter(Files::isRegularFile).collect(Collectors.toList());
            }
        } else {
            files = List.of(input);
        }
        Set<String> demoKeys = new HashSet<>();
        long records = 0;
        List<Path> children = new ArrayList<>();
        for (Path p : files) {
            String n = p.getFileName().toString().toUpperCase(Locale.ROOT);
            if (n.startsWith("DEMO") && n.endsWith(".TXT")) {
                List<String> lines = dataLines(p);
                for (String l : lines) {
                    demoKeys.add(l.split("\\$", -1)[0].strip());
                }
                records += lines.size();
            } else if (n.startsWith("DELETE") && n.endsWith(".TXT")) {
                for (String l : Files.readAllLines(p, StandardCharsets.ISO_8859_1)) {
                    if (l.strip().matches("[0-9]+")) {
                        records++;
                    }
                }
            } else if ((n.startsWith("DRUG") || n.startsWith("REAC") || n.startsWith("OUTC")) && n.endsWith(".TXT")) {
                children.add(p);
            }
        }
        for (Path p : children) {
            for (String l : dataLines(p)) {
                if (!demoKeys.contains(l.split("\\$", -1)[0].strip())) {
                    records++;
                }
            }
        }
        return records;
    }

    private static List<String> dataLines(Path p) throws IOException {
        List<String> lines = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).collect(Collectors.toList());
    }

    /** Checks the accounting of one read: summary and sink agree, every record emitted once. */
    static void assertAccounted(FaersReadSummary s, Collected c) {
        assertThat(s.emitted()).as("items emitted (summary)").isEqualTo(c.total());
        assertThat(s.records()).as("records read (summary)").isEqualTo(c.total());
        assertThat(s.reports()).isEqualTo(c.reports.size());
        assertThat(s.retractions()).isEqualTo(c.retractions.size());
        assertThat(s.quarantined()).isEqualTo(c.quarantined.size());
        for (var q : c.quarantined) {
            assertThat(q.message()).as("one-line message").doesNotContain("\n").isNotBlank();
            assertThat(q.origin().file()).isNotBlank();
        }
    }
}
