package org.kratomwatch.streams.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.avro.RoleFilter;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.mgps.MgpsHyperparameters;
import org.kratomwatch.stats.mgps.MgpsPosterior;
import org.kratomwatch.stats.omega.InteractionCounts;
import org.kratomwatch.stats.omega.Omega;
import org.kratomwatch.stats.score.Measures;
import org.kratomwatch.stats.score.PairScore;
import org.kratomwatch.stats.score.PairScorer;
import org.kratomwatch.streams.count.CountKeys;
import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.score.CountSource.CellCount;
import org.kratomwatch.streams.score.PairTables.Table;

/**
 * Computes signal and interaction records from counts with the batch scorer's own code
 * ({@link PairScorer}, {@link MgpsPosterior}, {@link Omega} from {@code stats}): the streaming
 * scorer, the query API's history and the pipeline's export all call this class, so that there is
 * one implementation of every measure.
 */
public final class SignalComputer {

    private final EngineConfig config;
    private final Map<MgpsHyperparameters, PairScorer> scorers = new LinkedHashMap<>();
    private final PairScorer withoutEbgm;

    public SignalComputer(EngineConfig config) {
        this.config = config;
        this.withoutEbgm = scorer(null);
    }

    public EngineConfig config() {
        return config;
    }

    private PairScorer scorer(MgpsHyperparameters h) {
        PairScorer.Builder b = PairScorer.builder().criteria(config.criteria()).rorCorrection(config.rorCorrection());
        if (h != null) {
            MgpsPosterior posterior = new MgpsPosterior(h);
            b.ebgm(posterior::score);
        }
        return b.build();
    }

    private PairScorer scorerFor(MgpsHyperparameterSet set) {
        if (set == null) {
            return withoutEbgm;
        }
        MgpsHyperparameters h = Hyperparameters.toStats(set.getHyperparameters());
        PairScorer s = scorers.get(h);
        if (s == null) {
            if (scorers.size() > 64) {
                scorers.clear();
            }
            s = scorer(h);
            scorers.put(h, s);
        }
        return s;
    }

    /** The data periods present (cells of {@code N}), oldest first. */
    public static List<String> periods(CountSource counts) {
        TreeSet<String> periods = new TreeSet<>();
        for (CellCount c : counts.cells(CountKeys.TOTAL)) {
            periods.add(c.cell().period());
        }
        return new ArrayList<>(periods);
    }

    /** Periods in scope: up to and including {@code period} (cumulative) or it alone. */
    public static Predicate<String> inScope(Scope scope, String period) {
        return scope == Scope.PERIOD ? period::equals : p -> p.compareTo(period) <= 0;
    }

    /**
     * The 2×2 table and expected count of a pair.
     *
     * @return null when the pair has no counts in scope or the counts are not yet consistent
     */
    public Table table(CountSource counts, PairKey pair, int comparator, Scope scope, String period) {
        List<CellCount> p = counts.cells(pair.coarse());
        if (p.isEmpty()) {
            return null;
        }
        return PairTables.of(p, counts.cells(CountKeys.exposure(pair.exposureKind(), pair.exposure())),
                counts.cells(CountKeys.event(pair.eventKind(), pair.event())), counts.cells(CountKeys.TOTAL), comparator,
                inScope(scope, period), config.stratify());
    }

    /** The measures and verdict of a pair, with EBGM from {@code hyperparameters} (null: none). */
    public PairScore score(Table table, MgpsHyperparameterSet hyperparameters) {
        return scorerFor(hyperparameters).score(table.table(), table.expected());
    }

    /**
     * A signal record without state (NONE) and with empty firstFired; null when the pair has no
     * counts in scope or they are not yet consistent.
     *
     * @param extraRules further rules that fired (e.g. increased-reporting), appended
     */
    public DisproportionalitySignal signal(CountSource counts, PairKey pair, int comparator, Scope scope, String period,
            MgpsHyperparameterSet hyperparameters, List<String> extraRules, long now) {
        Table table = table(counts, pair, comparator, scope, period);
        if (table == null) {
            return null;
        }
        PairScore score = score(table, hyperparameters);
        return record(pair, config.comparators().get(comparator).name(), scope, period, score,
                hyperparameters == null ? null : hyperparameters.getHyperparameters(), extraRules, now);
    }

