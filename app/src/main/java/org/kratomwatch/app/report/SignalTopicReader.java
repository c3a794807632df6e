package org.kratomwatch.app.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.schemas.topic.Topics;

/**
 * Reads the engine's output topics, {@code ae.signals.v1} and {@code ae.interactions.v1}, from
 * their beginning: the last record of each key is the current one (a tombstone removes the key),
 * and every record read is history. The topics are compacted, so the history holds what
 * compaction has not yet removed; the query API ({@link QueryApiReader}) gives every period.
 */
public final class SignalTopicReader {

    private SignalTopicReader() {
    }

    public static EngineRecords read(Map<String, Object> client, Duration timeout) {
        Map<String, DisproportionalitySignal> current = new TreeMap<>();
        List<DisproportionalitySignal> history = new ArrayList<>();
        TopicSnapshot.Position signals = TopicSnapshot.read(client, Topics.SIGNALS, timeout, (key, value) -> {
            if (value == null) {
                current.remove(key);
            } else {
                current.put(key, value);
                history.add(value);
            }
        });
        List<InteractionSignal> interactions = new ArrayList<>();
        Map<String, InteractionSignal> currentOmega = new TreeMap<>();
        TopicSnapshot.Position omega = TopicSnapshot.read(client, Topics.INTERACTIONS, timeout, (key, value) -> {
            if (value == null) {
                currentOmega.remove(key);
            } else {
                currentOmega.put(key, value);
                interactions.add(value);
            }
        });
        return new EngineRecords(new ArrayList<>(current.values()), history, true, interactions,
                "Kafka topics at " + client.get("bootstrap.servers"), List.of(signals.describe(), omega.describe()));
    }
}
