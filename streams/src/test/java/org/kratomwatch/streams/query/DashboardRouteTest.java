package org.kratomwatch.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's static files: {@code /} is the page, its two assets have their content types
 * and a restrictive content security policy, and nothing else is reachable under
 * {@code /dashboard/} (no directory traversal, encoded or not).
 */
class DashboardRouteTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private QueryServer server;

    @BeforeEach
    void start() throws IOException {
        server = QueryServer.builder(new InMemorySignalQueries()).port(0).start();
    }

    @AfterEach
    void stop() {
        server.close();
        server.registry().close();
    }

    @Test
    void pageAndAssetsAreServedWithTheirContentTypes() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'").contains("connect-src 'self'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<table id=\"signals\">").contains("/dashboard/dashboard.js");
        assertThat(get("/?substance=kratom").statusCode()).isEqualTo(200);

        HttpResponse<String> js = get("/dashboard/dashboard.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("new EventSource(\"/signal-events\")");
        HttpResponse<String> css = get("/dashboard/dashboard.css");
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/dashboard/index.html").statusCode()).isEqualTo(200);

        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri("/")).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void nothingElseIsReachable() throws Exception {
        for (String path : List.of("/dashboard/", "/dashboard/missing.js", "/dashboard/../QueryServer.class",
                "/dashboard/%2e%2e/QueryServer.class", "/dashboard/..%2FQueryServer.class", "/dashboard/dashboard/dashboard.js",
                "/index.html", "/dashboard", "/org/kratomwatch/streams/query/dashboard/index.html")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("application/json; charset=utf-8");
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
