package org.kratomwatch.report.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.kratomwatch.report.pdf.Chromium;

/**
 * Headless Chromium driven over the DevTools protocol (JSON over the JDK's WebSocket client), to
 * check pages as a reader sees them: what the console reported, what the DOM holds after the
 * scripts ran, and a screenshot. No browser download and no driver: the machine's Chromium
 * ({@link Chromium#locate()}), or nothing, in which case tests skip.
 *
 * <pre>
 *   try (HeadlessChromium browser = HeadlessChromium.start()) {
 *       HeadlessChromium.Page page = browser.open(url);
 *       page.eval("document.querySelectorAll('tr').length");
 *   }
 * </pre>
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** True when a Chromium executable is on this machine. */
    public static boolean available() {
        return Chromium.locate().isPresent();
    }

    /** Starts a headless Chromium with a fresh profile and connects to it. */
    public static HeadlessChromium start() throws IOException, InterruptedException {
        Path exe = Chromium.locate().orElseThrow(() -> new IllegalStateException(Chromium.HOW_TO_INSTALL));
        Path profile = Files.createTempDirectory("kratomwatch-cdp");
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(Chromium.headlessFlags(profile.resolve("profile")));
        cmd.add("--remote-debugging-port=0");
        cmd.add("--window-size=1280,900");
        cmd.add("about:blank");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
        // Chromium writes the port it chose and the browser's WebSocket path to DevToolsActivePort.
        Path active = profile.resolve("profile").resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(active)) {
                lines = Files.readAllLines(active, StandardCharsets.UTF_8);
                if (lines.size() >= 2) {
                    break;
                }
            }
            Thread.sleep(50);
        }
        if (lines.size() < 2) {
            p.destroyForcibly();
            throw new IOException("Chromium did not open its DevTools port; log: "
                    + Files.readString(profile.resolve("chromium.log")));
        }
        URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener(m -> self[0].receive(m))).join();
        self[0] = new HeadlessChromium(p, profile, ws);
        return self[0];
    }

    /** Opens a new tab on {@code url}, waits for its load event and returns it. */
    public Page open(String url) throws IOException {
        String target = call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        String session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .get("sessionId").asText();
        Page page = new Page(session);
        call(session, "Runtime.enable", Map.of());
        call(session, "Log.enable", Map.of());
        call(session, "Page.enable", Map.of());
        call(session, "Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        int before = events.size();
        call(session, "Page.navigate", Map.of("url", url));
        page.waitForEvent("Page.loadEventFired", before, Duration.ofSeconds(60));
        return page;
    }

    /** A tab. */
    public final class Page {

        private final String session;

        private Page(String session) {
            this.session = session;
        }

        /**
         * What the console reported as errors so far: console.error and console.assert calls,
         * uncaught exceptions, and browser log entries of level error (failed loads, CSP, ...).
         */
        public List<String> consoleErrors() {
            List<String> errors = new ArrayList<>();
            for (JsonNode e : events) {
                if (!session.equals(e.path("sessionId").asText())) {
                    continue;
                }
                JsonNode p = e.path("params");
                switch (e.path("method").asText()) {
                    case "Runtime.consoleAPICalled" -> {
                        String type = p.path("type").asText();
                        if (type.equals("error") || type.equals("assert")) {
                            errors.add("console." + type + ": " + p.path("args").toString());
                        }
                    }
                    case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails").toString());
                    case "Log.entryAdded" -> {
                        if (p.path("entry").path("level").asText().equals("error")) {
                            errors.add("log: " + p.path("entry").path("text").asText() + " "
                                    + p.path("entry").path("url").asText());
                        }
                    }
                    default -> {
                    }
                }
            }
            return errors;
        }

        /** Evaluates a JavaScript expression in the page (promises awaited) and returns its value as JSON. */
        public JsonNode eval(String expression) throws IOException {
            JsonNode r = call(session, "Runtime.evaluate",
                    Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
            if (r.has("exceptionDetails")) {
                throw new IOException("evaluation failed: " + r.get("exceptionDetails"));
            }
            return r.path("result").path("value");
        }

        /** Waits until a JavaScript expression is true. */
        public void waitUntil(String expression, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!eval("Boolean(" + expression + ")").asBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("timed out after " + timeout + " waiting for " + expression);
                }
                Thread.sleep(100);
            }
        }

        /** A PNG of the whole page (not only the viewport), saved to {@code file}. */
        public void screenshot(Path file) throws IOException {
            JsonNode metrics = call(session, "Page.getLayoutMetrics", Map.of());
            JsonNode size = metrics.path("cssContentSize");
            int height = (int) Math.min(12000, Math.ceil(size.path("height").asDouble(900)));
            int width = (int) Math.max(1280, Math.ceil(size.path("width").asDouble(1280)));
            call(session, "Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
            String data = call(session, "Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(data));
        }

        /** A PNG of one element (the first matching a CSS selector), saved to {@code file}. */
        public void screenshotOf(String selector, Path file) throws IOException {
            JsonNode box = eval("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector)
                    + "); e.scrollIntoView(); const r = e.getBoundingClientRect();"
                    + " return {x: r.x + window.scrollX, y: r.y + window.scrollY, w: r.width, h: r.height}; })()");
            Map<String, Object> clip = Map.of("x", box.get("x").asDouble(), "y", box.get("y").asDouble(),
                    "width", Math.max(1, box.get("w").asDouble()), "height", Math.max(1, box.get("h").asDouble()), "scale", 1);
            String data = call(session, "Page.captureScreenshot",
                    Map.of("format", "png", "clip", clip, "captureBeyondViewport", true)).get("data").asText();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(data));
        }

        private void waitForEvent(String method, int from, Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (int i = from; i < events.size(); i++) {
                    JsonNode e = events.get(i);
                    if (method.equals(e.path("method").asText()) && session.equals(e.path("sessionId").asText())) {
                        return;
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            throw new IOException("no " + method + " within " + timeout);
        }
    }

    private JsonNode call(String session, String method, Map<String, Object> params) throws IOException {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        if (session != null) {
            msg.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        synchronized (socket) {
            socket.sendText(JSON.writeValueAsString(msg), true).join();
        }
        try {
            JsonNode r = reply.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (r.has("error")) {
                throw new IOException(method + ": " + r.get("error"));
            }
            return r.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + method, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(method + " got no answer: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    private void receive(String message) {
        try {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.get(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
            } else {
                events.add(m);
            }
        } catch (IOException e) {
            // not JSON: ignore
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser is being stopped anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind
        }
    }

    /** Collects text frames (possibly split) into messages. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Consumer<String> sink;
        private final StringBuilder partial = new StringBuilder();

        Listener(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                sink.accept(message);
            }
            ws.request(1);
            return null;
        }
    }

    /** Screenshots go here, for review: {@code target/screenshots}. */
    public static Path screenshotDir() {
        return Path.of("target", "screenshots");
    }

    /** Optional convenience for skipping: an empty value when Chromium is missing. */
    public static Optional<String> missingReason() {
        return available() ? Optional.empty()
                : Optional.of("headless Chromium not found (" + Chromium.HOW_TO_INSTALL + "); browser checks skipped");
    }
}
