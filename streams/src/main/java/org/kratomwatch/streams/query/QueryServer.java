package org.kratomwatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP query API of the signal engine for dashboards, on the JDK's built-in HTTP
 * server (no web framework), bound to 127.0.0.1 unless configured otherwise. Only GET and HEAD are
 * served; anything else is 405.
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code GET /signals}: the current disproportionality results of every instance, filtered,
 *       sorted and limited. Parameters: {@code substance}, {@code event} (a preferred term or a
 *       term-group name), {@code comparator} (whole values, case-insensitive); {@code eventKind}
 *       ({@code TERM} or {@code GROUP}); {@code scope} ({@code CUMULATIVE} or {@code PERIOD});
 *       {@code rule} (a rule in {@code signalsFired}: evans, ror025, ic025, eb05,
 *       increased-reporting); {@code state} (a SignalState); {@code minA} (a &ge; minA);
 *       {@code sort}, one of a, prr, ror, rorLower95, ic025, eb05, ebgm, substance, event, with a
 *       {@code -} prefix for descending (default {@code -eb05}; NaN always last; ties in key order);
 *       {@code limit} (0..10000, default 1000). Answer: {@code {"count", "matched", "partial",
 *       "failedInstances", "signals"}}, where {@code matched} counts the results that passed the
 *       filters before the limit, and {@code partial} is true when an instance in
 *       {@code failedInstances} did not answer (the rest is still returned).</li>
 *   <li>{@code GET /signals/{substance}/{event}}: every comparator and scope of one pair, from the
 *       instance that owns it (the request is forwarded there and its answer relayed). The path
 *       segments are percent-decoded ({@code +} stays a plus): write a space as {@code %20} and a
 *       slash inside a name as {@code %2F}, e.g. {@code /signals/kratom/dependence%2Fabuse}.
 *       Answer: {@code {"substance", "event", "count", "signals"}}; 404 when there is none.</li>
 *   <li>{@code GET /signals/{substance}/{event}/history}: the pair's results per data period,
 *       oldest first, {@code {"substance", "event", "count", "history"}}; 404 when never counted.</li>
 *   <li>{@code GET /interactions}: the Omega interaction results of every instance, gathered like
 *       {@code /signals}; parameters {@code watchSubstance}, {@code coDrug}, {@code event},
 *       {@code signal} (true or false), {@code limit}; ordered by omega025 descending, NaN last.
 *       Answer: {@code {"count", "matched", "partial", "failedInstances", "interactions"}}.</li>
 *   <li>{@code GET /signal-events}: signal state changes as Server-Sent Events
 *       ({@code from=latest}, the default, or {@code from=earliest}); see {@link SignalEventStream}.
 *       503 when the server was built without Kafka client settings.</li>
 *   <li>{@code GET /health}: 200 {@code {"status":"UP","state":...}} or 503 {@code "DOWN"}, with
 *       this instance's advertised address ({@code instance}, null without one), its
 *       {@code activeTasks} and {@code standbyTasks} (task ids such as {@code 0_3}) and the input
 *       {@code partitions} of its active tasks ({@code topic-partition}), e.g. to see that an
 *       instance took over every partition after another one stopped.</li>
 *   <li>{@code GET /metrics}: Prometheus text format of the registry (see {@link Metrics}).</li>
 *   <li>{@code GET /}: the live dashboard, a static page (with {@code /dashboard/dashboard.js} and
 *       {@code /dashboard/dashboard.css}) that shows the current signals from {@code /signals},
 *       follows {@code /signal-events} and draws the selected pair's history; see
 *       {@link DashboardAssets}. Any other {@code /dashboard/} name is 404.</li>
 * </ul>
 *
 * <p>Records are JSON objects with the Avro field names (see {@link SignalJson}: NaN is
 * {@code null}, infinities are the strings {@code "Infinity"} and {@code "-Infinity"}). Unknown or
 * repeated query parameters and bad values are 400, naming the parameter. Every error is JSON
 * {@code {"status":404,"error":"...","path":"..."}}, never a stack trace; stores that cannot be
 * queried during a rebalance give 503 with {@code Retry-After}.
 *
 * <p>Lists are gathered by calling {@code ?local=true} on every other instance of
 * {@link SignalQueries#instances()} (each filters, sorts and limits its own records; this one
 * merges); without an advertised address ({@link SignalQueries#self()} null) the instance answers
 * alone. Calls between instances carry the {@code X-KratomWatch-Forwarded} header and are never
 * forwarded again.
 *
 * <p>Loading this class sets {@code sun.net.httpserver.nodelay=true} unless it is set already:
 * without it every answer of the JDK server waits ~40 ms for a delayed ACK. The JDK reads it once,
 * when the first {@link HttpServer} of the JVM starts.
 */
public final class QueryServer implements AutoCloseable {

    /** The default port. */
    public static final int DEFAULT_PORT = 7070;

    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Comparator<JsonNode> PAIR_ORDER = JsonOrder.key("eventKind", "comparator", "scope");
    /** The JDK server's switch for TCP_NODELAY on accepted connections. */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK's server leaves Nagle's algorithm on unless told otherwise (read once per JVM, when
        // its first server starts): it writes an answer's headers and body separately, so every
        // answer waited for the client's delayed ACK, ~40 ms on Linux (measured here: 44 ms per
        // request, 1.2 ms with TCP_NODELAY), twice for a forwarded pair query.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final SignalQueries queries;
    private final PrometheusMeterRegistry registry;
    private final Peers peers;
    private final SignalEventStream events;
    private final DashboardAssets dashboard = DashboardAssets.load();
    private final HttpServer server;
    private final ExecutorService executor;

    private QueryServer(Builder b) throws IOException {
        this.queries = b.queries;
        this.registry = b.registry != null ? b.registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.peers = new Peers(b.peerTimeout);
        this.events = b.kafkaConfig == null ? null
                : new SignalEventStream(b.kafkaConfig, b.heartbeat, Math.max(1, b.threads / 2), registry);
        AtomicInteger threadIds = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(b.threads, b.threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "kratomwatch-query-" + threadIds.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(b.bindAddress), b.port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("query API listening on {}:{}", b.bindAddress, port());
    }

    /** A builder for a server over these queries. */
    public static Builder builder(SignalQueries queries) {
        return new Builder(queries);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The registry served on {@code /metrics}. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Ends the event streams and stops the server; does not close the registry. */
    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    // ---- dispatch ------------------------------------------------------------------------------

    private void handle(HttpExchange ex) {
        long start = System.nanoTime();
        String method = ex.getRequestMethod();
        String endpoint = "other";
        int status = 500;
        try {
            Route route = Route.of(ex.getRequestURI().getRawPath());
            endpoint = route.endpoint();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                throw new HttpError(405, "method " + method + " not allowed; this API is read-only (GET, HEAD)");
            }
            status = dispatch(ex, route);
        } catch (HttpError e) {
            status = error(ex, e.status(), e.getMessage());
        } catch (InvalidStateStoreException e) {
            ex.getResponseHeaders().set("Retry-After", "1");
            status = error(ex, 503, "state stores are not queryable now (the engine is rebalancing); retry");
        } catch (IOException e) {
            LOG.debug("client of {} went away: {}", endpoint, e.toString());
            status = 499;
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", method, endpoint, e);
            status = error(ex, 500, "internal error (" + e.getClass().getSimpleName() + ")");
        } finally {
            ex.close();
            Metrics.requests(registry, endpoint, method.equals("GET") || method.equals("HEAD") ? method : "other",
                    status).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private int dispatch(HttpExchange ex, Route route) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        switch (route.endpoint()) {
            case Route.SIGNALS:
                return signals(ex, Params.parse(query, SignalFilter.PARAMS));
            case Route.PAIR:
                return pair(ex, route, query);
            case Route.HISTORY:
                return history(ex, route, query);
            case Route.INTERACTIONS:
                return interactions(ex, Params.parse(query, InteractionFilter.PARAMS));
            case Route.SIGNAL_EVENTS:
                return signalEvents(ex, Params.parse(query, List.of("from")));
            case Route.HEALTH:
                Params.parse(query, List.of());
                return health(ex);
            case Route.METRICS:
                Params.parse(query, List.of());
                return send(ex, 200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
            case Route.DASHBOARD:
                return asset(ex, DashboardAssets.PAGE);
            case Route.ASSET:
                return asset(ex, route.asset());
            default:
                throw HttpError.notFound("no such resource");
        }
    }

    // ---- endpoints -----------------------------------------------------------------------------

    private int signals(HttpExchange ex, Params params) throws IOException {
        SignalFilter filter = SignalFilter.of(params);
        List<JsonNode> records = new ArrayList<>();
        for (DisproportionalitySignal s : queries.localSignals()) {
            if (filter.test(s)) {
                records.add(SignalJson.toJson(s));
            }
        }
        return sendGathered(ex, params, records, filter.order(), filter.limit(), "/signals", "signals");
    }

    private int interactions(HttpExchange ex, Params params) throws IOException {
        InteractionFilter filter = InteractionFilter.of(params);
        List<JsonNode> records = new ArrayList<>();
        for (InteractionSignal s : queries.localInteractions()) {
            if (filter.test(s)) {
                records.add(SignalJson.toJson(s));
            }
        }
        return sendGathered(ex, params, records, InteractionFilter.ORDER, filter.limit(), "/interactions",
                "interactions");
    }

    /** Adds the other instances' records unless this is itself a gathering call, then sorts and limits. */
    private int sendGathered(HttpExchange ex, Params params, List<JsonNode> records, Comparator<JsonNode> order,
            int limit, String path, String field) throws IOException {
        long matched = records.size();
        List<String> failed = List.of();
        if (!Boolean.TRUE.equals(params.bool(SignalFilter.LOCAL))) {
            List<HostInfo> others = others();
            if (!others.isEmpty()) {
                Peers.Gathered g = peers.gather(others, path, params.encode(SignalFilter.LOCAL, "true"), field);
                records.addAll(g.records());
                matched += g.matched();
                failed = g.failed();
            }
        }
        records.sort(order);
        List<JsonNode> page = records.subList(0, Math.min(limit, records.size()));
        ObjectNode body = SignalJson.MAPPER.createObjectNode();
        body.put("count", page.size());
        body.put("matched", matched);
        body.put("partial", !failed.isEmpty());
        ArrayNode failedNode = body.putArray("failedInstances");
        failed.forEach(failedNode::add);
        body.putArray(field).addAll(page);
        return sendJson(ex, 200, body);
    }

    private int pair(HttpExchange ex, Route route, String query) throws IOException {
        Params.parse(query, List.of());
        String substance = route.substance();
        String event = route.event();
        if (ex.getRequestHeaders().getFirst(Peers.FORWARDED_HEADER) == null) {
            Optional<HostInfo> owner = queries.ownerOf(substance, event);
            if (owner.isPresent() && isOther(owner.get())) {
                String target = ex.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
                Peers.Reply reply;
                try {
                    reply = peers.forward(owner.get(), target);
                } catch (IOException e) {
                    LOG.warn("owner instance {} did not answer: {}", Peers.name(owner.get()), e.toString());
                    throw new HttpError(502, "the instance owning this pair (" + Peers.name(owner.get())
                            + ") did not answer");
                }
                return send(ex, reply.status(), reply.contentType(), reply.body());
            }
        }
        List<JsonNode> records = new ArrayList<>();
        queries.localSignals(substance, event).forEach(s -> records.add(SignalJson.toJson(s)));
        if (records.isEmpty()) {
            throw HttpError.notFound("no signal for substance '" + substance + "' and event '" + event + "'");
        }
        records.sort(PAIR_ORDER);
        return sendJson(ex, 200, pairBody(substance, event, "signals", records));
    }

    private int history(HttpExchange ex, Route route, String query) throws IOException {
        Params.parse(query, List.of());
        String substance = route.substance();
        String event = route.event();
        List<JsonNode> records = new ArrayList<>();
        queries.history(substance, event).forEach(s -> records.add(SignalJson.toJson(s)));
        if (records.isEmpty()) {
            throw HttpError.notFound("no history for substance '" + substance + "' and event '" + event + "'");
        }
        return sendJson(ex, 200, pairBody(substance, event, "history", records));
    }

    private static ObjectNode pairBody(String substance, String event, String field, List<JsonNode> records) {
        ObjectNode body = SignalJson.MAPPER.createObjectNode();
        body.put("substance", substance);
        body.put("event", event);
        body.put("count", records.size());
        body.putArray(field).addAll(records);
        return body;
    }

    private int signalEvents(HttpExchange ex, Params params) throws IOException {
        String from = params.choice("from", List.of("latest", "earliest"));
        if (events == null) {
            throw new HttpError(503, "event streaming is not configured on this instance");
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, -1);
            return 200;
        }
        return events.serve(ex, "earliest".equals(from));
    }

    /** A dashboard file; query parameters are the page's own (e.g. {@code ?substance=kratom}), not checked here. */
    private int asset(HttpExchange ex, String name) throws IOException {
        DashboardAssets.Asset asset = dashboard.get(name)
                .orElseThrow(() -> HttpError.notFound("no such resource"));
        ex.getResponseHeaders().set("Content-Security-Policy", DashboardAssets.CONTENT_SECURITY_POLICY);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        return send(ex, 200, asset.contentType(), asset.body());
    }

    private int health(HttpExchange ex) throws IOException {
        boolean up;
        String state;
        try {
            up = queries.healthy();
            state = queries.state();
        } catch (RuntimeException e) {
            LOG.warn("health check failed", e);
            up = false;
            state = "ERROR";
        }
        ObjectNode body = SignalJson.MAPPER.createObjectNode();
        body.put("status", up ? "UP" : "DOWN");
        body.put("state", state);
        HostInfo self = queries.self();
        if (self == null) {
            body.putNull("instance");
        } else {
            body.put("instance", Peers.name(self));
        }
        SignalQueries.Assignment assignment;
        try {
            assignment = queries.assignment();
        } catch (RuntimeException e) {
            LOG.debug("cannot tell this instance's assignment: {}", e.toString());
            assignment = SignalQueries.Assignment.NONE;
        }
        ArrayNode active = body.putArray("activeTasks");
        assignment.activeTasks().forEach(active::add);
        ArrayNode standby = body.putArray("standbyTasks");
        assignment.standbyTasks().forEach(standby::add);
        ArrayNode partitions = body.putArray("partitions");
        assignment.partitions().forEach(partitions::add);
        return sendJson(ex, up ? 200 : 503, body);
    }

    // ---- instances -----------------------------------------------------------------------------

    /** The other instances to gather from; none when this one has no advertised address. */
    private List<HostInfo> others() {
        HostInfo self = queries.self();
        if (self == null) {
            return List.of();
        }
        List<HostInfo> others = new ArrayList<>();
        for (HostInfo h : queries.instances()) {
            if (h != null && h.port() > 0 && !h.equals(self) && !others.contains(h)) {
                others.add(h);
            }
        }
        return others;
    }

    private boolean isOther(HostInfo host) {
        return host.port() > 0 && !host.equals(queries.self());
    }

    // ---- responses -----------------------------------------------------------------------------

    private static int error(HttpExchange ex, int status, String message) {
        ObjectNode body = SignalJson.MAPPER.createObjectNode();
        body.put("status", status);
        body.put("error", message);
        body.put("path", ex.getRequestURI().getPath());
        try {
            return sendJson(ex, status, body);
        } catch (IOException e) {
            LOG.debug("cannot send error {}: {}", status, e.toString());
            return status;
        }
    }

    private static int sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        SignalJson.MAPPER.writeValue(bytes, body);
        return send(ex, status, JSON, bytes.toByteArray());
    }

    private static int send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }

    // ---- builder -------------------------------------------------------------------------------

    /** Settings of a {@link QueryServer}; {@link #start()} binds and starts it. */
    public static final class Builder {

        private final SignalQueries queries;
        private String bindAddress = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private PrometheusMeterRegistry registry;
        private Map<String, Object> kafkaConfig;
        private Duration peerTimeout = Duration.ofSeconds(3);
        private Duration heartbeat = Duration.ofSeconds(15);
        private int threads = 16;

        private Builder(SignalQueries queries) {
            this.queries = Objects.requireNonNull(queries, "queries");
        }

        /** The address to listen on (default 127.0.0.1, loopback only; 0.0.0.0 for every interface). */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port (default {@value QueryServer#DEFAULT_PORT}; 0 for any free port, see {@link QueryServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The registry served on {@code /metrics} and given the request timer, usually
         * {@link Metrics#registry}; default: a new empty Prometheus registry.
         */
        public Builder registry(PrometheusMeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /**
         * Kafka client settings (bootstrap servers, security) of the {@code /signal-events}
         * consumers; without them that endpoint answers 503. Group, commit and isolation settings
         * are the server's own.
         */
        public Builder kafkaConfig(Map<String, Object> kafkaConfig) {
            this.kafkaConfig = kafkaConfig == null ? null : Map.copyOf(kafkaConfig);
            return this;
        }

        /** How long to wait for another instance (connect, and then the answer); default 3 s. */
        public Builder peerTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("peer timeout must be positive: " + timeout);
            }
            this.peerTimeout = timeout;
            return this;
        }

        /** The longest silence on an event stream before a heartbeat comment; default 15 s. */
        public Builder heartbeat(Duration heartbeat) {
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
            }
            this.heartbeat = heartbeat;
            return this;
        }

        /**
         * Request threads (default 16); at most half of them serve event streams at once, so
         * streams cannot starve the other endpoints.
         */
        public Builder threads(int threads) {
            if (threads < 2) {
                throw new IllegalArgumentException("need at least 2 threads: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @throws IOException when the address cannot be bound
         */
        public QueryServer start() throws IOException {
            return new QueryServer(this);
        }
    }
}
