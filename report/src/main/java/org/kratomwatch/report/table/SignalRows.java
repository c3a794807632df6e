package org.kratomwatch.report.table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.Scope;

/**
 * The signal table of a report: records grouped into {@link PairRow}s and sorted by strength.
 *
 * <p><b>Strength</b>, strongest first: more rules firing (whole-database comparator), then higher
 * EB05, higher IC025, higher ROR025 (undefined values last), more cases, then by substance and
 * event so that equal rows always come in the same order. Lower limits lead because they are what
 * the rules test: a large estimate from three cases is weaker evidence than a moderate one from
 * three hundred.
 */
public final class SignalRows {

    /** The whole-database comparator. */
    public static final String ALL = "all";

    /** Strongest first; see the class documentation. */
    public static final Comparator<PairRow> STRENGTH = Comparator
            .comparingInt((PairRow r) -> -r.primary().getSignalsFired().size())
            .thenComparing(r -> r.primary().getEb05(), SignalRows::descendingNaNLast)
            .thenComparing(r -> r.primary().getIc025(), SignalRows::descendingNaNLast)
            .thenComparing(r -> r.primary().getRorLower95(), SignalRows::descendingNaNLast)
            .thenComparingLong(r -> -r.primary().getA())
            .thenComparing(PairRow::key);

    private SignalRows() {
    }

    /** The comparators named in the records, {@code all} first, the others by name. */
    public static List<String> comparators(Collection<DisproportionalitySignal> records) {
        TreeSet<String> names = new TreeSet<>();
        records.forEach(s -> names.add(s.getComparator()));
        List<String> out = new ArrayList<>();
        if (names.remove(ALL)) {
            out.add(ALL);
        }
        out.addAll(names);
        return out;
    }

    /** The rows of the cumulative records of {@code period}, strongest first. */
    public static List<PairRow> rows(Collection<DisproportionalitySignal> records, String period) {
        Map<PairKey, Map<String, DisproportionalitySignal>> byPair = new TreeMap<>();
        for (DisproportionalitySignal s : unique(records)) {
            if (s.getScope() == Scope.CUMULATIVE && s.getPeriod().equals(period)) {
                byPair.computeIfAbsent(PairKey.of(s), k -> new LinkedHashMap<>()).put(s.getComparator(), s);
            }
        }
        List<PairRow> rows = new ArrayList<>();
        byPair.forEach((k, v) -> rows.add(new PairRow(k, v)));
        rows.sort(STRENGTH);
        return rows;
    }

    /**
     * The rows a reader needs to see: every term group, and every pair for which a rule fires or
     * fired before under any comparator. The others are only in the CSV.
     */
    public static List<PairRow> shown(List<PairRow> rows) {
        return rows.stream().filter(r -> r.key().group() || r.everSignalled()).toList();
    }

    /**
     * One record per (pair, comparator, scope, period): where the input repeats one (a topic read
     * from its beginning holds every version), the one computed last wins, ties broken by content
     * so that the choice never depends on input order.
     */
    public static List<DisproportionalitySignal> unique(Collection<DisproportionalitySignal> records) {
        Map<String, DisproportionalitySignal> latest = new TreeMap<>();
        for (DisproportionalitySignal s : records) {
            String key = s.getSubstance() + "\u0000" + s.getEventKind() + "\u0000" + s.getEvent() + "\u0000"
                    + s.getComparator() + "\u0000" + s.getScope() + "\u0000" + s.getPeriod();
            latest.merge(key, s, (a, b) -> {
                int c = a.getUpdatedAt().compareTo(b.getUpdatedAt());
                if (c != 0) {
                    return c > 0 ? a : b;
                }
                return a.toString().compareTo(b.toString()) >= 0 ? a : b;
            });
        }
        return new ArrayList<>(latest.values());
    }

    /** Descending order with NaN after every number. */
    static int descendingNaNLast(double x, double y) {
        boolean nx = Double.isNaN(x);
        boolean ny = Double.isNaN(y);
        if (nx || ny) {
            return nx == ny ? 0 : nx ? 1 : -1;
        }
        return Double.compare(y, x);
    }
}
