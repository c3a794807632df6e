package org.kratomwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kratomwatch.streams.query.SignalJson;

/**
 * The query API of one engine instance over real HTTP, as a dashboard calls it, for the tests that
 * run engines on a broker.
 */
public final class QueryClient {

    /** The header instances put on calls to each other: the instance answers from its own stores only. */
    public static final String FORWARDED_HEADER = "X-KratomWatch-Forwarded";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public QueryClient(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** An answer: status, content type and body. */
    public record Reply(int status, String contentType, String body) {

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return SignalJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    /** GETs a path (already percent-encoded) with its query. */
    public Reply get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** GETs a path as another instance would: answered from this instance's own stores, never forwarded. */
    public Reply getLocal(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).header(FORWARDED_HEADER, "1")
                .GET().build());
    }

    /**
     * Sends {@code GET target HTTP/1.1} over a plain socket, for request targets that
     * {@link java.net.URI} refuses (e.g. a malformed percent-escape).
     */
    public Reply getRaw(String target) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = response.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? response : response.substring(0, headEnd);
            String body = headEnd < 0 ? "" : response.substring(headEnd + 4);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String type = "";
            for (String line : lines) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                    type = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return new Reply(status, type, body);
        }
    }

    /** GETs a path, checks the status and that the answer is JSON, and returns it. */
    public JsonNode json(String pathAndQuery, int expectedStatus) throws IOException, InterruptedException {
        Reply r = get(pathAndQuery);
        assertThat(r.status()).as("GET %s on port %d: %s", pathAndQuery, port, r.body()).isEqualTo(expectedStatus);
        assertThat(r.contentType()).as("content type of GET %s", pathAndQuery).startsWith("application/json");
        return r.json();
    }

    /**
     * Polls the instances' {@code /health} until each is RUNNING with active tasks of its own and
     * together they hold {@code tasks} tasks, each once.
     */
    public static void awaitBalanced(int tasks, Duration timeout, QueryClient... instances) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        StringBuilder last = new StringBuilder();
        while (System.nanoTime() < end) {
            last.setLength(0);
            Set<String> all = new HashSet<>();
            int held = 0;
            boolean each = true;
            for (QueryClient q : instances) {
                Reply h = q.get("/health");
                last.append(q.port).append(": ").append(h.body()).append('\n');
                List<String> active = h.status() == 200 ? texts(h.json().get("activeTasks")) : List.of();
                each &= h.status() == 200 && "RUNNING".equals(h.json().get("state").textValue()) && !active.isEmpty();
                held += active.size();
                all.addAll(active);
            }
            if (each && held == tasks && all.size() == tasks) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("instances not balanced over " + tasks + " tasks after " + timeout + ":\n" + last);
    }

    /** Polls {@code /health} until this instance is RUNNING with {@code tasks} active tasks; returns that answer. */
    public JsonNode awaitTasks(int tasks, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            Reply h = get("/health");
            last = h.body();
            if (h.status() == 200 && "RUNNING".equals(h.json().get("state").textValue())
                    && h.json().get("activeTasks").size() == tasks) {
                return h.json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("instance on port " + port + " without all " + tasks + " tasks after " + timeout + ": "
                + last);
    }

    /** The texts of a JSON array. */
    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.textValue()));
        }
        return out;
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** {@code /signals/{substance}/{event}} with both names percent-encoded (a slash as %2F, a space as %20). */
    public static String pairPath(String substance, String event) {
        return "/signals/" + segment(substance) + "/" + segment(event);
    }

    /** A path segment, percent-encoded ({@code +} would be a plus to the server, so a space is %20). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query parameter value, percent-encoded. */
    public static String param(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
