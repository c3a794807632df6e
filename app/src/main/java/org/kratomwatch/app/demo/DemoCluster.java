package org.kratomwatch.app.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.streams.KafkaStreams;
import org.kratomwatch.app.broker.EmbeddedKafkaBroker;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.schemas.topic.Topic;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.app.SignalEngine;
import org.kratomwatch.streams.engine.EngineConfig;

/**
 * The demo's own Kafka: a broker in this JVM whose data folder is formatted once and kept, and the
 * streaming engine on it; closed in the order that loses nothing (query API and streams, then the
 * broker) by the demo or by its Ctrl-C hook, whichever comes first.
 *
 * <p>Every run starts from empty topics: the previous run's topics, consumer groups and Kafka
 * Streams state are deleted when the engine is about to start, and the engine runs under an
 * application id of its own, so that a second demo in the same folder counts its own reports only
 * (and signals emerge again) instead of adding them to the first run's. The broker's own metadata,
 * and so its formatting, stay.
 *
 * <p>A lock file keeps a second demo from starting on a folder a running one uses (Kafka would
 * refuse the log folder with a less helpful message).
 */
final class DemoCluster implements AutoCloseable {

    /** Application ids (so consumer groups and internal topics) of demo runs start with this. */
    static final String APPLICATION_ID_PREFIX = "kratomwatch-demo-";
    /** How long a clean stop may take before the Ctrl-C hook gives up waiting (streams close within 30 s). */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private EmbeddedKafkaBroker broker;
    private volatile SignalEngine engine;
    private boolean closed;

    private DemoCluster(Path dataDir, FileChannel lockChannel, FileLock lock) {
        this.dataDir = dataDir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Takes the data folder for this run.
     *
     * @throws UserInputException when another demo is using it
     */
    static DemoCluster claim(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel channel = FileChannel.open(dataDir.resolve("demo.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new UserInputException(dataDir + " is in use by another kratomwatch demo (stop it with Ctrl-C, or give"
                    + " this one its own --data-dir)");
        }
        return new DemoCluster(dataDir, channel, lock);
    }

    /** Starts the broker on the kept data folder (formatting it on the first run only). */
    synchronized EmbeddedKafkaBroker startBroker() {
        ensureOpen();
        broker = EmbeddedKafkaBroker.start(dataDir.resolve("broker"));
        return broker;
    }

    Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", broker.bootstrapServers());
    }

    /** Deletes the previous run's topics, consumer group and state, creates the topics, then starts the engine. */
    synchronized SignalEngine startEngine(SignalEngine.Settings settings, EngineConfig config) {
        ensureOpen();
        if (!settings.applicationId().startsWith(APPLICATION_ID_PREFIX)) {
            throw new IllegalArgumentException("demo application ids start with " + APPLICATION_ID_PREFIX);
        }
        resetPreviousRun(settings.stateDir());
        // The input is ingestion's to create (the engine waits for it); the quarantine topic too.
        TopicSetup.ensure(settings.clientConfig(), List.of(Topics.REPORTS, Topics.QUARANTINE), settings.partitions(),
                settings.replicationFactor());
        engine = SignalEngine.start(settings, config);
        return engine;
    }

    private void resetPreviousRun(Path stateDir) {
        try (Admin admin = Admin.create(clientConfig())) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<String> ours = new ArrayList<>();
            for (String name : existing) {
                if (name.startsWith(APPLICATION_ID_PREFIX) || Topics.ALL.stream().map(Topic::name).anyMatch(name::equals)) {
                    ours.add(name);
                }
            }
            if (!ours.isEmpty()) {
                admin.deleteTopics(ours).all().get(60, TimeUnit.SECONDS);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (admin.listTopics().names().get(60, TimeUnit.SECONDS).stream().anyMatch(ours::contains)) {
                    if (System.nanoTime() > end) {
                        throw new KafkaException("the previous demo's topics were not deleted within 60 s");
                    }
                    Thread.sleep(100);
                }
            }
            List<String> groups = new ArrayList<>();
            for (var g : admin.listGroups().all().get(60, TimeUnit.SECONDS)) {
                if (g.groupId().startsWith(APPLICATION_ID_PREFIX)) {
                    groups.add(g.groupId());
                }
            }
            for (var f : admin.deleteConsumerGroups(groups).deletedGroups().values()) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // A group whose members have not timed out yet (the previous run stopped a
                    // moment ago) is deleted by a later run; it holds nothing this run reads.
                    if (!(e.getCause() instanceof GroupNotEmptyException || e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new KafkaException("cannot remove the previous demo's topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("the embedded broker did not answer within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while removing the previous demo's topics", e);
        }
        deleteTree(stateDir);
    }

    /**
     * A Kafka Streams application id of its own for this run: the previous run's consumer group
     * may still have members for a session timeout after it stopped (Streams does not leave the
     * group on close), and a new member of that group would wait for them.
     */
    static String newApplicationId() {
        return APPLICATION_ID_PREFIX + Long.toString(System.currentTimeMillis(), 36);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the demo is shutting down");
        }
    }

    /** The engine's Kafka Streams state, or null before it starts. */
    KafkaStreams.State engineState() {
        SignalEngine e = engine;
        return e == null ? null : e.streams().state();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Stops the engine (query API, refits, streams), then the broker, then frees the folder. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (engine != null) {
                engine.close();
            }
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                }
            } finally {
                try {
                    lock.release();
                    lockChannel.close();
                } catch (IOException e) {
                    // the lock goes with the process anyway
                }
            }
        }
    }
}
