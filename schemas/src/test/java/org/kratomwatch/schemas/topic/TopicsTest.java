package org.kratomwatch.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.schemas.Fixtures;
import org.kratomwatch.schemas.serde.AvroSerdes;

class TopicsTest {

    @Test
    void allListsEveryTopicConstantOnceAndNamesAreUnique() throws IllegalAccessException {
        List<Topic<?, ?>> declared = new ArrayList<>();
        for (Field f : Topics.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Topic.class) {
                assertThat(Modifier.isPublic(f.getModifiers()) && Modifier.isFinal(f.getModifiers())).isTrue();
                declared.add((Topic<?, ?>) f.get(null));
            }
        }
        assertThat(Topics.ALL).containsExactlyInAnyOrderElementsOf(declared);
        assertThat(Topics.ALL).extracting(Topic::name).doesNotHaveDuplicates()
                .containsExactly("ae.reports.v1", "ae.quarantine.v1", "ae.signals.v1", "ae.signal-events.v1",
                        "ae.interactions.v1", "ae.dlq.v1", "ae.hyperparameters.v1");
        assertThat(Topics.byName("ae.signals.v1")).containsSame(Topics.SIGNALS);
        assertThat(Topics.byName("ae.nope.v1")).isEmpty();
    }

    @Test
    void compactionFlagsAndRetention() {
        assertThat(Topics.ALL).filteredOn(Topic::compacted).extracting(Topic::name)
                .containsExactlyInAnyOrder("ae.reports.v1", "ae.signals.v1", "ae.interactions.v1",
                        "ae.hyperparameters.v1");
        assertThat(Topics.SIGNALS.config()).containsEntry("cleanup.policy", "compact")
                .containsEntry("delete.retention.ms", Long.toString(Duration.ofDays(7).toMillis()))
                .doesNotContainKey("retention.ms");
        // Map.of iterates in a per-JVM random order: compare as maps, not as ordered entries
        assertThat(Topics.SIGNAL_EVENTS.config()).isEqualTo(Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
        assertThat(Topics.SIGNAL_EVENTS.retention()).isEmpty();
        assertThat(Topics.QUARANTINE.retention()).contains(Duration.ofDays(90));
        assertThat(Topics.DLQ.config()).containsEntry("retention.ms", Long.toString(Duration.ofDays(30).toMillis()));
        for (Topic<?, ?> t : Topics.ALL) {
            assertThat(t.compacted()).isEqualTo(t.config().get("cleanup.policy").equals("compact"));
            assertThat(t.description()).isNotBlank();
            assertThat(t.keyFormat()).isNotBlank();
            assertThat(t.toString()).isEqualTo(t.name());
        }
    }

    @Test
    void serdesAreTheRightOnes() {
        assertThat(Topics.REPORTS.valueSerde()).isSameAs(AvroSerdes.adverseEventReport());
        assertThat(Topics.QUARANTINE.valueSerde()).isSameAs(AvroSerdes.quarantinedRecord());
        assertThat(Topics.SIGNALS.valueSerde()).isSameAs(AvroSerdes.disproportionalitySignal());
        assertThat(Topics.SIGNAL_EVENTS.valueSerde()).isSameAs(AvroSerdes.signalEvent());
        assertThat(Topics.INTERACTIONS.valueSerde()).isSameAs(AvroSerdes.interactionSignal());
        assertThat(Topics.HYPERPARAMETERS.valueSerde()).isSameAs(AvroSerdes.mgpsHyperparameterSet());
        assertThat(Topics.DLQ.keySerde().serializer().serialize("ae.dlq.v1", new byte[] {1, 2}))
                .containsExactly(1, 2);

        // a typed round trip through the topic's own key and value serdes, as a producer and consumer would
        Topic<String, AdverseEventReport> t = Topics.REPORTS;
        AdverseEventReport report = Fixtures.report();
        byte[] key = t.keySerde().serializer().serialize(t.name(), Keys.report(report));
        byte[] value = t.valueSerde().serializer().serialize(t.name(), report);
        assertThat(t.keySerde().deserializer().deserialize(t.name(), key)).isEqualTo(report.getCaseKey());
        assertThat(t.valueSerde().deserializer().deserialize(t.name(), value)).isEqualTo(report);
        assertThat(t.valueSerde().serializer().serialize(t.name(), null)).as("tombstone").isNull();
    }

    @Test
    void invalidTopicsAreRejected() {
        assertThatThrownBy(() -> Topic.log("AE.Reports", Serdes.String(), Serdes.String(), null, "k", "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".v<N>");
        assertThatThrownBy(() -> Topic.log("ae.x.v1", Serdes.String(), Serdes.String(), Duration.ZERO, "k", "d"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Topic<>("ae.x.v1", Serdes.String(), Serdes.String(), true, 1000, "k", "d"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
