package org.kratomwatch.app.engine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.kratomwatch.app.cli.ConfigFileDefaults;
import org.kratomwatch.app.cli.ConfigFileOption;
import org.kratomwatch.app.cli.KafkaOptions;
import org.kratomwatch.app.cli.TopicOptions;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.app.SignalEngine;
import org.kratomwatch.streams.app.StreamsSettings;
import org.kratomwatch.streams.engine.EngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kratomwatch engine}: one instance of the streaming signal engine against an existing Kafka
 * cluster, until the process is stopped (SIGINT or SIGTERM). Several instances with the same
 * application id share the work; each keeps its state in its own {@code --state-dir}, which should
 * survive restarts (a restart on the same folder resumes from its local state instead of restoring
 * every store from the changelogs).
 *
 * <p>Stopping is a JVM shutdown hook that closes the engine (query API, refits, then Kafka
 * Streams, committing what was processed and leaving the consumer group, so that the other
 * instances take its tasks over at once). A crash instead (SIGKILL, power loss) loses nothing:
 * exactly-once processing aborts the open transaction and the next start resumes from the last
 * commit.
 */
@Command(name = "engine", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = ConfigFileDefaults.class,
        description = "Runs one instance of the streaming signal engine (Kafka Streams, exactly-once) against a Kafka cluster"
                + " until stopped with SIGINT or SIGTERM: counts every report on ae.reports.v1, scores the watched pairs,"
                + " publishes signals and serves the query API. Every option can also be set by the environment variable"
                + " named in it, or in a --config file.")
public final class EngineCommand implements Callable<Integer> {

    public static final String STATE_DIR_ENV = "KRATOMWATCH_STATE_DIR";
    public static final String APPLICATION_ID_ENV = "KRATOMWATCH_APPLICATION_ID";
    public static final String THREADS_ENV = "KRATOMWATCH_THREADS";
    public static final String QUERY_BIND_ENV = "KRATOMWATCH_QUERY_BIND";
    public static final String QUERY_PORT_ENV = "KRATOMWATCH_QUERY_PORT";
    public static final String ADVERTISED_ENV = "KRATOMWATCH_ADVERTISED";
    public static final String SCORE_INTERVAL_ENV = "KRATOMWATCH_SCORE_INTERVAL";
    public static final String REFIT_INTERVAL_ENV = "KRATOMWATCH_REFIT_INTERVAL";

