package org.kratomwatch.streams.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.schemas.topic.Topic;
import org.kratomwatch.schemas.topic.TopicSetup;
import org.kratomwatch.schemas.topic.Topics;
import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.engine.EngineProgress;
import org.kratomwatch.streams.engine.SignalTopology;
import org.kratomwatch.streams.query.Metrics;
import org.kratomwatch.streams.query.QueryServer;
import org.kratomwatch.streams.replica.CountsReplica;
import org.kratomwatch.streams.score.SignalComputer;
import org.kratomwatch.streams.score.SignalScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the streaming signal engine: the topics, the Kafka Streams application, the
 * periodic MGPS refit (by the instance that owns partition 0 of the counts, so that exactly one
 * instance publishes) and the query API. Close it to stop (query API, refits, then streams).
 *
 * <h2>Topics</h2>
 * {@link #start} creates the topics the engine writes ({@link #ownTopics()}: the counts, the
 * results, the hyperparameters, the dead letters) where they are missing, with the engine's
 * partition count. It does <em>not</em> create its input {@code ae.reports.v1}: that topic belongs
 * to ingestion ({@code kratomwatch ingest} creates it with the settings declared in
 * {@link Topics#REPORTS} and its own {@code --partitions}), and its partition count is a decision
 * with consequences for the engine, since the count-deltas repartition topic takes it over and so
 * it caps how many tasks, and instances, count in parallel. Were the engine to create it, an
 * engine started before the first ingestion would fix that count silently with its own, and a
 * later {@code ingest --partitions} could no longer change it. When the input is missing the
 * engine logs that it waits for it (once, then every minute), answers {@link #awaitingInput()}
 * true, and starts Kafka Streams as soon as the topic appears; an input with fewer partitions than
 * {@link Settings#partitions()} is logged too.
 *
 * <h2>Failures</h2>
 * A stream thread that dies of an exception nothing else handled ends the whole instance
 * ({@link StreamThreadExceptionResponse#SHUTDOWN_CLIENT}), logged
 * once with its cause, available from {@link #failure()}; the Javadoc of the private
 * {@code onUncaughtException} says why this and not {@code REPLACE_THREAD}.
 *
 * <h2>Stopping</h2>
 * {@link #close()} leaves the consumer group, so that the other instances take over this one's
 * tasks (and a restarted instance joins) in one rebalance instead of after the session timeout.
 */
public final class SignalEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignalEngine.class);

    /**
     * Where and how to run.
     *
     * @param clientConfig      bootstrap servers and security settings for every client
     * @param stateDir          RocksDB state
     * @param partitions        partitions of topics the engine creates and of its counting stage
     *                          (the same on every instance of an application)
     * @param replicationFactor of topics it creates (internal ones too)
     * @param applicationId     Kafka Streams application id
     * @param threads           stream threads
     * @param queryBind         query API bind address, or null for no API
     * @param queryPort         query API port (0: any free port)
     * @param advertised        host:port other instances reach this one's API at (null: the bound address)
     */
    public record Settings(Map<String, Object> clientConfig, Path stateDir, int partitions, short replicationFactor,
            String applicationId, int threads, String queryBind, int queryPort, String advertised) {

        public static Settings local(Map<String, Object> clientConfig, Path stateDir) {
            return new Settings(clientConfig, stateDir, 3, (short) 1, StreamsSettings.APPLICATION_ID, 1, "127.0.0.1", 0, null);
        }

        public Settings withQuery(String bind, int port, String advertisedHostPort) {
            return new Settings(clientConfig, stateDir, partitions, replicationFactor, applicationId, threads, bind, port,
                    advertisedHostPort);
        }

        public Settings withApplicationId(String id) {
            return new Settings(clientConfig, stateDir, partitions, replicationFactor, id, threads, queryBind, queryPort,
                    advertised);
        }

        public Settings withPartitions(int n) {
            return new Settings(clientConfig, stateDir, n, replicationFactor, applicationId, threads, queryBind, queryPort,
                    advertised);
        }

        public Settings withThreads(int n) {
            return new Settings(clientConfig, stateDir, partitions, replicationFactor, applicationId, n, queryBind, queryPort,
                    advertised);
        }
    }

    private final Settings settings;
    private final EngineConfig config;
    private final EngineProgress progress = new EngineProgress();
    private final KafkaStreams streams;
    private final HyperparameterRefitter refitter;
    private final ScheduledExecutorService scheduler;
    private final Admin admin;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private KafkaProducer<String, MgpsHyperparameterSet> producer;
    private KafkaConsumer<byte[], byte[]> probe;
    private QueryServer query;
    private PrometheusMeterRegistry registry;
    private volatile ScheduledFuture<?> inputWait;
    private volatile boolean closing;
    private long refittedVersion = -1;
    private String refittedPeriod;
    private long lastRefitStart = System.nanoTime();
    private long lastRefitEnd;
    private long lastRefitNanos;

    private SignalEngine(Settings settings, EngineConfig config) {
        this.settings = settings;
        this.config = config;
        this.refitter = new HyperparameterRefitter(config);
        Properties props = StreamsSettings.of(settings.clientConfig(), settings.stateDir(), settings.replicationFactor());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        if (settings.queryBind() != null && settings.advertised() != null) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.advertised());
        }
        this.streams = new KafkaStreams(SignalTopology.build(props, config, progress, settings.partitions()), props);
        this.streams.setUncaughtExceptionHandler(this::onUncaughtException);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kratomwatch-refit");
            t.setDaemon(true);
            return t;
        });
        this.admin = Admin.create(settings.clientConfig());
    }

    /** Topics the engine needs besides its internal ones: its input and {@link #ownTopics()}. */
    public static List<Topic<?, ?>> topics() {
        List<Topic<?, ?>> all = new ArrayList<>();
        all.add(Topics.REPORTS);
        all.addAll(ownTopics());
        return List.copyOf(all);
    }

    /** The topics the engine writes, which {@link #start} creates where missing (not its input, {@code ae.reports.v1}). */
    public static List<Topic<?, ?>> ownTopics() {
        return List.of(Topics.HYPERPARAMETERS, Topics.SIGNALS, Topics.SIGNAL_EVENTS,
                Topics.INTERACTIONS, Topics.DLQ);
    }

    /**
     * Creates the counts topic (the changelog of the counting store, see {@link CountsReplica})
     * before Kafka Streams would: the global store reads it from the start, before any rebalance
     * creates internal topics. It has one partition per counting task.
     */
    static void ensureCountsTopic(Map<String, Object> clientConfig, String applicationId, int partitions,
            short replicationFactor) {
        TopicSetup.ensureNamed(clientConfig, CountsReplica.topic(applicationId), partitions, replicationFactor,
                Map.of("cleanup.policy", "compact"));
    }

    /**
     * Creates the engine's own missing topics, starts the engine, or waits in the background for its
     * input topic when that does not exist yet (see the class comment), and starts (when
     * configured) its query API.
     */
    public static SignalEngine start(Settings settings, EngineConfig config) {
        TopicSetup.ensure(settings.clientConfig(), ownTopics(), settings.partitions(), settings.replicationFactor());
        ensureCountsTopic(settings.clientConfig(), settings.applicationId(), settings.partitions(),
                settings.replicationFactor());
        try {
            if (recoverFromCrash(settings.stateDir(), settings.applicationId())) {
                LOG.warn("The last run on {} did not close cleanly: the local copy of the counts replica was removed"
                        + " and is rebuilt from the counts topic", settings.stateDir());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the state folder " + settings.stateDir() + ": " + e.getMessage(), e);
        }
        SignalEngine engine = new SignalEngine(settings, config);
        try {
            int inputPartitions = engine.inputPartitions();
            if (inputPartitions > 0) {
                engine.startStreams(inputPartitions);
            } else {
                engine.awaitInputInBackground();
            }
            // Checked often so that a new data period is refitted soon; maybeRefit decides.
            engine.scheduler.scheduleWithFixedDelay(engine::maybeRefit, 1000,
                    Math.max(1000, config.refitInterval().toMillis() / 10), TimeUnit.MILLISECONDS);
            if (settings.queryBind() != null) {
                engine.startQuery();
            }
        } catch (RuntimeException e) {
            engine.close(); // whatever was started: streams, refits, the admin client
            throw e;
        }
        return engine;
    }

    /**
     * The input topic's partition count, or 0 when it does not exist.
     *
     * @throws org.apache.kafka.common.KafkaException when Kafka cannot be asked
     */
    private int inputPartitions() {
        try {
            return admin.describeTopics(List.of(Topics.REPORTS.name())).allTopicNames().get(60, TimeUnit.SECONDS)
                    .get(Topics.REPORTS.name()).partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw new org.apache.kafka.common.KafkaException("cannot describe topic " + Topics.REPORTS.name() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.KafkaException("cannot reach Kafka at "
                    + settings.clientConfig().get("bootstrap.servers") + " (timed out)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.KafkaException("interrupted while describing " + Topics.REPORTS.name(), e);
        }
    }

    /**
     * A file the engine writes next to its state when it has closed cleanly, and deletes when it
     * starts: missing at a start, it means the last run on this state folder crashed or was killed.
     */
    static Path cleanShutdownMarker(Path stateDir, String applicationId) {
        return stateDir.resolve(applicationId + ".closed-cleanly");
    }

    /**
     * After a crash, removes the local copy of the counts replica (a global store, in
     * {@code <state-dir>/<application-id>/global}) so that Kafka Streams rebuilds it from the counts
     * topic. Under exactly-once, Kafka Streams 4.4 marks a RocksDB store "open" while it is in use
     * and refuses to open a store a crash left "open" (task corrupted). Stream tasks then wipe and
     * restore their stores; the global thread does not, it dies, and so does every later start on
     * the same folder (KAFKA-21034, not fixed in 4.4.0). Whether a crash leaves the mark on disk
     * depends on whether RocksDB flushed the store since it was opened, so only some crashes do.
     * Nothing is removed while another process holds the state folder's lock.
     *
     * @return whether a replica copy was removed
     */
    static boolean recoverFromCrash(Path stateDir, String applicationId) throws IOException {
        Path marker = cleanShutdownMarker(stateDir, applicationId);
        if (Files.deleteIfExists(marker)) {
            return false; // closed cleanly last time; from now on a crash leaves no marker
        }
        Path appDir = stateDir.resolve(applicationId);
        Path global = appDir.resolve("global");
        if (!Files.isDirectory(global)) {
            return false;
        }
        // the lock file Kafka Streams itself holds while an instance uses this folder
        try (FileChannel lockFile = FileChannel.open(appDir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                return false; // in use: Kafka Streams will say so
            }
            try (Stream<Path> files = Files.walk(global)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // in use by this JVM
        }
    }

    private synchronized void startStreams(int inputPartitions) {
        if (closing) {
            return;
        }
        if (inputPartitions < settings.partitions()) {
            LOG.warn("input topic {} has {} partitions, fewer than the engine's {}: at most {} tasks (and so instances)"
                    + " keep the latest case versions in parallel (counting and scoring have their own {} partitions)",
                    Topics.REPORTS.name(), inputPartitions, settings.partitions(), inputPartitions, settings.partitions());
        }
        streams.start();
    }

    /** Polls for the input topic every second and starts Kafka Streams once it exists. */
    private void awaitInputInBackground() {
        LOG.warn("input topic {} does not exist yet: waiting for it; the engine starts when it appears. It is created by"
                + " `kratomwatch ingest` (with the settings declared for it and ingest's --partitions); the engine does not"
                + " create its input, whose partition count caps its parallelism", Topics.REPORTS.name());
        long since = System.nanoTime();
        long[] lastReminder = {since};
        inputWait = scheduler.scheduleWithFixedDelay(() -> {
            int n = 0;
            try {
                n = inputPartitions();
            } catch (RuntimeException e) {
                LOG.debug("cannot check for the input topic yet: {}", e.toString());
            }
            if (n > 0) {
                inputWait.cancel(false);
                LOG.info("input topic {} exists ({} partitions): starting", Topics.REPORTS.name(), n);
                try {
                    startStreams(n);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    LOG.error("cannot start Kafka Streams", e);
                }
                return;
            }
            long now = System.nanoTime();
            if (now - lastReminder[0] >= TimeUnit.MINUTES.toNanos(1)) {
                lastReminder[0] = now;
                LOG.warn("still waiting for input topic {} ({} s)", Topics.REPORTS.name(),
                        TimeUnit.NANOSECONDS.toSeconds(now - since));
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** True while the engine waits for its input topic to be created (Kafka Streams not started yet). */
    public boolean awaitingInput() {
        ScheduledFuture<?> w = inputWait;
        return w != null && !w.isDone() && !closing;
    }

    /**
     * The engine's answer to an exception that escaped a stream thread: {@code SHUTDOWN_CLIENT},
     * logged once with its cause.
     *
     * <p>Why not {@code REPLACE_THREAD}: what reaches this handler is what nothing else handled.
     * Records that cannot be deserialized or processed already go to the dead-letter topic and
     * processing continues; rebalances, fenced producers and migrated tasks are recovered inside
     * Kafka Streams. What is left points at the environment or at a bug (a full or corrupt state
     * folder, a RocksDB failure, lost authorization, an exception in our own code), and usually
     * recurs: a replaced thread would take the same task, fail the same way and be replaced again,
     * in a loop that /health would report as RUNNING while nothing is counted. Shutting the
     * client down makes the failure visible: state ERROR, {@code /health} 503,
     * {@code kratomwatch engine} exits with status 1 so that its supervisor restarts it (or an
     * operator looks), and the other instances take over its tasks. Nothing is lost or counted
     * twice: exactly-once aborts the open transaction and the next start resumes from the last
     * commit. {@code SHUTDOWN_APPLICATION} would stop every instance for one instance's local
     * problem.
     */
    private StreamThreadExceptionResponse onUncaughtException(Throwable e) {
        if (failure.compareAndSet(null, e)) {
            LOG.error("Kafka Streams thread {} failed and the engine instance shuts down (state ERROR): {}. Exactly-once"
                    + " resumes from the last commit when it is restarted. Cause:", Thread.currentThread().getName(), e, e);
        } else {
            LOG.error("Kafka Streams thread {} failed too, while the instance shuts down: {}", Thread.currentThread().getName(),
                    e.toString());
        }
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** The exception that stopped this instance's Kafka Streams, if one did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    private void startQuery() {
        HostInfo self = settings.advertised() == null ? null : HostInfo.buildFromEndpoint(settings.advertised());
        try {
            registry = Metrics.registry(streams);
            query = QueryServer.builder(new StoreSignalQueries(streams, new SignalComputer(config), self))
                    .bindAddress(settings.queryBind()).port(settings.queryPort()).registry(registry)
                    .kafkaConfig(settings.clientConfig()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the query API on " + settings.queryBind() + ":"
                    + settings.queryPort() + ": " + e.getMessage(), e);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public EngineConfig config() {
        return config;
    }

    /** The query API's port, or -1 without one. */
    public int queryPort() {
        return query == null ? -1 : query.port();
    }

    /** Waits until the engine is running. */
    public void awaitRunning(Duration timeout) throws TimeoutException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (stopped()) {
                throw new IllegalStateException("engine stopped (state " + streams.state() + ")"
                        + failure().map(f -> ": " + f).orElse(""), failure.get());
            }
            if (System.nanoTime() > end) {
                throw new TimeoutException("engine not running after " + timeout + " (state " + streams.state()
                        + (awaitingInput() ? ", waiting for input topic " + Topics.REPORTS.name() : "") + ")");
            }
            Thread.sleep(100);
        }
    }

    private boolean stopped() {
        KafkaStreams.State s = streams.state();
        return failure.get() != null || s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                || s == KafkaStreams.State.PENDING_SHUTDOWN || s == KafkaStreams.State.NOT_RUNNING;
    }

    /** True when this instance owns partition 0 of the counts and so publishes the MGPS prior. */
    public boolean publishesHyperparameters() {
        String repartition = settings.applicationId() + "-count-deltas-repartition";
        for (ThreadMetadata t : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : t.activeTasks()) {
                if (task.topicPartitions().contains(new TopicPartition(repartition, 0))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Refits when counts changed and either {@code refitInterval} has passed since the last refit or
     * a new data period appeared (the prior then moves most). A fit over every pair costs seconds at
     * a million reports, so a refit also waits twice its predecessor's duration: refits never take
     * more than a third of a core from counting, however short the interval.
     */
    private void maybeRefit() {
        try {
            if (streams.state() != KafkaStreams.State.RUNNING || !publishesHyperparameters()) {
                return;
            }
            long version = progress.countsVersion().get();
            if (version == refittedVersion || refittedVersion == Long.MAX_VALUE) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastRefitEnd < 2 * lastRefitNanos) {
                return;
            }
            boolean due = now - lastRefitStart >= config.refitInterval().toNanos();
            if (!due && java.util.Objects.equals(currentPeriod(), refittedPeriod)) {
                return;
            }
            refitNow();
        } catch (RuntimeException e) {
            LOG.warn("MGPS refit failed: {}", e.getMessage());
        }
    }

    /** The newest data period in the replica, or null. */
    private String currentPeriod() {
        List<String> periods = SignalComputer.periods(org.kratomwatch.streams.score.CountSource.of(replicaStore()));
        return periods.isEmpty() ? null : periods.get(periods.size() - 1);
    }

    private ReadOnlyKeyValueStore<String, Long> replicaStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(CountsReplica.STORE,
                QueryableStoreTypes.<String, Long>keyValueStore()));
    }

    /** Fits the MGPS prior now from this instance's replica and publishes it; returns the sets. */
    public synchronized List<MgpsHyperparameterSet> refitNow() {
        refittedVersion = progress.countsVersion().get();
        lastRefitStart = System.nanoTime();
        ReadOnlyKeyValueStore<String, Long> replica = replicaStore();
        List<MgpsHyperparameterSet> sets = refitter.refit(replica, set -> {
            try {
                producer().send(new ProducerRecord<>(Topics.HYPERPARAMETERS.name(), Keys.hyperparameters(set), set)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing hyperparameters", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot publish hyperparameters: " + e.getCause().getMessage(), e);
            }
        });
        if (!sets.isEmpty()) {
            refittedPeriod = sets.get(0).getPeriod();
        }
        lastRefitEnd = System.nanoTime();
        lastRefitNanos = lastRefitEnd - lastRefitStart;
        return sets;
    }

    /**
     * Publishes a given prior for every comparator and scope instead of fitted ones (as
     * {@code score --hyper}); the engine rescores with it.
     */
    public synchronized List<MgpsHyperparameterSet> useHyperparameters(org.kratomwatch.stats.mgps.MgpsHyperparameters h,
            String period) {
        List<MgpsHyperparameterSet> sets = new ArrayList<>();
        for (var comparator : config.comparators()) {
            for (org.kratomwatch.avro.Scope scope : new org.kratomwatch.avro.Scope[] {org.kratomwatch.avro.Scope.CUMULATIVE,
                org.kratomwatch.avro.Scope.PERIOD}) {
                MgpsHyperparameterSet set = MgpsHyperparameterSet.newBuilder().setComparator(comparator.name())
                        .setScope(scope).setPeriod(period)
                        .setHyperparameters(org.kratomwatch.streams.score.Hyperparameters.toAvro(h))
                        .setLogLikelihood(Double.NaN).setPairsUsed(0).setFittedAt(java.time.Instant.now()).build();
                try {
                    producer().send(new ProducerRecord<>(Topics.HYPERPARAMETERS.name(), Keys.hyperparameters(set), set)).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while publishing hyperparameters", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("cannot publish hyperparameters: " + e.getCause().getMessage(), e);
                }
                sets.add(set);
            }
        }
        refittedVersion = Long.MAX_VALUE; // no automatic refits over a given prior
        return sets;
    }

    /** The period of the last refit, or null. */
    public String refittedPeriod() {
        return refittedPeriod;
    }

    private synchronized KafkaProducer<String, MgpsHyperparameterSet> producer() {
        if (producer == null) {
            Map<String, Object> p = new HashMap<>(settings.clientConfig());
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.applicationId() + "-hyperparameters");
            producer = new KafkaProducer<>(p, new StringSerializer(), Topics.HYPERPARAMETERS.valueSerde().serializer());
        }
        return producer;
    }

    /**
     * Waits until everything on {@code ae.reports.v1} has been processed, counted, replicated and
     * scored by this instance (for one instance, or after every instance reports the same).
     *
     * @throws TimeoutException when that does not happen in time
     */
    public void awaitIdle(Duration timeout) throws TimeoutException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        long lastVersion = -1;
        String busy = "";
        while (quiet < 3) {
            if (stopped()) {
                throw new IllegalStateException("engine stopped (state " + streams.state() + ")"
                        + failure().map(f -> ": " + f).orElse(""), failure.get());
            }
            if (System.nanoTime() > end) {
                throw new TimeoutException("engine still busy after " + timeout + " (" + busy + ")");
            }
            long v = progress.replicaVersion().get();
            boolean running = streams.state() == KafkaStreams.State.RUNNING;
            boolean consumed = running && consumed();
            boolean replicated = consumed && globalLagZero();
            boolean scored = replicated && progress.scoredCurrent() && progress.tasks() > 0;
            busy = !running ? "state " + streams.state() : !consumed ? "input or count deltas not consumed"
                    : !replicated ? "replica catching up" : !scored ? "scoring" : "settling";
            boolean idle = scored;
            LOG.debug("awaitIdle: {} (replica version {}, quiet rounds {})", busy, v, quiet);
            quiet = idle && v == lastVersion ? quiet + 1 : 0;
            lastVersion = v;
            Thread.sleep(Math.max(200, config.scoreInterval().toMillis() / 2));
        }
    }

    /** Every partition of the input and the repartition topic has no record after the group's committed offset. */
    private boolean consumed() throws InterruptedException {
        String repartition = settings.applicationId() + "-count-deltas-repartition";
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(settings.applicationId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            List<TopicPartition> partitions = new ArrayList<>();
            for (var d : admin.describeTopics(Set.of(Topics.REPORTS.name(), repartition)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .values()) {
                d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(30, TimeUnit.SECONDS);
            for (TopicPartition tp : partitions) {
                long done = committed.containsKey(tp) ? committed.get(tp).offset() : 0;
                long last = ends.get(tp).offset();
                if (done < last && hasRecordBetween(tp, done, last)) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Whether a committed record lies in [from, to) (transaction markers occupy offsets too). */
    private boolean hasRecordBetween(TopicPartition tp, long from, long to) {
        if (probe == null) {
            Map<String, Object> c = new HashMap<>(settings.clientConfig());
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            probe = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        probe.assign(List.of(tp));
        probe.seek(tp, from);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            for (ConsumerRecord<byte[], byte[]> r : probe.poll(Duration.ofMillis(100))) {
                if (r.offset() < to) {
                    return true;
                }
            }
            if (probe.position(tp) >= to) {
                return false;
            }
        }
        return true;
    }

    private boolean globalLagZero() {
        boolean seen = false;
        for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
            MetricName n = m.getKey();
            String client = n.tags().getOrDefault("client-id", "");
            // records-lag per partition is the current lag (records-lag-max is a windowed maximum)
            if (client.endsWith("global-consumer") && n.name().equals("records-lag")
                    && n.group().equals("consumer-fetch-manager-metrics") && n.tags().containsKey("partition")) {
                Object v = m.getValue().metricValue();
                if (v instanceof Double d && !d.isNaN() && d > 0) {
                    return false;
                }
                seen = true;
            }
        }
        return seen;
    }

    /** The signal records this instance holds. */
    public List<DisproportionalitySignal> localSignals() {
        return new StoreSignalQueries(streams, new SignalComputer(config), null).localSignals();
    }

    /** The interaction (Omega) records this instance holds. */
    public List<InteractionSignal> localInteractions() {
        return new StoreSignalQueries(streams, new SignalComputer(config), null).localInteractions();
    }

    /**
     * Stops the query API and the refits, then Kafka Streams: this instance commits and leaves the
     * consumer group, so that the remaining instances rebalance at once instead of waiting for its
     * session to time out (45 s by default), and a restart joins without that wait either. With
     * static membership ({@code group.instance.id} in the client settings) it stays in the group,
     * which is what static membership is for.
     */
    @Override
    public void close() {
        closing = true;
        if (query != null) {
            query.close();
        }
        if (registry != null) {
            registry.close(); // and its binders: the Kafka metrics refresh thread, the GC listener
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS); // a refit or an input check in progress
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean staticMember = settings.clientConfig().containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        synchronized (this) { // not while the input check starts streams
            boolean closed = streams.close(CloseOptions.groupMembershipOperation(staticMember
                    ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                    : CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)))
                    && streams.state() == KafkaStreams.State.NOT_RUNNING;
            if (closed) {
                try {
                    Files.writeString(cleanShutdownMarker(settings.stateDir(), settings.applicationId()),
                            java.time.Instant.now() + "\n", java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    LOG.warn("cannot mark the state folder as closed cleanly: {}", e.getMessage());
                }
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (probe != null) {
            probe.close();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
