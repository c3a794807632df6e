package org.kratomwatch.ingest.faers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.ReportSink;
import org.kratomwatch.ingest.model.Retraction;

/**
 * A rough measurement (not JMH) of parse speed: a synthetic quarter of 100,000 reports built in a
 * temp dir from the real 2022Q4 rows (new keys; about 4 drugs, 3.5 reactions and 0.5 outcomes a
 * report, like FAERS), read as a folder and as a zip, with each join; and the real 2022Q4 sample
 * zip read repeatedly. Ingestion aims at 100,000 reports/s end to end on one core, so parsing must
 * be well above that. Best of three (one for INDEX), as wall clock and per CPU-second of the
 * reading thread (what one core does, whatever else runs on a shared machine; GC and JIT threads
 * not counted). The assertions only catch gross regressions; the printed figures are the
 * measurement.
 */
class FaersSpeedTest {

    private static final int REPORTS = 100_000;

    private static final class Counting implements ReportSink {
        long reports;
        long drugs;
        long other;

        @Override
        public void report(RawReport r) {
            reports++;
            drugs += r.drugs().size();
        }

        @Override
        public void retraction(Retraction r) {
            other++;
        }

        @Override
        public void quarantine(QuarantineItem q) {
            other++;
        }
    }

    private static Map<String, List<String>> groups(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        Map<String, List<String>> g = new LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String key = l.substring(0, l.indexOf('$'));
            g.computeIfAbsent(key, k -> new ArrayList<>()).add(l.substring(l.indexOf('$', key.length() + 1)));
        }
        return g;
    }

    static Path buildQuarter(Path dir) throws IOException {
        Path src = Samples.folder2022q4().resolve("ASCII");
        List<String> demo = Files.readAllLines(src.resolve("DEMO22Q4.txt"), StandardCharsets.ISO_8859_1);
        List<List<String>> drugs = new ArrayList<>(groups(src.resolve("DRUG22Q4.txt")).values());
        List<List<String>> reacs = new ArrayList<>(groups(src.resolve("REAC22Q4.txt")).values());
        List<List<String>> outcs = new ArrayList<>(groups(src.resolve("OUTC22Q4.txt")).values());
        Path q = Files.createDirectories(dir.resolve("faers_ascii_2022q4").resolve("ASCII"));
        try (BufferedWriter d = Files.newBufferedWriter(q.resolve("DEMO22Q4.txt"), StandardCharsets.ISO_8859_1);
                BufferedWriter g = Files.newBufferedWriter(q.resolve("DRUG22Q4.txt"), StandardCharsets.ISO_8859_1);
                BufferedWriter r = Files.newBufferedWriter(q.resolve("REAC22Q4.txt"), StandardCharsets.ISO_8859_1);
                BufferedWriter o = Files.newBufferedWriter(q.resolve("OUTC22Q4.txt"), StandardCharsets.ISO_8859_1)) {
            d.write(demo.get(0) + "\n");
            g.write("primaryid$caseid$drug_seq$role_cod$drugname$prod_ai$val_vbm$route$dose_vbm$cum_dose_chr"
                    + "$cum_dose_unit$dechal$rechal$lot_num$exp_dt$nda_num$dose_amt$dose_unit$dose_form$dose_freq\n");
            r.write("primaryid$caseid$pt$drug_rec_act\n");
            o.write("primaryid$caseid$outc_cod\n");
            for (int i = 0; i < REPORTS; i++) {
                long caseId = 30_000_000L + i;
                String key = (caseId * 10 + 1) + "$" + caseId;
                String row = demo.get(1 + i % (demo.size() - 1));
                int third = row.indexOf('$', row.indexOf('$', row.indexOf('$') + 1) + 1);
                d.write(key + "$1" + row.substring(third) + "\n");
                List<String> dg = drugs.get(i % drugs.size());
                for (int k = 0; k < Math.min(dg.size(), 1 + i % 7); k++) {
                    g.write(key + dg.get(k) + "\n");
                }
                List<String> rg = reacs.get(i % reacs.size());
                for (int k = 0; k < Math.min(rg.size(), 1 + i % 6); k++) {
                    r.write(key + rg.get(k) + "\n");
                }
                if (i % 3 == 0) {
                    for (String x : outcs.get(i % outcs.size())) {
                        o.write(key + x + "\n");
                    }
                }
            }
        }
        return q.getParent();
    }

    /** Best reports per second of {@code rounds} reads: {wall clock, CPU time of the reading thread}. */
    private static double[] bestRate(FaersReader reader, Path input, int rounds, long expectReports) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double wall = 0;
        double cpu = 0;
        for (int round = 0; round < rounds; round++) {
            Counting c = new Counting();
            long t0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            reader.read(input, c);
            double s = (System.nanoTime() - t0) / 1e9;
            double cs = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            assertThat(c.reports).isEqualTo(expectReports);
            wall = Math.max(wall, c.reports / s);
            cpu = Math.max(cpu, c.reports / cs);
        }
        return new double[] {wall, cpu};
    }

    @Test
    void parsingIsWellAboveTheIngestionTarget(@TempDir Path tmp) throws IOException {
        Path folder = buildQuarter(tmp);
        Path zip = Fixtures.zip(folder, tmp.resolve("faers_ascii_2022q4.zip"));
        long textBytes = 0;
        for (String t : new String[] {"DEMO", "DRUG", "REAC", "OUTC"}) {
            textBytes += Files.size(folder.resolve("ASCII").resolve(t + "22Q4.txt"));
        }
        // warm-up
        bestRate(new FaersReader(FaersReader.Join.MERGE), folder, 1, REPORTS);

        double[] folderAuto = bestRate(new FaersReader(), folder, 3, REPORTS);
        double[] folderMerge = bestRate(new FaersReader(FaersReader.Join.MERGE), folder, 3, REPORTS);
        double[] zipAuto = bestRate(new FaersReader(), zip, 3, REPORTS);
        double[] zipMerge = bestRate(new FaersReader(FaersReader.Join.MERGE, tmp), zip, 3, REPORTS);
        double[] folderIndex = bestRate(new FaersReader(FaersReader.Join.INDEX, tmp), folder, 1, REPORTS);
        double[] zipIndex = bestRate(new FaersReader(FaersReader.Join.INDEX, tmp), zip, 1, REPORTS);
        double[] sample = {0, 0};
        for (int round = 0; round < 3; round++) {
            Counting c = new Counting();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long t0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 50; i++) {
                new FaersReader().read(Samples.zip2022q4(), c);
            }
            sample[0] = Math.max(sample[0], c.reports / ((System.nanoTime() - t0) / 1e9));
            sample[1] = Math.max(sample[1], c.reports / ((mx.getCurrentThreadCpuTime() - c0) / 1e9));
        }
        System.out.printf("FAERS parse speed, reports/s wall clock (per CPU-second of the reading thread), best of 3,"
                + " %,d reports, %.0f MB of DEMO/DRUG/REAC/OUTC text:%n"
                + "  folder: AUTO (pre-scan + merge) %s, MERGE %s, INDEX %s%n"
                + "  zip:    AUTO (pre-scan + merge) %s, MERGE %s, INDEX %s%n"
                + "  real 2022Q4 sample zip (258 reports; per-archive overhead dominates): %s%n",
                REPORTS, textBytes / 1e6, f(folderAuto), f(folderMerge), f(folderIndex), f(zipAuto), f(zipMerge),
                f(zipIndex), f(sample));
        assertThat(folderMerge[1]).as("reports per CPU-second, folder, merge join").isGreaterThan(50_000);
        assertThat(zipAuto[1]).as("reports per CPU-second, zip, AUTO").isGreaterThan(50_000);
    }

    private static String f(double[] rate) {
        return String.format("%,.0f (%,.0f)", rate[0], rate[1]);
    }
}
