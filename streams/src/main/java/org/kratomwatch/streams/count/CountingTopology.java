package org.kratomwatch.streams.count;

import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.kratomwatch.schemas.topic.Topics;

/**
 * The counting core of the streaming engine: reports → latest version per case → count deltas →
 * repartitioned by count key → exact sums in the {@value #COUNTS_STORE} store. Every operator,
 * store and internal topic is named.
 */
public final class CountingTopology {

    /** The store of exact counts by count key ({@link CountKeys}). */
    public static final String COUNTS_STORE = "counts";

    private CountingTopology() {
    }

    /** With the bundled term groups. */
    public static Topology build(Properties props) {
        return build(props, TermGroups.defaults());
    }

    public static Topology build(Properties props, TermGroups groups) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LatestVersionProcessor.LATEST_STORE),
                Serdes.String(), Topics.REPORTS.valueSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LatestVersionProcessor.RETRACTED_STORE),
                Serdes.String(), Serdes.Long()));
        builder.stream(Topics.REPORTS.name(), Consumed.with(Topics.REPORTS.keySerde(), Topics.REPORTS.valueSerde())
                        .withName("reports-source"))
                .process(() -> new LatestVersionProcessor(groups), Named.as("latest-version"), LatestVersionProcessor.LATEST_STORE,
                        LatestVersionProcessor.RETRACTED_STORE)
                .repartition(Repartitioned.with(Serdes.String(), Serdes.Long()).withName("count-deltas"))
                .groupByKey(Grouped.with("count-deltas-grouped", Serdes.String(), Serdes.Long()))
                .reduce(Long::sum, Named.as("sum-count-deltas"),
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(COUNTS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
        return builder.build(props);
    }
}
