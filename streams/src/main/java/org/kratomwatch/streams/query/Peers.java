package org.kratomwatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP calls to the other instances of the application: gathering their local lists in parallel,
 * and forwarding a single pair's query to its owner. Timeouts are short because a dashboard would
 * rather have a partial answer now than a complete one after a failed instance's TCP timeout.
 */
final class Peers {

    /**
     * Marks a request made by another instance: it is answered locally and never forwarded again,
     * so two instances that disagree about ownership (e.g. during a rebalance) cannot loop.
     */
    static final String FORWARDED_HEADER = "X-KratomWatch-Forwarded";

    private static final Logger LOG = LoggerFactory.getLogger(Peers.class);

    private final HttpClient client;
    private final Duration timeout;

    Peers(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** An instance's answer, relayed as it is. */
    record Reply(int status, String contentType, byte[] body) {
    }

    /** What the other instances answered: their records, their matched counts, and who failed. */
    record Gathered(List<JsonNode> records, long matched, List<String> failed) {
    }

    /** {@code host:port}, as instances are named in answers. */
    static String name(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    /**
     * GETs {@code path?query} from every host in parallel and collects the array {@code field} of
     * each 200 JSON answer (with its {@code matched} count); any other answer, a timeout or an
     * unreachable host puts the host in {@link Gathered#failed}.
     */
    Gathered gather(List<HostInfo> hosts, String path, String query, String field) {
        Map<HostInfo, CompletableFuture<HttpResponse<byte[]>>> calls = new LinkedHashMap<>();
        for (HostInfo host : hosts) {
            CompletableFuture<HttpResponse<byte[]>> call;
            try {
                call = client.sendAsync(request(host, path + "?" + query), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IllegalArgumentException e) { // a host name that makes no URI
                call = CompletableFuture.failedFuture(e);
            }
            calls.put(host, call);
        }
        List<JsonNode> records = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        long matched = 0;
        for (Map.Entry<HostInfo, CompletableFuture<HttpResponse<byte[]>>> call : calls.entrySet()) {
            String name = name(call.getKey());
            try {
                HttpResponse<byte[]> response = call.getValue().get(2 * timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (response.statusCode() != 200) {
                    LOG.warn("instance {} answered {} with status {}", name, path, response.statusCode());
                    failed.add(name);
                    continue;
                }
                JsonNode body = SignalJson.MAPPER.readTree(response.body());
                JsonNode list = body.get(field);
                if (list == null || !list.isArray()) {
                    LOG.warn("instance {} answered {} without a {} array", name, path, field);
                    failed.add(name);
                    continue;
                }
                list.forEach(records::add);
                JsonNode m = body.get("matched");
                matched += m != null && m.canConvertToLong() ? m.longValue() : list.size();
            } catch (ExecutionException | TimeoutException | IOException e) {
                call.getValue().cancel(true);
                LOG.warn("instance {} did not answer {}: {}", name, path,
                        e instanceof ExecutionException ? String.valueOf(e.getCause()) : e.toString());
                failed.add(name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(name);
            }
        }
        return new Gathered(records, matched, failed);
    }

    /**
     * GETs {@code rawPathAndQuery} (still percent-encoded) from the host, marked as forwarded.
     *
     * @throws IOException when the host does not answer in time
     */
    Reply forward(HostInfo host, String rawPathAndQuery) throws IOException {
        try {
            HttpResponse<byte[]> r = client.send(request(host, rawPathAndQuery), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/json"),
                    r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpRequest request(HostInfo host, String rawPathAndQuery) {
        String h = host.host().indexOf(':') >= 0 && !host.host().startsWith("[") ? "[" + host.host() + "]"
                : host.host();
        return HttpRequest.newBuilder(URI.create("http://" + h + ":" + host.port() + rawPathAndQuery))
                .timeout(timeout)
                .header(FORWARDED_HEADER, "1")
                .header("Accept", "application/json")
                .GET()
                .build();
    }
}
