package org.kratomwatch.schemas.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;

/**
 * Creates KratomWatch's topics where they are missing, with the cleanup policy and retention each
 * {@link Topic} declares. Existing topics are left as they are (their partition count is the
 * operator's decision once data is in them).
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
}
