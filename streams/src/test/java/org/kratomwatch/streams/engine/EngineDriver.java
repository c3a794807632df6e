package org.kratomwatch.streams.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.app.StreamsSettings;
import org.kratomwatch.streams.count.CountProcessor;
import org.kratomwatch.streams.replica.CountsReplica;

/** The signal topology in a {@link TopologyTestDriver}, with typed inputs and outputs. */
public final class EngineDriver implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, AdverseEventReport> reports;
    private final TestInputTopic<String, MgpsHyperparameterSet> hyper;
    private final TestOutputTopic<String, DisproportionalitySignal> signals;
    private final TestOutputTopic<String, SignalEvent> events;
    private final TestOutputTopic<String, InteractionSignal> interactions;
    private final Map<String, DisproportionalitySignal> latestSignals = new LinkedHashMap<>();
    private final Map<String, InteractionSignal> latestInteractions = new LinkedHashMap<>();
    private final List<SignalEvent> eventLog = new java.util.ArrayList<>();

    public EngineDriver(Path stateDir, EngineConfig config) {
        Properties p = StreamsSettings.of(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234"), stateDir, 1);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "engine-test");
        driver = new TopologyTestDriver(SignalTopology.build(p, config, new EngineProgress(), 1), p, Instant.parse("2025-01-01T00:00:00Z"));
        reports = driver.createInputTopic(Topics.REPORTS.name(), new StringSerializer(), Topics.REPORTS.valueSerde().serializer());
        hyper = driver.createInputTopic(Topics.HYPERPARAMETERS.name(), new StringSerializer(),
                Topics.HYPERPARAMETERS.valueSerde().serializer());
        signals = driver.createOutputTopic(Topics.SIGNALS.name(), new StringDeserializer(), Topics.SIGNALS.valueSerde().deserializer());
        events = driver.createOutputTopic(Topics.SIGNAL_EVENTS.name(), new StringDeserializer(),
                Topics.SIGNAL_EVENTS.valueSerde().deserializer());
        interactions = driver.createOutputTopic(Topics.INTERACTIONS.name(), new StringDeserializer(),
                Topics.INTERACTIONS.valueSerde().deserializer());
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    public void pipe(AdverseEventReport r) {
        reports.pipeInput(r.getCaseKey(), r);
    }

    public void retract(String caseKey) {
        reports.pipeInput(caseKey, (AdverseEventReport) null);
    }

    public void hyperparameters(MgpsHyperparameterSet set) {
        hyper.pipeInput(Keys.hyperparameters(set), set);
    }

    /**
     * Advances wall-clock time by three scoring rounds (changed pairs, then a full round once the
     * replica is quiet) and collects the outputs.
     */
    public void score() {
        for (int i = 0; i < 3; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        for (KeyValue<String, DisproportionalitySignal> kv : signals.readKeyValuesToList()) {
            if (kv.value == null) {
                latestSignals.remove(kv.key);
            } else {
                latestSignals.put(kv.key, kv.value);
            }
        }
        for (KeyValue<String, InteractionSignal> kv : interactions.readKeyValuesToList()) {
            if (kv.value == null) {
                latestInteractions.remove(kv.key);
            } else {
                latestInteractions.put(kv.key, kv.value);
            }
        }
        eventLog.addAll(events.readValuesToList());
    }

    /** The last record per key on ae.signals.v1 (tombstoned keys removed). */
    public Map<String, DisproportionalitySignal> signals() {
        return latestSignals;
    }

    public Map<String, InteractionSignal> interactions() {
        return latestInteractions;
    }

    public List<SignalEvent> events() {
        return eventLog;
    }

    /** Non-zero counts of a store of fine keys. */
    public Map<String, Long> counts(String store) {
        KeyValueStore<String, Long> s = driver.getKeyValueStore(store);
        Map<String, Long> out = new HashMap<>();
        try (KeyValueIterator<String, Long> it = s.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value != 0) {
                    out.put(kv.key, kv.value);
                }
            });
        }
        return out;
    }

    public Map<String, Long> ownerCounts() {
        return counts(CountProcessor.CELL_COUNTS_STORE);
    }

    public Map<String, Long> replicaCounts() {
        return counts(CountsReplica.STORE);
    }

    @Override
    public void close() {
        driver.close();
    }
}
