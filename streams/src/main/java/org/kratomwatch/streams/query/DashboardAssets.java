package org.kratomwatch.streams.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The live dashboard's static files (plain HTML, CSS and JavaScript, no build step), served from
 * the jar: {@code /} is the page, {@code /dashboard/NAME} its assets. Only the files listed here
 * exist, each with its content type; a name is looked up, never joined to a path, so no request
 * can reach another resource (no directory traversal).
 */
final class DashboardAssets {

    /** The page's name under {@link #PREFIX}; {@code /} serves it too. */
    static final String PAGE = "index.html";

    private static final String PREFIX = "dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            PAGE, "text/html; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8");

    /**
     * What the page may load: only this server's own scripts, styles and API (the dashboard
     * builds everything else itself); inline SVG is part of the document, so needs no source.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Map<String, byte[]> bodies;

    private DashboardAssets(Map<String, byte[]> bodies) {
        this.bodies = bodies;
    }

    /** Loads every asset from the classpath once. */
    static DashboardAssets load() {
        Map<String, byte[]> bodies = new java.util.HashMap<>();
        for (String name : TYPES.keySet()) {
            try (InputStream in = DashboardAssets.class.getResourceAsStream(PREFIX + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard asset missing from the jar: " + PREFIX + name);
                }
                bodies.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard asset " + name, e);
            }
        }
        return new DashboardAssets(Map.copyOf(bodies));
    }

    /** An asset by its exact name, or empty. */
    Optional<Asset> get(String name) {
        byte[] body = bodies.get(name);
        return body == null ? Optional.empty() : Optional.of(new Asset(TYPES.get(name), body));
    }

    /** A file's content type and bytes. */
    record Asset(String contentType, byte[] body) {
    }
}