    private DisproportionalitySignal record(PairKey pair, String comparator, Scope scope, String period,
            PairScore score, org.kratomwatch.avro.MgpsHyperparameters hyper, List<String> extraRules, long now) {
        Measures m = score.measures();
        ContingencyTable t = m.table();
        List<String> fired = new ArrayList<>(score.verdict().fired());
        fired.addAll(extraRules);
        return DisproportionalitySignal.newBuilder()
                .setSubstance(pair.exposure())
                .setEvent(pair.event())
                .setEventKind(pair.avroEventKind())
                .setComparator(comparator)
                .setRoleFilter(RoleFilter.ANY_ROLE)
                .setStratified(config.stratify())
                .setPeriod(period)
                .setScope(scope)
                .setA(t.a()).setB(t.b()).setC(t.c()).setD(t.d()).setN(t.n())
                .setExpected(m.expected())
                .setPrr(m.prr().value()).setPrrLower95(m.prr().lower()).setPrrUpper95(m.prr().upper())
                .setChiSquare(m.chiSquare()).setChiSquareYates(m.chiSquareYates())
                .setRor(m.ror().value()).setRorLower95(m.ror().lower()).setRorUpper95(m.ror().upper())
                .setIc(m.ic().value()).setIc025(m.ic().lower()).setIc975(m.ic().upper())
                .setEbgm(m.ebgm().value()).setEb05(m.ebgm().lower()).setEb95(m.ebgm().upper())
                .setHyperparameters(hyper)
                .setSignalsFired(fired)
                .setFirstFired(new LinkedHashMap<>())
                .setState(SignalState.NONE)
                .setUpdatedAt(java.time.Instant.ofEpochMilli(now))
                .build();
    }

    /**
     * The Ω record of (watched x, co-exposure y, event e), cumulative up to {@code period} over the
     * whole database; null when there are no counts or they are not yet consistent.
     *
     * <p>n111 = T, n11 = C, n101 = P(x,e) − n111, n10 = D(x) − n11, n011 = P(y,e) − n111,
     * n01 = D(y) − n11, n001 = E(e) − P(x,e) − P(y,e) + n111, n00 = N − D(x) − D(y) + n11.
     */
    public InteractionSignal interaction(CountSource counts, TripleKey k, String period, long now) {
        Predicate<String> scope = inScope(Scope.CUMULATIVE, period);
        long n111 = sum(counts.cells(k.coarse()), scope);
        if (n111 == 0) {
            return null;
        }
        long n11 = sum(counts.cells(CountKeys.coExposure(k.kind(), k.watched(), k.otherKind(), k.other())), scope);
        long dx = sum(counts.cells(CountKeys.exposure(k.kind(), k.watched())), scope);
        long dy = sum(counts.cells(CountKeys.exposure(k.otherKind(), k.other())), scope);
        long pxe = sum(counts.cells(CountKeys.pair(k.kind(), k.watched(), k.eventKind(), k.event())), scope);
        long pye = sum(counts.cells(CountKeys.pair(k.otherKind(), k.other(), k.eventKind(), k.event())), scope);
        long ne = sum(counts.cells(CountKeys.event(k.eventKind(), k.event())), scope);
        long n = sum(counts.cells(CountKeys.TOTAL), scope);
        long n101 = pxe - n111;
        long n10 = dx - n11;
        long n011 = pye - n111;
        long n01 = dy - n11;
        long n001 = ne - pxe - pye + n111;
        long n00 = n - dx - dy + n11;
        InteractionCounts ic;
        try {
            ic = new InteractionCounts(n00, n001, n10, n101, n01, n011, n11, n111);
        } catch (IllegalArgumentException inconsistent) {
            return null;
        }
        double g11 = Omega.expectedRateWithBoth(ic);
        Estimate omega = Omega.of(ic);
        return InteractionSignal.newBuilder()
                .setWatchSubstance(k.watched())
                .setCoDrug(k.other())
                .setEvent(k.event())
                .setEventKind(PairKey.avroKind(k.eventKind()))
                .setPeriod(period)
                .setN111(n111).setN11(n11).setN101(n101).setN10(n10).setN011(n011).setN01(n01).setN001(n001)
                .setN00(n00)
                .setG11(g11)
                .setExpected(g11 * n11)
                .setOmega(omega.value()).setOmega025(omega.lower()).setOmega975(omega.upper())
                .setSignal(omega.lower() > 0)
                .setUpdatedAt(java.time.Instant.ofEpochMilli(now))
                .build();
    }

    static long sum(List<CellCount> cells, Predicate<String> periods) {
        long s = 0;
        for (CellCount c : cells) {
            if (periods.test(c.cell().period())) {
                s += c.count();
            }
        }
        return s;
    }

    /** Sum of an exposure's or pair's counts over all cells of one period (comparator all). */
    static long periodSum(List<CellCount> cells, String period) {
        long s = 0;
        for (CellCount c : cells) {
            if (c.cell().period().equals(period)) {
                s += c.count();
            }
        }
        return s;
    }

    /** Whether any cell is in a period. */
    static boolean anyIn(List<CellCount> cells, String period) {
        for (CellCount c : cells) {
            if (c.cell().period().equals(period)) {
                return true;
            }
        }
        return false;
    }

}
