package org.kratomwatch.report.cases;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.AgeBand;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.report.table.PairKey;
import org.kratomwatch.schemas.AgeBands;

/**
 * Builds {@link CaseSeries} from the anonymized reports of {@code ae.reports.v1}, counting cases
 * the way the engine does, so that each series adds up to the signal's {@code a}: the latest
 * version of each case (an older version arriving later is ignored), a retraction (tombstone)
 * removes the case for good, exposure in any drug role, a substance or a group the drug belongs
 * to ({@code Drug.substanceGroups}), a term group matching any of its preferred terms, data periods
 * up to the report period.
 *
 * <p>Memory: one entry per case read (its key and version), and a few small fields for the cases
 * of the tracked pairs only.
 */
public final class CaseSeriesCollector {

    /** Co-reported substances listed per series; the rest are counted. */
    public static final int TOP_CO_SUBSTANCES = 10;

    private static final String NONE_REPORTED = "none reported";

    private final List<PairKey> pairs;
    private final String period;
    private final Function<String, Set<String>> groupsOfTerm;
    private final Map<String, Entry> cases = new HashMap<>();

    /** What is kept of a case: its version, and for cases of a tracked pair the aggregated fields. */
    private record Entry(long version, Facts facts) {
    }

    private record Facts(BitSet pairs, AgeBand ageBand, Sex sex, List<Outcome> outcomes, String dataPeriod,
            List<Set<String>> coSubstances) {
    }

    /**
     * @param pairs        the signals to build series for
     * @param period       the report period {@code YYYYQn}: cases of later data periods are left out
     * @param groupsOfTerm the term groups a normalized preferred term belongs to (the engine's
     *                     configured groups)
     */
    public CaseSeriesCollector(Collection<PairKey> pairs, String period, Function<String, Set<String>> groupsOfTerm) {
        this.pairs = List.copyOf(new TreeSet<>(pairs));
        this.period = Objects.requireNonNull(period, "period");
        this.groupsOfTerm = Objects.requireNonNull(groupsOfTerm, "groupsOfTerm");
    }

    /** The pairs tracked, in key order. */
    public List<PairKey> pairs() {
        return pairs;
    }

    /**
     * One record of the reports topic.
     *
     * @param caseKey the record's key
     * @param report  the report, or null for a tombstone (the case is retracted)
     */
    public void accept(String caseKey, AdverseEventReport report) {
        Entry old = cases.get(caseKey);
        if (report == null) {
            cases.put(caseKey, new Entry(Long.MAX_VALUE, null)); // retracted: cannot come back
            return;
        }
        if (old != null && old.version() >= report.getCaseVersion()) {
            return;
        }
        cases.put(caseKey, new Entry(report.getCaseVersion(), facts(report)));
    }

    private Facts facts(AdverseEventReport r) {
        if (r.getDataPeriod().compareTo(period) > 0) {
            return null;
        }
        BitSet matched = new BitSet(pairs.size());
        List<Set<String>> co = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            PairKey p = pairs.get(i);
            if (exposed(r, p.substance()) && hasEvent(r, p)) {
                matched.set(i);
                co.add(coSubstances(r, p.substance()));
            }
        }
        if (matched.isEmpty()) {
            return null;
        }
        return new Facts(matched, r.getAgeBand(), r.getSex(), List.copyOf(r.getOutcomes()), r.getDataPeriod(), co);
    }

    private static boolean exposed(AdverseEventReport r, String substance) {
        for (Drug d : r.getDrugs()) {
            if (isExposure(d, substance)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isExposure(Drug d, String substance) {
        return substance.equals(d.getSubstance()) || d.getSubstanceGroups().contains(substance);
    }

    private boolean hasEvent(AdverseEventReport r, PairKey p) {
        for (String term : r.getReactions()) {
            if (p.eventKind() == EventKind.TERM_GROUP ? groupsOfTerm.apply(term).contains(p.event())
                    : term.equals(p.event())) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> coSubstances(AdverseEventReport r, String substance) {
        Set<String> co = new TreeSet<>();
        for (Drug d : r.getDrugs()) {
            if (d.getSubstance() != null && !isExposure(d, substance)) {
                co.add(d.getSubstance());
            }
        }
        return co;
    }

    /** The series of every tracked pair that has at least one case, in key order. */
    public List<CaseSeries> result() {
        List<CaseSeries> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            long n = 0;
            Map<AgeBand, Long> age = new EnumMap<>(AgeBand.class);
            Map<Sex, Long> sex = new EnumMap<>(Sex.class);
            Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
            long noOutcome = 0;
            Map<String, Long> co = new TreeMap<>();
            Map<String, Long> byPeriod = new TreeMap<>();
            for (Entry e : cases.values()) {
                Facts f = e.facts();
                if (f == null || !f.pairs().get(i)) {
                    continue;
                }
                n++;
                age.merge(f.ageBand(), 1L, Long::sum);
                sex.merge(f.sex(), 1L, Long::sum);
                for (Outcome o : f.outcomes()) {
                    outcomes.merge(o, 1L, Long::sum);
                }
                noOutcome += f.outcomes().isEmpty() ? 1 : 0;
                byPeriod.merge(f.dataPeriod(), 1L, Long::sum);
                int slot = f.pairs().get(0, i + 1).cardinality() - 1; // index among this case's matched pairs
                for (String s : f.coSubstances().get(slot)) {
                    co.merge(s, 1L, Long::sum);
                }
            }
            if (n == 0) {
                continue;
            }
            Map<String, Long> ageLabels = new LinkedHashMap<>();
            age.forEach((band, c) -> ageLabels.put(AgeBands.label(band), c));
            Map<String, Long> sexLabels = new LinkedHashMap<>();
            sex.forEach((s, c) -> sexLabels.put(s.name().toLowerCase(java.util.Locale.ROOT), c));
            Map<String, Long> outcomeLabels = new LinkedHashMap<>();
            outcomes.forEach((o, c) -> outcomeLabels.put(label(o), c));
            if (noOutcome > 0) {
                outcomeLabels.put(NONE_REPORTED, noOutcome);
            }
            List<Map.Entry<String, Long>> ranked = new ArrayList<>(co.entrySet());
            ranked.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            Map<String, Long> top = new LinkedHashMap<>();
            ranked.stream().limit(TOP_CO_SUBSTANCES).forEach(en -> top.put(en.getKey(), en.getValue()));
            out.add(new CaseSeries(pairs.get(i), n, ageLabels, sexLabels, outcomeLabels, top,
                    Math.max(0, ranked.size() - TOP_CO_SUBSTANCES), byPeriod));
        }
        return out;
    }

    /** {@code LIFE_THREATENING} → {@code life-threatening}, {@code OTHER_SERIOUS} → {@code other serious}. */
    static String label(Outcome o) {
        return switch (o) {
            case LIFE_THREATENING -> "life-threatening";
            case REQUIRED_INTERVENTION -> "required intervention";
            case CONGENITAL_ANOMALY -> "congenital anomaly";
            case OTHER_SERIOUS -> "other serious";
            case UNKNOWN -> "other (unknown code)";
            default -> o.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
