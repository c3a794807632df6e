package org.kratomwatch.app.report;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.report.cases.CaseSeries;
import org.kratomwatch.report.cases.CaseSeriesCollector;
import org.kratomwatch.report.model.Provenance;
import org.kratomwatch.report.model.ReportModel;
import org.kratomwatch.report.table.PairKey;
import org.kratomwatch.report.table.PairRow;
import org.kratomwatch.report.table.SignalRows;
import org.kratomwatch.schemas.AvroTrust;
import org.kratomwatch.schemas.Periods;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.count.TermGroups;
import org.kratomwatch.streams.signal.SignalStates;

/**
 * Builds the {@link ReportModel} of one period from a running engine, for {@code kratomwatch
 * report} and for the demo ({@code PeriodicReport.write(PeriodicReports.fromQueryApi(...), dir,
 * formats)}).
 *
 * <p>The period's records are the engine's current ones when they are of that period; for an
 * earlier period they are the pair's history at that period. History from the query API carries
 * no life-cycle state, so the state and first firing of an earlier period are derived from the
 * history with the engine's own {@link SignalStates} (without the increased-reporting rule, which
 * the history does not evaluate); history from the topics carries the engine's state as written.
 * Case series come from the anonymized reports on {@code ae.reports.v1} when Kafka is given.
 */
public final class PeriodicReports {

    static {
        AvroTrust.install(); // copying and building generated records resolves their classes through Avro
    }

    /** The default time allowed for each request or read. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private PeriodicReports() {
    }

    /**
     * The model of {@code period} (null: the engine's latest) from the query API at {@code api}, with
     * case series read from Kafka when {@code kafka} (client settings) is not null.
     */
    public static ReportModel fromQueryApi(URI api, String period, Map<String, Object> kafka) {
        return model(new QueryApiReader(api, TIMEOUT).read(), period, kafka, s -> true);
    }

    /** The model of {@code period} (null: the latest) from the engine's topics, case series included. */
    public static ReportModel fromTopics(Map<String, Object> kafka, String period) {
        return model(SignalTopicReader.read(kafka, TIMEOUT), period, kafka, s -> true);
    }

    /**
     * The model of a period from records already read.
     *
     * @param kafka      client settings for reading {@code ae.reports.v1}, or null for no case series
     * @param substances which watch substances the report covers
     */
    public static ReportModel model(EngineRecords engine, String period, Map<String, Object> kafka,
            Predicate<String> substances) {
        List<DisproportionalitySignal> current = engine.current().stream().filter(s -> substances.test(s.getSubstance())).toList();
        List<DisproportionalitySignal> history = engine.history().stream().filter(s -> substances.test(s.getSubstance())).toList();
        String latest = current.stream().map(DisproportionalitySignal::getPeriod).max(String::compareTo)
                .orElseThrow(() -> new UserInputException("the engine holds no signal records"
                        + (engine.current().isEmpty() ? " yet" : " for these substances")));
        String p = period == null ? latest : period;
        if (!Periods.isPeriod(p)) {
            throw new UserInputException("--period: expected a quarter like 2024Q4, got '" + p + "'");
        }
        if (p.compareTo(latest) > 0) {
            throw new UserInputException("no data for " + p + " yet: the engine's latest period is " + latest);
        }
        List<DisproportionalitySignal> atPeriod = recordsAt(current, history, p, engine.historyHasStates());
        if (atPeriod.isEmpty()) {
            throw new UserInputException("the engine holds no records for " + p
                    + (engine.historyHasStates() ? " (the compacted topic may no longer hold that period; read it with --from-api)" : ""));
        }
        List<InteractionSignal> interactions = engine.interactions().stream()
                .filter(s -> substances.test(s.getWatchSubstance())).toList();
        List<String> inputs = new ArrayList<>(engine.inputs());
        List<CaseSeries> caseSeries = null;
        if (kafka != null) {
            List<PairKey> shown = SignalRows.shown(SignalRows.rows(atPeriod, p)).stream().map(PairRow::key).toList();
            CaseSeriesCollector collector = new CaseSeriesCollector(shown, p, TermGroups.defaults()::groupsOf);
            TopicSnapshot.Position reports = TopicSnapshot.read(kafka, Topics.REPORTS, TIMEOUT, collector::accept);
            inputs.add(reports.describe());
            caseSeries = collector.result();
        }
        String headline = current.stream().anyMatch(s -> s.getSubstance().equals(ReportModel.KRATOM_RELATED))
                ? ReportModel.KRATOM_RELATED : current.stream().map(DisproportionalitySignal::getSubstance).sorted()
                        .findFirst().orElse(ReportModel.KRATOM_RELATED);
        return new ReportModel(p, new Provenance(engine.source(), inputs, software()), headline, atPeriod, history,
                interactions, caseSeries);
    }

