package org.kratomwatch.report.table;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.kratomwatch.avro.DisproportionalitySignal;

/**
 * One row of the signal table: a pair's cumulative records at the report period, one per
 * comparator, so that the comparator variants (e.g. opioid reports excluded, against masking)
 * stand side by side.
 *
 * @param key     the pair
 * @param records comparator name → record; {@code all} when present is the primary one
 */
public record PairRow(PairKey key, Map<String, DisproportionalitySignal> records) {

    public PairRow {
        Objects.requireNonNull(key, "key");
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a row needs at least one record: " + key);
        }
        records = Collections.unmodifiableSortedMap(new TreeMap<>(records));
    }

    /** The record of the whole-database comparator {@code all}, else of the first comparator by name. */
    public DisproportionalitySignal primary() {
        DisproportionalitySignal all = records.get(SignalRows.ALL);
        return all != null ? all : records.values().iterator().next();
    }

    /** The record of a comparator, or null. */
    public DisproportionalitySignal get(String comparator) {
        return records.get(comparator);
    }

    /** True when a rule fires now, or fired in an earlier period, for any comparator. */
    public boolean everSignalled() {
        for (DisproportionalitySignal s : records.values()) {
            if (!s.getSignalsFired().isEmpty() || !s.getFirstFired().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The first period any rule fired for this comparator's record ({@code firstFired}), or null. */
    public static String firstSignalled(DisproportionalitySignal s) {
        if (s == null) {
            return null;
        }
        String first = null;
        for (CharSequence p : s.getFirstFired().values()) {
            String period = p.toString();
            if (first == null || period.compareTo(first) < 0) {
                first = period;
            }
        }
        return first;
    }

    /** The rules firing for a record, in the engine's order. */
    public static List<String> fired(DisproportionalitySignal s) {
        return s == null ? List.of() : s.getSignalsFired().stream().map(CharSequence::toString).toList();
    }
}
