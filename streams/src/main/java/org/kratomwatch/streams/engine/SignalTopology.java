package org.kratomwatch.streams.engine;

import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.count.BatchPartitioner;
import org.kratomwatch.streams.count.CellDeltaBatch;
import org.kratomwatch.streams.count.CountProcessor;
import org.kratomwatch.streams.count.LatestVersionProcessor;
import org.kratomwatch.streams.replica.CountsReplica;
import org.kratomwatch.streams.score.SignalScorer;

/**
 * The signal engine's topology.
 *
 * <pre>
 * ae.reports.v1 ─ latest-version ─▶ count-deltas (repartition by coarse count key)
 *   ─ count-cells ─┬ cell-counts store ─ changelog ─▶ counts-replica (global store, every instance)
 *                  └ score-signals (wall-clock punctuation) ─┬▶ ae.signals.v1
 *                                                            ├▶ ae.signal-events.v1
 *                                                            └▶ ae.interactions.v1
 * ae.hyperparameters.v1 ─▶ hyperparameters (global store)
 * </pre>
 *
 * {@code latest-version} keeps each case's latest version and turns its changes into ±1 count
 * deltas; {@code count-cells} sums them exactly per cell; {@code score-signals} scores the watched
 * pairs and triples its task owns from the replica. Every operator, store and internal topic is
 * named.
 */
public final class SignalTopology {

    private SignalTopology() {
    }

    /**
     * @param progress        shared by the global stores and the scorers of one {@code KafkaStreams}
     *                        instance (scorers skip rounds when nothing changed)
     * @param countPartitions partitions of the counting stage (the {@code count-deltas} topic and the
     *                        counts changelog); every instance must use the same number
     */
    public static Topology build(Properties props, EngineConfig config, EngineProgress progress, int countPartitions) {
        final StreamsBuilder builder = new StreamsBuilder();
        // Caching: a key written many times between two commits costs one RocksDB write and one
        // changelog record (the counts replica reads cell-counts' changelog).
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LatestVersionProcessor.LATEST_STORE),
                Serdes.String(), Topics.REPORTS.valueSerde()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LatestVersionProcessor.RETRACTED_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CountProcessor.CELL_COUNTS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CountProcessor.WATCHED_KEYS_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SignalScorer.SIGNALS_STORE),
                Serdes.String(), Topics.SIGNALS.valueSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SignalScorer.PREVIOUS_STORE),
                Serdes.String(), Topics.SIGNALS.valueSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SignalScorer.INTERACTIONS_STORE),
                Serdes.String(), Topics.INTERACTIONS.valueSerde()));
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CountsReplica.STORE), Serdes.String(), Serdes.Long())
                        .withLoggingDisabled(),
                CountsReplica.topic(applicationId(props)), Consumed.with(Serdes.String(), Serdes.Long())
                        .withName("counts-replica-source"),
                () -> new CountsReplica.Updater<>(CountsReplica.STORE, progress.replicaVersion(), progress.countsVersion()));
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SignalScorer.HYPERPARAMETERS_STORE),
                        Serdes.String(), Topics.HYPERPARAMETERS.valueSerde()).withLoggingDisabled(),
                Topics.HYPERPARAMETERS.name(), Consumed.with(Topics.HYPERPARAMETERS.keySerde(), Topics.HYPERPARAMETERS.valueSerde())
                        .withName("hyperparameters-source"),
                () -> new CountsReplica.Updater<>(SignalScorer.HYPERPARAMETERS_STORE, progress.replicaVersion()));

        final KStream<String, Long> watchedChanges = builder
                .stream(Topics.REPORTS.name(), Consumed.with(Topics.REPORTS.keySerde(), Topics.REPORTS.valueSerde())
                        .withName("reports-source"))
                .process(() -> new LatestVersionProcessor(config, countPartitions), Named.as("latest-version"),
                        LatestVersionProcessor.LATEST_STORE, LatestVersionProcessor.RETRACTED_STORE)
                .repartition(Repartitioned.with(Serdes.String(), CellDeltaBatch.serde()).withName("count-deltas")
                        .withNumberOfPartitions(countPartitions)
                        .withStreamPartitioner(new BatchPartitioner(countPartitions)))
                .process(CountProcessor::new, Named.as("count-cells"), CountProcessor.CELL_COUNTS_STORE,
                        CountProcessor.WATCHED_KEYS_STORE);
        final KStream<String, SpecificRecord> results = watchedChanges.process(
                () -> new SignalScorer(config, progress), Named.as("score-signals"),
                CountProcessor.WATCHED_KEYS_STORE, CountProcessor.CELL_COUNTS_STORE, SignalScorer.SIGNALS_STORE,
                SignalScorer.PREVIOUS_STORE, SignalScorer.INTERACTIONS_STORE);
        results.split(Named.as("results-"))
                .branch((k, v) -> v instanceof DisproportionalitySignal || v == null && isSignalKey(k),
                        Branched.withConsumer(s -> s.mapValues(v -> (DisproportionalitySignal) v, Named.as("as-signal"))
                                .to(Topics.SIGNALS.name(), Produced.with(Topics.SIGNALS.keySerde(), Topics.SIGNALS.valueSerde())
                                        .withName("signals-sink")), "signals"))
                .branch((k, v) -> v instanceof SignalEvent,
                        Branched.withConsumer(s -> s.mapValues(v -> (SignalEvent) v, Named.as("as-signal-event"))
                                .to(Topics.SIGNAL_EVENTS.name(), Produced.with(Topics.SIGNAL_EVENTS.keySerde(),
                                        Topics.SIGNAL_EVENTS.valueSerde()).withName("signal-events-sink")), "signal-events"))
                .branch((k, v) -> v instanceof InteractionSignal || v == null,
                        Branched.withConsumer(s -> s.mapValues(v -> (InteractionSignal) v, Named.as("as-interaction"))
                                .to(Topics.INTERACTIONS.name(), Produced.with(Topics.INTERACTIONS.keySerde(),
                                        Topics.INTERACTIONS.valueSerde()).withName("interactions-sink")), "interactions"));
        return builder.build(props);
    }

    /** Signal keys have five parts, interaction keys four: how tombstones find their topic. */
    static boolean isSignalKey(String key) {
        return key != null && Keys.split(key).size() == 5;
    }

    /** Topics the engine reads and writes besides its internal ones. */
    public static List<String> externalTopics() {
        return List.of(Topics.REPORTS.name(), Topics.HYPERPARAMETERS.name(), Topics.SIGNALS.name(),
                Topics.SIGNAL_EVENTS.name(), Topics.INTERACTIONS.name(), Topics.DLQ.name());
    }

    private static String applicationId(Properties props) {
        String id = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        if (id == null) {
            throw new IllegalArgumentException(StreamsConfig.APPLICATION_ID_CONFIG + " is required: it names the counts topic");
        }
        return id;
    }
}