    /** The software's version, from the jar manifest ({@code development} when run from classes). */
    public static String software() {
        String v = PeriodicReports.class.getPackage().getImplementationVersion();
        return "kratomwatch " + (v == null ? "development" : v);
    }

    /** Each key's record at {@code period}: the current one when it is of that period, else its history's. */
    static List<DisproportionalitySignal> recordsAt(List<DisproportionalitySignal> current,
            List<DisproportionalitySignal> history, String period, boolean historyHasStates) {
        Map<String, List<DisproportionalitySignal>> byKey = new TreeMap<>();
        for (DisproportionalitySignal s : SignalRows.unique(history)) {
            byKey.computeIfAbsent(key(s), k -> new ArrayList<>()).add(s);
        }
        Map<String, DisproportionalitySignal> currentByKey = new TreeMap<>();
        current.forEach(s -> currentByKey.put(key(s), s));
        List<String> keys = new ArrayList<>(byKey.keySet());
        currentByKey.keySet().stream().filter(k -> !byKey.containsKey(k)).forEach(keys::add);
        List<DisproportionalitySignal> out = new ArrayList<>();
        for (String k : keys) {
            DisproportionalitySignal cur = currentByKey.get(k);
            if (cur != null && cur.getPeriod().equals(period)) {
                out.add(cur);
                continue;
            }
            List<DisproportionalitySignal> h = byKey.getOrDefault(k, List.of());
            h.sort((a, b) -> a.getPeriod().compareTo(b.getPeriod()));
            DisproportionalitySignal at = h.stream().filter(s -> s.getPeriod().equals(period)).findFirst().orElse(null);
            if (at == null) {
                continue;
            }
            out.add(historyHasStates || at.getScope() != Scope.CUMULATIVE ? at : withLifeCycle(h, period));
        }
        return out;
    }

    /**
     * The record of {@code period} with the state and first firing the engine would have given it,
     * replaying the periods up to it through {@link SignalStates}.
     */
    static DisproportionalitySignal withLifeCycle(List<DisproportionalitySignal> periods, String period) {
        SignalStates states = new SignalStates();
        Map<String, String> firstFired = new LinkedHashMap<>();
        SignalStates.Snapshot previous = SignalStates.Snapshot.NOTHING;
        SignalState state = SignalState.NONE;
        DisproportionalitySignal at = null;
        for (DisproportionalitySignal s : periods) {
            if (s.getPeriod().compareTo(period) > 0) {
                break;
            }
            SignalStates.Snapshot now = SignalStates.Snapshot.of(s);
            state = states.next(previous, now, SignalStates.FirstFired.firedBefore(firstFired, s.getPeriod()));
            firstFired = new LinkedHashMap<>(SignalStates.FirstFired.update(firstFired, s.getSignalsFired(), s.getPeriod()));
            previous = now;
            at = s;
        }
        return DisproportionalitySignal.newBuilder(at).setState(state).setFirstFired(new LinkedHashMap<>(firstFired)).build();
    }

    private static String key(DisproportionalitySignal s) {
        return s.getSubstance() + "\u0000" + s.getEventKind() + "\u0000" + s.getEvent() + "\u0000" + s.getComparator()
                + "\u0000" + s.getScope();
    }
}
