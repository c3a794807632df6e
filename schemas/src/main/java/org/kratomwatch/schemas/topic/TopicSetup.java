package org.kratomwatch.schemas.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Creates KratomWatch's topics where they are missing, with the cleanup policy and retention each
 * {@link Topic} declares. Existing topics are left as they are (their partition count is the
 * operator's decision once data is in them).
 *
 * <p>A topic it creates is returned only once every partition's leader serves requests. A broker
 * reports a new partition's leader in its metadata a moment before it can append to it; an
 * idempotent producer whose first batch to the partition meets that moment
 * ({@code NOT_LEADER_OR_FOLLOWER}) while a later batch gets through was seen stuck on
 * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until its delivery timeout (a broker accepts any sequence
 * from a producer it has no state for, so the retried first batch is then out of order).
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /**
     * Ensures every topic exists.
     *
     * @param clientConfig      bootstrap servers and security settings for the admin client
     * @param topics            the topics
     * @param partitions        partitions of a new topic
     * @param replicationFactor replication factor of a new topic (1 on a single broker)
     * @return the names of the topics that were created
     */
    public static List<String> ensure(Map<String, Object> clientConfig, Collection<Topic<?, ?>> topics, int partitions,
            short replicationFactor) {
        try (Admin admin = Admin.create(clientConfig)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> t : topics) {
                if (!existing.contains(t.name())) {
                    missing.add(new NewTopic(t.name(), partitions, replicationFactor).configs(t.config()));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException e) {
            throw new KafkaException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot reach Kafka at " + clientConfig.get("bootstrap.servers") + " (timed out)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topics", e);
        }
    }

    /**
     * Ensures a topic that is not one of {@link Topics} exists (an application's internal topic
     * created ahead of Kafka Streams), with the given configuration, and that it has leaders.
     *
     * @return true when it was created
     */
    public static boolean ensureNamed(Map<String, Object> clientConfig, String name, int partitions, short replicationFactor,
            Map<String, String> configs) {
        try (Admin admin = Admin.create(clientConfig)) {
            boolean created = false;
            if (!admin.listTopics().names().get(60, TimeUnit.SECONDS).contains(name)) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, replicationFactor).configs(configs))).all()
                            .get(60, TimeUnit.SECONDS);
                    created = true;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, List.of(name));
            return created;
        } catch (ExecutionException e) {
            throw new KafkaException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot reach Kafka at " + clientConfig.get("bootstrap.servers") + " (timed out)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topic " + name, e);
        }
    }

    /**
     * Waits until every partition of the topics answers a list-offsets request, which only its
     * leader's replica manager can answer; retries while the topics are unknown or leaderless. A
     * producer that writes before then gets NOT_LEADER_OR_FOLLOWER, and an idempotent producer's
     * retries after that were seen here to fall into an OUT_OF_ORDER_SEQUENCE_NUMBER loop until its
     * delivery timeout (Kafka 4.4, one broker under load).
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws ExecutionException, InterruptedException,
            TimeoutException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS).values()) {
                    d.partitions().forEach(p -> partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
                }
                admin.listOffsets(partitions).all().get(60, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
