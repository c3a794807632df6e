package org.kratomwatch.streams.query;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Which endpoint a raw request path is, with the pair's names for the per-pair endpoints (and the
 * raw file name for a dashboard asset). The
 * endpoint is its template (e.g. {@code /signals/{substance}/{event}}), also the metrics tag.
 *
 * <p>Path segments are split on {@code /} before percent-decoding, so a slash inside a name is
 * written {@code %2F} (e.g. the term group {@code dependence/abuse}); {@code +} is a plus, not a
 * space. Invalid percent-encoding or UTF-8 is a 400.
 */
record Route(String endpoint, String rawSubstance, String rawEvent) {

    static final String SIGNALS = "/signals";
    static final String PAIR = "/signals/{substance}/{event}";
    static final String HISTORY = "/signals/{substance}/{event}/history";
    static final String INTERACTIONS = "/interactions";
    static final String SIGNAL_EVENTS = "/signal-events";
    static final String HEALTH = "/health";
    static final String METRICS = "/metrics";
    static final String DASHBOARD = "/";
    static final String ASSET = "/dashboard/{asset}";
    static final String OTHER = "other";

    /** @param rawPath the request path, still percent-encoded */
    static Route of(String rawPath) {
        String path = rawPath == null ? "" : rawPath;
        switch (path) {
            case SIGNALS:
            case SIGNALS + "/":
                return new Route(SIGNALS, null, null);
            case INTERACTIONS:
            case SIGNAL_EVENTS:
            case HEALTH:
            case METRICS:
            case DASHBOARD:
                return new Route(path, null, null);
            default:
                break;
        }
        if (path.startsWith("/dashboard/") && path.indexOf('/', "/dashboard/".length()) < 0) {
            return new Route(ASSET, path.substring("/dashboard/".length()), null); // the raw asset name
        }
        if (path.startsWith(SIGNALS + "/")) {
            String[] parts = path.substring(SIGNALS.length() + 1).split("/", -1);
            boolean pair = parts.length == 2;
            boolean history = parts.length == 3 && parts[2].equals("history");
            if ((pair || history) && !parts[0].isEmpty() && !parts[1].isEmpty()) {
                return new Route(pair ? PAIR : HISTORY, parts[0], parts[1]);
            }
        }
        return new Route(OTHER, null, null);
    }

    /** The dashboard asset's name as requested (not decoded: asset names are plain ASCII). */
    String asset() {
        return rawSubstance;
    }

    /**
     * The pair's substance, decoded.
     *
     * @throws HttpError 400 on invalid percent-encoding
     */
    String substance() {
        return decode(rawSubstance);
    }

    /**
     * The pair's event, decoded.
     *
     * @throws HttpError 400 on invalid percent-encoding
     */
    String event() {
        return decode(rawEvent);
    }

    /** Percent-decodes a path segment as UTF-8; {@code +} is kept. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        int plain = 0;
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) == '%') {
                byte[] b = segment.substring(plain, i).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int lo = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw HttpError.badRequest("malformed percent-encoding in the path");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
                plain = i + 1;
            }
        }
        byte[] rest = segment.substring(plain).getBytes(StandardCharsets.UTF_8);
        bytes.write(rest, 0, rest.length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("the path is not valid UTF-8 after percent-decoding");
        }
    }
}
