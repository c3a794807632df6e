package org.kratomwatch.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.streams.query.SignalJson;

/**
 * Reads a running engine's records through its query API: {@code /signals} (every current
 * record, gathered from every instance), {@code /signals/{substance}/{event}/history} for each
 * pair, and {@code /interactions}. An instance that does not answer makes the read fail rather
 * than give a report with rows silently missing.
 */
public final class QueryApiReader {

    /** The API's largest page; a watch list with more records than this needs narrower reports. */
    static final int LIMIT = 10_000;

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base    the API's address, e.g. {@code http://127.0.0.1:7070}
     * @param timeout for each request
     */
    public QueryApiReader(URI base, Duration timeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** Every current record, the history of every pair among them, and the Ω records. */
    public EngineRecords read() {
        JsonNode signals = get("/signals?limit=" + LIMIT);
        complete(signals, "/signals");
        List<DisproportionalitySignal> current = new ArrayList<>();
        for (JsonNode n : signals.path("signals")) {
            current.add(SignalJsonReader.signal(n));
        }
        TreeSet<String> pairs = new TreeSet<>();
        current.forEach(s -> pairs.add(s.getSubstance() + "\u0000" + s.getEvent()));
        List<DisproportionalitySignal> history = new ArrayList<>();
        for (String pair : pairs) {
            String[] p = pair.split("\u0000", 2);
            JsonNode h = get("/signals/" + segment(p[0]) + "/" + segment(p[1]) + "/history");
            for (JsonNode n : h.path("history")) {
                history.add(SignalJsonReader.signal(n));
            }
        }
        JsonNode omega = get("/interactions?limit=" + LIMIT);
        complete(omega, "/interactions");
        List<InteractionSignal> interactions = new ArrayList<>();
        for (JsonNode n : omega.path("interactions")) {
            interactions.add(SignalJsonReader.interaction(n));
        }
        return new EngineRecords(current, history, false, interactions, "query API " + base,
                List.of(String.format(Locale.ROOT, "/signals: %,d current records of %,d pairs", current.size(), pairs.size()),
                        String.format(Locale.ROOT, "/signals/{substance}/{event}/history: %,d records", history.size()),
                        String.format(Locale.ROOT, "/interactions: %,d records", interactions.size())));
    }

    /** A path segment as the API decodes it: percent-encoded, a space as %20 and a slash as %2F. */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void complete(JsonNode body, String what) {
        if (body.path("partial").asBoolean(false)) {
            throw new UserInputException("the query API answered " + what + " without the instances "
                    + body.path("failedInstances") + "; a report needs every instance: retry when they are up");
        }
        if (body.path("matched").asLong() > body.path("count").asLong()) {
            throw new UserInputException("the query API holds " + body.path("matched").asLong() + " records at " + what
                    + ", more than one report reads (" + LIMIT + ")");
        }
    }

    private JsonNode get(String pathAndQuery) {
        URI uri = URI.create(base + pathAndQuery);
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new UserInputException("cannot reach the query API at " + base + " (connection refused); is the engine running?");
        } catch (HttpTimeoutException e) {
            throw new UserInputException("the query API at " + base + " did not answer " + pathAndQuery + " within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new UserInputException("cannot read " + uri + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserInputException("interrupted while reading " + uri);
        }
        if (r.statusCode() != 200) {
            throw new UserInputException("the query API answered " + r.statusCode() + " to " + pathAndQuery + ": "
                    + r.body().lines().findFirst().orElse(""));
        }
        try {
            return SignalJson.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UserInputException(uri + " did not answer JSON: " + e.getMessage());
        }
    }
}
