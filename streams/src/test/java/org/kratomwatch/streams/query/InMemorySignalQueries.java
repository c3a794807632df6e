package org.kratomwatch.streams.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameters;
import org.kratomwatch.avro.RoleFilter;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalState;

/**
 * A hand-written {@link SignalQueries} over lists, for tests: what an instance holds, who owns
 * which pair and which instances exist are set directly. Thread-safe enough for the server's
 * request threads (the lists are copy-on-write, the settings volatile).
 */
final class InMemorySignalQueries implements SignalQueries {

    final List<DisproportionalitySignal> signals = new CopyOnWriteArrayList<>();
    final List<DisproportionalitySignal> histories = new CopyOnWriteArrayList<>();
    final List<InteractionSignal> interactions = new CopyOnWriteArrayList<>();
    final Map<String, HostInfo> owners = new ConcurrentHashMap<>();
    final AtomicInteger pairQueries = new AtomicInteger();
    volatile List<HostInfo> instances = List.of();
    volatile HostInfo self;
    volatile boolean healthy = true;
    volatile String state = "RUNNING";
    volatile RuntimeException failure;

    @Override
    public List<DisproportionalitySignal> localSignals() {
        fail();
        return List.copyOf(signals);
    }

    @Override
    public List<DisproportionalitySignal> localSignals(String substance, String event) {
        fail();
        pairQueries.incrementAndGet();
        return signals.stream().filter(s -> s.getSubstance().equals(substance) && s.getEvent().equals(event))
                .toList();
    }

    @Override
    public List<DisproportionalitySignal> history(String substance, String event) {
        fail();
        return histories.stream().filter(s -> s.getSubstance().equals(substance) && s.getEvent().equals(event))
                .toList();
    }

    @Override
    public List<InteractionSignal> localInteractions() {
        fail();
        return List.copyOf(interactions);
    }

    @Override
    public Optional<HostInfo> ownerOf(String substance, String event) {
        return Optional.ofNullable(owners.get(substance + "|" + event));
    }

    @Override
    public List<HostInfo> instances() {
        return instances;
    }

    @Override
    public HostInfo self() {
        return self;
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public String state() {
        return state;
    }

    void owner(String substance, String event, HostInfo host) {
        owners.put(substance + "|" + event, host);
    }

    private void fail() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    static InvalidStateStoreException rebalancing() {
        return new InvalidStateStoreException("store is migrating");
    }

    // ---- records -------------------------------------------------------------------------------

    /** A cumulative result against "all" with the given counts and EB05; other measures simple. */
    static DisproportionalitySignal signal(String substance, String event, EventKind kind, long a, double eb05,
            SignalState state, String... rules) {
        return signal(substance, event, kind, "all", Scope.CUMULATIVE, "2024Q4", a, eb05, state, rules);
    }

    static DisproportionalitySignal signal(String substance, String event, EventKind kind, String comparator,
            Scope scope, String period, long a, double eb05, SignalState state, String... rules) {
        Map<String, String> firstFired = new HashMap<>();
        for (String r : rules) {
            firstFired.put(r, "2023Q1");
        }
        return DisproportionalitySignal.newBuilder()
                .setSubstance(substance)
                .setEvent(event)
                .setEventKind(kind)
                .setComparator(comparator)
                .setRoleFilter(RoleFilter.ANY_ROLE)
                .setStratified(false)
                .setPeriod(period)
                .setScope(scope)
                .setA(a).setB(100).setC(50).setD(10_000).setN(a + 100 + 50 + 10_000)
                .setExpected(1.5)
                .setPrr(a / 2.0).setPrrLower95(a / 4.0).setPrrUpper95(Double.POSITIVE_INFINITY)
                .setChiSquare(4.2).setChiSquareYates(3.9)
                .setRor(a / 1.5).setRorLower95(a / 3.0).setRorUpper95(a * 2.0)
                .setIc(1.0).setIc025(0.5).setIc975(1.5)
                .setEbgm(Double.isNaN(eb05) ? Double.NaN : eb05 + 1)
                .setEb05(eb05)
                .setEb95(Double.isNaN(eb05) ? Double.NaN : eb05 + 2)
                .setHyperparameters(Double.isNaN(eb05) ? null
                        : MgpsHyperparameters.newBuilder().setAlpha1(0.2).setBeta1(0.1).setAlpha2(2.0).setBeta2(4.0)
                                .setP(1.0 / 3).build())
                .setSignalsFired(new ArrayList<>(List.of(rules)))
                .setFirstFired(firstFired)
                .setState(state)
                .setUpdatedAt(Instant.ofEpochMilli(1_735_000_000_000L))
                .build();
    }

    static InteractionSignal interaction(String watch, String coDrug, String event, double omega025) {
        return InteractionSignal.newBuilder()
                .setWatchSubstance(watch)
                .setCoDrug(coDrug)
                .setEvent(event)
                .setEventKind(EventKind.PREFERRED_TERM)
                .setPeriod("2024Q4")
                .setN111(5).setN11(20).setN101(30).setN10(400).setN011(60).setN01(900).setN001(1000).setN00(50_000)
                .setG11(0.05).setExpected(1.0).setOmega(omega025 + 1).setOmega025(omega025).setOmega975(omega025 + 2)
                .setSignal(omega025 > 0)
                .setUpdatedAt(Instant.ofEpochMilli(1_735_000_000_000L))
                .build();
    }
}
