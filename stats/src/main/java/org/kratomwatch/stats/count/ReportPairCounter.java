package org.kratomwatch.stats.count;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Expected;

/**
 * Counts drug–event pairs over distinct reports, as FDA's openEBGM {@code processRaw} does, from
 * rows of (report, drug, event[, stratum]).
 *
 * <ul>
 *   <li>a (pair count) = distinct reports with a row for that (drug, event); a row repeated
 *       within a report counts once;</li>
 *   <li>n_D = distinct reports with the drug in any row, n_E likewise for the event, N = distinct
 *       reports; b = n_D − a, c = n_E − a, d = N − n_D − n_E + a;</li>
 *   <li>with strata, every margin is also kept per stratum and E11 = Σ_s n_D,s · n_E,s / N_s
 *       (each report belongs to exactly one stratum; a report seen with two strata is an
 *       error).</li>
 * </ul>
 * Rows of one report need not be adjacent. Memory grows with the distinct (report, drug, event)
 * rows: the batch path is meant for exported files that fit in memory; the streaming engine keeps
 * its counts in state stores instead.
 */
public final class ReportPairCounter {

    private final Map<String, Integer> drugIds = new HashMap<>();
    private final Map<String, Integer> eventIds = new HashMap<>();
    private final Map<String, Integer> strataIds = new LinkedHashMap<>();
    private final List<String> drugs = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final Map<String, Report> reports = new HashMap<>();

    private static final class Report {
        final int stratum;
        long[] pairs = new long[4];
        int size;

        Report(int stratum) {
            this.stratum = stratum;
        }

        void add(long pair) {
            if (size == pairs.length) {
                pairs = Arrays.copyOf(pairs, size * 2);
            }
            pairs[size++] = pair;
        }
    }

    /** Adds an unstratified row. */
    public void add(String reportId, String drug, String event) {
        add(reportId, drug, event, "");
    }

    /**
     * Adds one row.
     *
     * @throws IllegalArgumentException if the report was seen before with another stratum
     */
    public void add(String reportId, String drug, String event, String stratum) {
        int s = strataIds.computeIfAbsent(stratum, k -> strataIds.size());
        Report r = reports.computeIfAbsent(reportId, k -> new Report(s));
        if (r.stratum != s) {
            throw new IllegalArgumentException("report " + reportId + " has stratum '" + stratumName(r.stratum)
                    + "' on an earlier row and '" + stratum + "' here");
        }
        int d = intern(drugIds, drugs, drug);
        int e = intern(eventIds, events, event);
        r.add(((long) d << 32) | e);
    }

    private static int intern(Map<String, Integer> ids, List<String> names, String name) {
        Integer id = ids.get(name);
        if (id == null) {
            id = names.size();
            ids.put(name, id);
            names.add(name);
        }
        return id;
    }

    private String stratumName(int id) {
        for (Map.Entry<String, Integer> e : strataIds.entrySet()) {
            if (e.getValue() == id) {
                return e.getKey();
            }
        }
        return "?";
    }

    /** Distinct reports seen so far. */
    public long reportCount() {
        return reports.size();
    }

    /**
     * The counts of every pair with a ≥ 1, sorted by drug then event.
     */
    public List<PairCount> counts() {
        int strata = Math.max(1, strataIds.size());
        long[] total = new long[strata];
        long[][] drugByStratum = new long[drugs.size()][strata];
        long[][] eventByStratum = new long[events.size()][strata];
        Map<Long, long[]> pairCounts = new HashMap<>();
        for (Report r : reports.values()) {
            long[] p = Arrays.copyOf(r.pairs, r.size);
            Arrays.sort(p);
            int s = r.stratum;
            total[s]++;
            int lastDrug = -1;
            long previous = -1;
            int[] seenEvents = new int[p.length];
            int nEvents = 0;
            for (long pair : p) {
                if (pair == previous) {
                    continue;
                }
                previous = pair;
                int d = (int) (pair >>> 32);
                int e = (int) pair;
                if (d != lastDrug) {
                    drugByStratum[d][s]++;
                    lastDrug = d;
                }
                seenEvents[nEvents++] = e;
                pairCounts.computeIfAbsent(pair, k -> new long[1])[0]++;
            }
            Arrays.sort(seenEvents, 0, nEvents);
            for (int i = 0; i < nEvents; i++) {
                if (i == 0 || seenEvents[i] != seenEvents[i - 1]) {
                    eventByStratum[seenEvents[i]][s]++;
                }
            }
        }
        long n = Arrays.stream(total).sum();
        List<PairCount> out = new ArrayList<>(pairCounts.size());
        for (Map.Entry<Long, long[]> entry : pairCounts.entrySet()) {
            int d = (int) (entry.getKey() >>> 32);
            int e = (int) (long) entry.getKey();
            long nd = Arrays.stream(drugByStratum[d]).sum();
            long ne = Arrays.stream(eventByStratum[e]).sum();
            ContingencyTable t = ContingencyTable.fromMargins(entry.getValue()[0], nd, ne, n);
            double expected = strata == 1 ? t.expected()
                    : Expected.stratified(drugByStratum[d], eventByStratum[e], total);
            out.add(new PairCount(drugs.get(d), events.get(e), t, expected));
        }
        out.sort(Comparator.comparing(PairCount::drug).thenComparing(PairCount::event));
        return out;
    }
}
