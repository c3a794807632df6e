package org.kratomwatch.app.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real, single-node Apache Kafka broker (KRaft, combined broker and controller) inside this JVM,
 * bound to 127.0.0.1 only: the embedded default of {@code kratomwatch demo} and {@code pipeline},
 * and the broker of the integration tests.
 *
 * <p>The data folder is formatted once (when it has no {@code meta.properties}) and reused on later
 * starts, so topics and committed offsets survive a restart. The single-node settings below are
 * required, not optional (see {@code shared/docs/kafka-notes.md}): without replication factor 1 for
 * the offsets and transaction-state topics consumer groups never receive records and exactly-once
 * Streams hang initialising transactions.
 *
 * <p>This is the only class that touches Kafka's internal server API ({@code KafkaRaftServer},
 * {@code Formatter}); the Kafka version is pinned in the parent POM.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String CONTROLLER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final Path dataDir;
    private final int port;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(Path dataDir, int port, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.port = port;
        this.server = server;
    }

    /** Starts a broker on free loopback ports with its data in {@code dataDir}. */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts a broker with its data in {@code dataDir}, listening on 127.0.0.1:{@code port}
     * (0 = any free port).
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            int brokerPort = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", Integer.toString(NODE_ID));
            p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            p.put("controller.listener.names", CONTROLLER);
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
            p.put("log.dirs", dataDir.toAbsolutePath().toString());
            // Single node: every internal topic with replication factor 1 (required).
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "3");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "3");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("default.replication.factor", "1");
            p.put("min.insync.replicas", "1");
            p.put("auto.create.topics.enable", "false");
            p.put("num.partitions", "3");
            p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
            KafkaConfig config = new KafkaConfig(p, false);
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                format(dataDir);
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            return new EmbeddedKafkaBroker(dataDir, brokerPort, server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker in " + dataDir, e);
        }
    }

    private static void format(Path dataDir) throws IOException {
        String dir = dataDir.toAbsolutePath().toString();
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(java.util.List.of(dir))
                    .setMetadataLogDirectory(dir)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setFeatureLevel("transaction.version", (short) 1)
                    .setControllerListenerName(CONTROLLER)
                    .run();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot format Kafka data folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** {@code 127.0.0.1:port}, for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down and waits for it. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.shutdown();
            server.awaitShutdown();
        }
    }
}
