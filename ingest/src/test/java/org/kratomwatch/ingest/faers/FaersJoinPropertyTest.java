package org.kratomwatch.ingest.faers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.ingest.model.QuarantineItem;

/**
 * Property-style: for seeded random quarters (keys of 1-11 digits, some prefixes of others, so text
 * and numeric order differ; duplicates, malformed DEMO rows and child rows (each a record of its
 * own), orphans, keyless rows, blank
 * lines, LF or CRLF, trailing $ or not), written sorted by text, sorted numerically, shuffled, and
 * zipped: every variant accounts for every record, matches the generator's count of reports and
 * records, and gives the same reports and quarantine items as the others.
 */
class FaersJoinPropertyTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /** One generated row: its key (null for a keyless row) and its text. */
    private record Row(Long key, String text) {
    }

    private static final class Quarter {
        final List<Row> demo = new ArrayList<>();
        final List<Row> drug = new ArrayList<>();
        final List<Row> reac = new ArrayList<>();
        final List<Row> outc = new ArrayList<>();
        int expectedReports;
        int expectedRecords;
    }

    private static Quarter generate(long seed) {
        Random rnd = new Random(seed);
        Quarter q = new Quarter();
        int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 12 : 60);
        Set<Long> used = new HashSet<>();
        List<Long> keys = new ArrayList<>();
        while (keys.size() < n) {
            long k;
            if (!keys.isEmpty() && rnd.nextInt(4) == 0) {
                k = keys.get(rnd.nextInt(keys.size())) * 10 + rnd.nextInt(10); // a prefix of it is a key
            } else {
                int digits = 1 + rnd.nextInt(11);
                k = (long) (Math.pow(10, digits - 1) + rnd.nextDouble() * 9 * Math.pow(10, digits - 1));
            }
            if (k < 1_000_000_000_000_000L && used.add(k)) {
                keys.add(k);
            }
        }
        Set<Long> demoKeys = new HashSet<>();
        for (long k : keys) {
            int kind = rnd.nextInt(20);
            String caseId = String.valueOf(k / 10 + 1);
            String age = rnd.nextInt(10) == 0 ? "FEW" : String.valueOf(rnd.nextInt(90));
            String date = "2023" + String.format("%02d", 7 + rnd.nextInt(3))
                    + String.format("%02d", 1 + rnd.nextInt(28));
            String sex = rnd.nextBoolean() ? "F" : "M";
            boolean bad = false;
            if (kind == 0) {
                date = "20231301";
                bad = true;
            } else if (kind == 1) {
                sex = "X";
                bad = true;
            }
            String text = k + "$" + caseId + "$" + (1 + rnd.nextInt(9)) + "$" + date + "$" + age + "$YR$" + sex
                    + "$CN$US";
            if (kind == 2) {
                // two fields short (one short plus a trailing $ would be a full row with an empty last field)
                text = text.substring(0, text.lastIndexOf('$'));
                text = text.substring(0, text.lastIndexOf('$'));
                bad = true;
            }
            if (kind == 3) { // keyless DEMO row: nothing can join it
                q.demo.add(new Row(null, "$" + caseId + "$1$20230701$40$YR$F$CN$US"));
                q.expectedRecords++;
                continue;
            }
            demoKeys.add(k);
            q.demo.add(new Row(k, text));
            q.expectedRecords++;
            if (kind == 4) { // an identical duplicate line: quarantined, the first one keeps the rows
                q.demo.add(new Row(k, text));
                q.expectedRecords++;
            }
            int drugs = rnd.nextInt(4);
            for (int d = 1; d <= drugs; d++) {
                String role = new String[] {"PS", "SS", "C", "I"}[rnd.nextInt(4)];
                if (rnd.nextInt(40) == 0) {
                    role = "ZZ"; // the row alone is quarantined, the report goes on without it
                    q.expectedRecords++;
                }
                q.drug.add(new Row(k, k + "$" + caseId + "$" + d + "$" + role + "$DRUG " + rnd.nextInt(30) + "$AI"));
            }
            int reacs = rnd.nextInt(4);
            for (int r = 0; r < reacs; r++) {
                String row = k + "$" + caseId + "$PT " + rnd.nextInt(50);
                if (rnd.nextInt(40) == 0) {
                    row = row + "$extra"; // the row alone is quarantined
                    q.expectedRecords++;
                }
                q.reac.add(new Row(k, row));
            }
            if (rnd.nextInt(3) == 0) {
                String code = rnd.nextInt(30) == 0 ? "QQ" : new String[] {"DE", "HO", "OT", "LT"}[rnd.nextInt(4)];
                if (code.equals("QQ")) {
                    q.expectedRecords++; // the row alone is quarantined
                }
                q.outc.add(new Row(k, k + "$" + caseId + "$" + code));
            }
            if (!bad) {
                q.expectedReports++;
            }
        }
        // orphans (keys no DEMO row has) and keyless child rows
        for (List<Row> table : List.of(q.drug, q.reac, q.outc)) {
            int orphans = rnd.nextInt(4);
            for (int i = 0; i < orphans; i++) {
                long k = 1 + rnd.nextInt(1_000_000_000);
                if (demoKeys.contains(k)) {
                    continue;
                }
                String tail = table == q.drug ? "$1$PS$ORPHAN$" : table == q.reac ? "$PT" : "$OT";
                table.add(new Row(k, k + "$" + k + tail));
                q.expectedRecords++;
            }
            if (rnd.nextInt(4) == 0) {
                String tail = table == q.drug ? "$1$PS$NOKEY$" : table == q.reac ? "$PT" : "$OT";
                table.add(new Row(null, "$9" + tail));
                q.expectedRecords++;
            }
        }
        return q;
    }

    private enum Layout {
        TEXT_SORTED, NUMERIC_SORTED, SHUFFLED
    }

    private static void write(Quarter q, Layout layout, Path dir, long seed, boolean crlf, boolean trailing)
            throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(seed * 31 + layout.ordinal());
        write(dir.resolve("DEMO23Q3.txt"),
                "primaryid$caseid$caseversion$fda_dt$age$age_cod$sex$occp_cod$reporter_country",
                q.demo, layout, rnd, crlf, trailing);
        write(dir.resolve("DRUG23Q3.txt"), "primaryid$caseid$drug_seq$role_cod$drugname$prod_ai", q.drug, layout, rnd,
                crlf, trailing);
        write(dir.resolve("REAC23Q3.txt"), "primaryid$caseid$pt", q.reac, layout, rnd, crlf, trailing);
        write(dir.resolve("OUTC23Q3.txt"), "primaryid$caseid$outc_cod", q.outc, layout, rnd, crlf, trailing);
    }

    private static void write(Path file, String header, List<Row> rows, Layout layout, Random rnd, boolean crlf,
            boolean trailing) throws IOException {
        List<Row> keyed = rows.stream().filter(r -> r.key() != null).collect(Collectors.toList());
        List<Row> keyless = rows.stream().filter(r -> r.key() == null).collect(Collectors.toList());
        if (layout == Layout.TEXT_SORTED) {
            keyed.sort(Comparator.comparing(r -> String.valueOf(r.key()))); // stable: a key's rows keep their order
        } else if (layout == Layout.NUMERIC_SORTED) {
            keyed.sort(Comparator.comparing(Row::key));
        } else {
            Collections.shuffle(keyed, rnd);
        }
        for (Row r : keyless) { // anywhere: they carry no key to be sorted by
            keyed.add(rnd.nextInt(keyed.size() + 1), r);
        }
        String eol = crlf ? "\r\n" : "\n";
        String end = trailing ? "$" : "";
        StringBuilder sb = new StringBuilder(header).append(end).append(eol);
        for (Row r : keyed) {
            if (rnd.nextInt(30) == 0) {
                sb.append(rnd.nextBoolean() ? "" : "  ").append(eol);
            }
            sb.append(r.text()).append(end).append(eol);
        }
        Files.writeString(file, sb.toString(), StandardCharsets.ISO_8859_1);
    }

    /** A quarantine item without what differs between equivalent files: line numbers, archive name. */
    private static String item(QuarantineItem q) {
        String excerpt = q.excerpt() == null ? "" : q.excerpt().replaceAll("\\$$", "");
        return q.reason() + "|" + q.message().replaceAll("line [0-9]+", "line ?").replaceAll("[^ (]*!/", "") + "|"
                + excerpt;
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        Collections.sort(c);
        return c;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyLayoutAccountsForEveryRecordAndAgrees(long seed, @TempDir Path tmp) throws IOException {
        Quarter q = generate(seed);
        Random rnd = new Random(seed);
        boolean trailing = rnd.nextBoolean();
        List<String> reference = null;
        List<String> referenceItems = null;
        Map<QuarantineReason, Long> referenceReasons = null;
        for (Layout layout : Layout.values()) {
            for (boolean zipped : new boolean[] {false, true}) {
                Path dir = tmp.resolve(layout + "-" + zipped).resolve("faers_ascii_2023q3");
                write(q, layout, dir, seed, rnd.nextBoolean(), trailing);
                Path input = zipped ? Fixtures.zip(dir, tmp.resolve(layout + "-faers_ascii_2023q3.zip")) : dir;
                Collected c = new Collected();
                FaersReadSummary s = new FaersReader().read(input, c);
                String what = "seed " + seed + ", " + layout + (zipped ? ", zipped" : "");

                Samples.assertAccounted(s, c);
                assertThat(s.records()).as(what + ": records").isEqualTo(q.expectedRecords);
                assertThat(c.reports).as(what + ": reports").hasSize(q.expectedReports);
                FaersReadSummary.JoinMode mode = s.quarters().get(0).join();
                if (layout != Layout.SHUFFLED) {
                    assertThat(mode).as(what).isEqualTo(FaersReadSummary.JoinMode.MERGE);
                } else if (q.demo.size() >= 8) {
                    assertThat(mode).as(what).isEqualTo(FaersReadSummary.JoinMode.INDEX);
                }
                List<String> reports = sorted(c.reportContentsReactionsSorted());
                List<String> items = sorted(c.quarantined.stream().map(FaersJoinPropertyTest::item)
                        .collect(Collectors.toList()));
                Map<QuarantineReason, Long> reasons = new TreeMap<>(c.reasons());
                if (reference == null) {
                    reference = reports;
                    referenceItems = items;
                    referenceReasons = reasons;
                } else {
                    assertThat(reports).as(what + ": reports").isEqualTo(reference);
                    assertThat(reasons).as(what + ": reasons").isEqualTo(referenceReasons);
                    assertThat(items).as(what + ": quarantine items").isEqualTo(referenceItems);
                }
                // the forced index join on the same files agrees too
                if (layout == Layout.TEXT_SORTED && !zipped) {
                    Collected x = new Collected();
                    Samples.assertAccounted(new FaersReader(FaersReader.Join.INDEX).read(input, x), x);
                    assertThat(sorted(x.reportContentsReactionsSorted())).as(what + ", INDEX").isEqualTo(reports);
                    assertThat(sorted(x.quarantined.stream().map(FaersJoinPropertyTest::item)
                            .collect(Collectors.toList()))).as(what + ", INDEX").isEqualTo(items);
                }
            }
        }
    }
}