    /** How long the engine may take to close before the process exits anyway. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFileOption config;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--state-dir", defaultValue = "${env:" + STATE_DIR_ENV + ":-./kratomwatch-state}", paramLabel = "DIR",
            description = "Local state (RocksDB); keep it across restarts. Default: $" + STATE_DIR_ENV
                    + ", else ./kratomwatch-state.")
    Path stateDir;

    @Option(names = "--application-id", defaultValue = "${env:" + APPLICATION_ID_ENV + ":-" + StreamsSettings.APPLICATION_ID + "}",
            paramLabel = "ID",
            description = "Kafka Streams application id: consumer group and prefix of internal topics; instances with the"
                    + " same id share the work. Default: $" + APPLICATION_ID_ENV + ", else " + StreamsSettings.APPLICATION_ID + ".")
    String applicationId;

    @Mixin
    TopicOptions topics;

    @Option(names = "--threads", defaultValue = "${env:" + THREADS_ENV + ":-1}", paramLabel = "N",
            description = "Stream threads. Default: $" + THREADS_ENV + ", else 1.")
    int threads;

    @Option(names = "--query-bind", defaultValue = "${env:" + QUERY_BIND_ENV + ":-127.0.0.1}", paramLabel = "ADDRESS|none",
            description = "Address the query API listens on, or none for no API. Default: $" + QUERY_BIND_ENV
                    + ", else 127.0.0.1.")
    String queryBind;

    @Option(names = "--query-port", defaultValue = "${env:" + QUERY_PORT_ENV + ":-7070}", paramLabel = "PORT",
            description = "Port of the query API (0: any free port). Default: $" + QUERY_PORT_ENV + ", else 7070.")
    int queryPort;

    @Option(names = "--advertised", defaultValue = "${env:" + ADVERTISED_ENV + "}", paramLabel = "HOST:PORT",
            description = "Where other instances reach this one's query API (Kafka Streams application.server), for"
                    + " routing queries between instances. Default: $" + ADVERTISED_ENV + ", else the bind address and"
                    + " port (this host's name when bound to every interface).")
    String advertised;

    @Option(names = "--score-interval", defaultValue = "${env:" + SCORE_INTERVAL_ENV + ":-PT1S}", paramLabel = "DURATION",
            description = "How often each task rescores its watched pairs (ISO-8601). Default: $" + SCORE_INTERVAL_ENV
                    + ", else PT1S.")
    Duration scoreInterval;

    @Option(names = "--refit-interval", defaultValue = "${env:" + REFIT_INTERVAL_ENV + ":-PT30S}", paramLabel = "DURATION",
            description = "How often the MGPS prior is refitted when counts changed (ISO-8601). Default: $"
                    + REFIT_INTERVAL_ENV + ", else PT30S.")
    Duration refitInterval;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SignalEngine.Settings settings = settings();
        EngineConfig config = engineOptions.applyTo(EngineConfig.defaults()).withIntervals(scoreInterval, refitInterval);

        SignalEngine engine;
        try {
            engine = SignalEngine.start(settings, config);
        } catch (KafkaException e) {
            throw new UserInputException("Kafka at " + settings.clientConfig().get("bootstrap.servers") + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UserInputException(e.getMessage());
        }
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop(engine, out);
            closed.countDown();
        }, "kratomwatch-engine-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        boolean announced = false;
        boolean waitingAnnounced = false;
        while (!closed.await(500, TimeUnit.MILLISECONDS)) {
            KafkaStreams.State state = engine.streams().state();
            if (!waitingAnnounced && engine.awaitingInput()) {
                waitingAnnounced = true;
                out.println("kratomwatch engine: waiting for topic " + Topics.REPORTS.name()
                        + " to be created (kratomwatch ingest creates it); starting when it appears");
                out.flush();
            }
            if (!announced && state == KafkaStreams.State.RUNNING) {
                announced = true;
                out.println("kratomwatch engine: running, query API " + (engine.queryPort() < 0 ? "off"
                        : "on http://" + hostForUrl(settings.queryBind()) + ":" + engine.queryPort()));
                out.flush();
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_ERROR) {
                // Kafka Streams stopped by itself (an unrecoverable error, logged above): close and fail.
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    closed.await(); // stopped by a signal: the hook is closing it
                    return 0;
                }
                err.println("kratomwatch engine: error: Kafka Streams stopped (state " + state + ")"
                        + engine.failure().map(f -> ": " + f).orElse("") + "; see the log above");
                err.flush();
                stop(engine, out);
                return 1;
            }
        }
        return 0;
    }

    private static void stop(SignalEngine engine, PrintWriter out) {
        Thread closer = new Thread(engine::close, "kratomwatch-engine-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("kratomwatch engine: stopped" + (closer.isAlive() ? " (close timed out after " + CLOSE_TIMEOUT + ")" : ""));
        out.flush();
    }

    /** The settings from the options; user mistakes become {@link UserInputException}s. */
    SignalEngine.Settings settings() {
        int partitions = topics.partitions();
        short replicationFactor = topics.replicationFactor();
        if (threads < 1) {
            throw new UserInputException("--threads must be at least 1: " + threads);
        }
        if (queryPort < 0 || queryPort > 65535) {
            throw new UserInputException("--query-port must be 0..65535: " + queryPort);
        }
        if (scoreInterval.isNegative() || scoreInterval.isZero()) {
            throw new UserInputException("--score-interval must be positive: " + scoreInterval);
        }
        if (refitInterval.isNegative() || refitInterval.isZero()) {
            throw new UserInputException("--refit-interval must be positive: " + refitInterval);
        }
        if (applicationId == null || applicationId.isBlank() || !applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new UserInputException("--application-id: letters, digits, '.', '_' and '-' only, got '" + applicationId + "'");
        }
        Path dir = stateDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw UserInputException.in(stateDir, "cannot create the state folder (--state-dir): " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw UserInputException.in(stateDir, "state folder is not writable (--state-dir)");
        }
        Map<String, Object> client = kafka.clientConfig();
        boolean api = !"none".equalsIgnoreCase(queryBind.trim());
        String bind = api ? queryBind.trim() : null;
        if (api) {
            try {
                InetAddress.getByName(bind);
            } catch (UnknownHostException e) {
                throw new UserInputException("--query-bind: unknown address '" + bind + "'");
            }
        }
        return new SignalEngine.Settings(client, dir, partitions, replicationFactor, applicationId, threads, bind,
                queryPort, api ? advertised(bind) : null);
    }

    /**
     * {@code --advertised} checked, or the bind address and port; null (no routing: a single
     * instance) for port 0, whose port is known only once bound.
     */
    private String advertised(String bind) {
        if (advertised != null && !advertised.isBlank()) {
            try {
                HostInfo h = HostInfo.buildFromEndpoint(advertised.trim());
                if (h == null || h.host().isEmpty() || h.port() <= 0) {
                    throw new IllegalArgumentException("no host or port");
                }
                return advertised.trim();
            } catch (RuntimeException e) {
                throw new UserInputException("--advertised: expected HOST:PORT, got '" + advertised + "'");
            }
        }
        if (queryPort == 0) {
            return null;
        }
        String host = bind;
        if (isWildcard(bind)) {
            try {
                host = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                throw new UserInputException("--query-bind " + bind + ": cannot tell this host's name; give --advertised HOST:PORT");
            }
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + queryPort;
    }

    private static boolean isWildcard(String bind) {
        try {
            return InetAddress.getByName(bind).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String hostForUrl(String bind) {
        String host = isWildcard(bind) ? "127.0.0.1" : bind;
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
