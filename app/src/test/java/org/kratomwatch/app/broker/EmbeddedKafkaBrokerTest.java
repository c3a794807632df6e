package org.kratomwatch.app.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker is a real Kafka: records round-trip, and its data survives a restart. */
class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void recordsRoundTripAndSurviveARestart() throws Exception {
        String bootstrap;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir)) {
            bootstrap = broker.bootstrapServers();
            assertThat(bootstrap).startsWith("127.0.0.1:");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                    "acks", "all", "enable.idempotence", "true"), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    p.send(new ProducerRecord<>("t", "k" + i, "v" + i)).get();
                }
            }
            assertThat(consumeAll(bootstrap, "t", 10)).hasSize(10);
        }
        // Same folder, new broker (port may differ): the records are still there.
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(dir)) {
            List<ConsumerRecord<String, String>> records = consumeAll(again.bootstrapServers(), "t", 10);
            assertThat(records).extracting(ConsumerRecord::value).contains("v0", "v9");
        }
    }

    static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic, int expected) {
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("group.id", "test-" + System.nanoTime());
        c.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
