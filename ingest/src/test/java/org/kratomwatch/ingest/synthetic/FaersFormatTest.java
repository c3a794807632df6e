package org.kratomwatch.ingest.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.stats.SharedData;

/** The written files parse as FAERS quarterly ASCII files, whatever the options. */
class FaersFormatTest {

    private static final String REAL = "faers-ascii-sample/faersquarterlydata_2022q4/faers_ascii_2022Q4/ASCII/";

    @Test
    void headersAreThoseOfTheReal2022Q4Files(@TempDir Path dir) throws IOException {
        Map<String, String> real = new HashMap<>();
        for (String t : FaersLayout.TABLES) {
            Path p = SharedData.require(REAL + t + "22Q4.txt");
            try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                real.put(t, r.readLine());
            }
            assertThat(FaersLayout.header(t)).as(t).isEqualTo(real.get(t));
        }
        GeneratorOptions o = GeneratorOptions.builder(dir).reports(300).quarters("2022Q3..2023Q1").build();
        FaersGenerator.generate(o);
        for (GeneratedFiles.QuarterFiles q : GeneratedFiles.read(o).quarters) {
            for (String t : FaersLayout.TABLES) {
                assertThat(q.headers.get(t)).as(q.quarter + " " + t).isEqualTo(real.get(t));
            }
        }
    }

    @Test
    void zipLayoutIsFdas(@TempDir Path dir) throws IOException {
        GeneratorOptions o = GeneratorOptions.builder(dir).reports(200).quarters("2024Q3..2024Q4").build();
        GroundTruth gt = FaersGenerator.generate(o);
        assertThat(dir.resolve("faers_ascii_2024Q4.zip")).isRegularFile();
        assertThat(dir.resolve(GroundTruth.FILE_NAME)).isRegularFile();
        assertThat(gt.quarters()).extracting(GroundTruth.QuarterCounts::file)
                .containsExactly("faers_ascii_2024Q3.zip", "faers_ascii_2024Q4.zip");
        GeneratedFiles.QuarterFiles q = GeneratedFiles.read(o).quarters.get(1);
        assertThat(q.entries).containsExactly("ASCII/", "ASCII/DEMO24Q4.txt", "ASCII/DRUG24Q4.txt",
                "ASCII/REAC24Q4.txt", "ASCII/OUTC24Q4.txt", "Deleted/", "Deleted/DELETE24Q4.txt");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("faers_ascii_2024Q3.zip", "faers_ascii_2024Q4.zip", "ground-truth.json");
        }
    }

    @ParameterizedTest
    @MethodSource("org.kratomwatch.ingest.synthetic.Scenarios#seeds")
    void validRowsAreWellFormedFaers(long seed, @TempDir Path dir) throws IOException {
        GeneratorOptions o = Scenarios.random(seed, dir);
        FaersGenerator.generate(o);
        GeneratedFiles files = GeneratedFiles.read(o);
        for (GeneratedFiles.QuarterFiles q : files.quarters) {
            String at = o + " " + q.quarter;
            assertThat(q.sawCarriageReturn).as(at).isFalse();
            assertThat(q.deleteLines).as(at).isNotEmpty();
            assertThat(q.deleteLines.get(0)).as("FDA's DELETE files start with a blank line").isEqualTo(" ");
            LocalDate first = q.quarter.firstDay();
            LocalDate last = q.quarter.lastDay();
            Set<String> demoIds = new HashSet<>();
            String prev = "";
            for (String[] d : q.valid.get(FaersLayout.DEMO)) {
                String row = at + " DEMO " + d[0];
                check(d[0].equals(d[1] + d[2]), () -> row + ": primaryid = caseid followed by caseversion");
                check(d[1].length() == 8 && d[1].chars().allMatch(Character::isDigit), () -> row + ": 8-digit caseid");
                check(d[3].equals(d[2].equals("1") ? "I" : "F"), () -> row + ": i_f_code");
                LocalDate fda = LocalDate.parse(d[7], DateTimeFormatter.BASIC_ISO_DATE);
                check(!fda.isBefore(first) && !fda.isAfter(last), () -> row + ": fda_dt within the quarter");
                check(d[6].compareTo(d[7]) <= 0, () -> row + ": init_fda_dt <= fda_dt");
                check(Set.of(0, 4, 6, 8).contains(d[4].length()), () -> row + ": event_dt YYYYMMDD, YYYYMM, YYYY");
                check(Set.of("", "YR", "MON", "DY", "DEC").contains(d[14]), () -> row + ": age_cod");
                check(Set.of("", "F", "M").contains(d[16]), () -> row + ": sex");
                check(Set.of("MD", "PH", "OT", "LW", "CN", "HP").contains(d[22]), () -> row + ": occp_cod");
                String p = prev;
                check(d[0].compareTo(p) > 0, () -> row + ": DEMO sorted by primaryid after " + p);
                prev = d[0];
                demoIds.add(d[0]);
            }
            checkChildren(q, FaersLayout.DRUG, demoIds);
            checkChildren(q, FaersLayout.REAC, demoIds);
            checkChildren(q, FaersLayout.OUTC, demoIds);

            Map<String, List<String[]>> drugs = group(q.valid.get(FaersLayout.DRUG));
            Map<String, List<String[]>> reacs = group(q.valid.get(FaersLayout.REAC));
            for (String pid : demoIds) {
                List<String[]> ds = drugs.get(pid);
                check(ds != null && ds.size() >= 1 && ds.size() <= 10, () -> pid + ": 1 to 10 drugs");
                check(ds.stream().filter(x -> x[3].equals("PS")).count() == 1, () -> pid + ": one PS");
                for (int i = 0; i < ds.size(); i++) {
                    String seq = Integer.toString(i + 1);
                    check(ds.get(i)[2].equals(seq), () -> pid + ": drug_seq " + seq);
                }
                List<String[]> rs = reacs.get(pid);
                check(rs != null && rs.size() >= 1 && rs.size() <= 10, () -> pid + ": 1 to 10 reactions");
                check(rs.stream().map(x -> x[2]).distinct().count() == rs.size(), () -> pid + ": distinct PTs");
            }
        }
    }

    private static void check(boolean ok, Supplier<String> message) {
        if (!ok) {
            fail(message.get());
        }
    }

    private static void checkChildren(GeneratedFiles.QuarterFiles q, String table, Set<String> demoIds) {
        String prev = "";
        for (String[] r : q.valid.get(table)) {
            check(demoIds.contains(r[0]), () -> table + " row's primaryid is in DEMO: " + r[0]);
            String p = prev;
            check(r[0].compareTo(p) >= 0, () -> table + " sorted by primaryid: " + r[0] + " after " + p);
            prev = r[0];
        }
    }

    private static Map<String, List<String[]>> group(List<String[]> rows) {
        Map<String, List<String[]>> m = new HashMap<>();
        for (String[] r : rows) {
            m.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    @Test
    void skewAndVolumeLookLikeFaers(@TempDir Path dir) throws IOException {
        GeneratorOptions o = GeneratorOptions.builder(dir).reports(20_000).quarters("2023Q1..2023Q4")
                .malformedRate(0).build();
        FaersGenerator.generate(o);
        GeneratedFiles files = GeneratedFiles.read(o);
        List<String[]> drug = files.all(FaersLayout.DRUG);
        List<String[]> reac = files.all(FaersLayout.REAC);
        int reports = files.all(FaersLayout.DEMO).size();
        double drugsPerReport = (double) drug.size() / reports;
        double eventsPerReport = (double) reac.size() / reports;
        assertThat(drugsPerReport).isBetween(3.6, 4.4);
        assertThat(eventsPerReport).isBetween(3.6, 4.4);
        Map<String, Integer> byDrug = new HashMap<>();
        drug.forEach(d -> byDrug.merge(d[4], 1, Integer::sum));
        Map<String, Integer> byEvent = new HashMap<>();
        reac.forEach(d -> byEvent.merge(d[2], 1, Integer::sum));
        assertThat(byDrug.size()).as("a long tail of drugs").isGreaterThan(2000);
        assertThat(byEvent.size()).as("a long tail of events").isGreaterThan(1000);
        // Zipf-like: the most reported drug is far above the median one
        List<Integer> counts = new ArrayList<>(byDrug.values());
        counts.sort(null);
        assertThat(counts.get(counts.size() - 1)).isGreaterThan(20 * counts.get(counts.size() / 2));
        assertThat(byEvent).containsKeys("Drug ineffective", "Nausea");
        assertThat(byDrug.get("HUMIRA")).isGreaterThan(byDrug.getOrDefault("DRUGNAME-4000", 0) * 10);
    }
}
