package org.kratomwatch.streams.query;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.StringJoiner;

/**
 * The query parameters of one request, form-decoded ({@code +} is a space), each at most once and
 * each one of the endpoint's known names: a typo such as {@code substnce=kratom} is a 400 naming
 * the parameter rather than a silently unfiltered answer.
 */
final class Params {

    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses a raw (still encoded) query string.
     *
     * @param rawQuery the query, or null for none
     * @param known    the parameter names the endpoint accepts
     * @throws HttpError 400 on malformed encoding, an unknown name or a repeated one
     */
    static Params parse(String rawQuery, List<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query string");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                if (!known.contains(name)) {
                    throw HttpError.badParameter(name, "unknown parameter (known: " + String.join(", ", known) + ")");
                }
                if (values.put(name, value) != null) {
                    throw HttpError.badParameter(name, "given more than once");
                }
            }
        }
        return new Params(Collections.unmodifiableMap(values));
    }

    private static String decode(String s, String what) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw what.equals("query string") ? HttpError.badRequest("malformed percent-encoding in the query string")
                    : HttpError.badParameter(what, "malformed percent-encoding");
        }
    }

    /** The value, or null when absent; an empty value is treated as absent. */
    String get(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    /** An enum-like choice, matched case-insensitively; null when absent. */
    String choice(String name, List<String> allowed) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.toLowerCase(Locale.ROOT).equals(lower)) {
                return a;
            }
        }
        throw HttpError.badParameter(name, "'" + v + "' is not one of " + String.join(", ", allowed));
    }

    /** A whole number in [min, max], or the default when absent. */
    long integer(String name, long min, long max, long defaultValue) {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badParameter(name, "'" + v + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw HttpError.badParameter(name, n + " is outside " + min + ".." + max);
        }
        return n;
    }

    /** {@code true} or {@code false} (case-insensitive), or null when absent. */
    Boolean bool(String name) {
        String v = choice(name, List.of("true", "false"));
        return v == null ? null : Boolean.valueOf(v);
    }

    /**
     * These parameters form-encoded again, with {@code extra} (name, value pairs) replacing any
     * parameter of the same name.
     */
    String encode(String... extra) {
        StringJoiner q = new StringJoiner("&");
        List<String> replaced = new ArrayList<>();
        for (int i = 0; i + 1 < extra.length; i += 2) {
            replaced.add(extra[i]);
        }
        values.forEach((k, v) -> {
            if (!v.isEmpty() && !replaced.contains(k)) {
                q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        for (int i = 0; i + 1 < extra.length; i += 2) {
            q.add(URLEncoder.encode(extra[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(extra[i + 1], StandardCharsets.UTF_8));
        }
        return q.toString();
    }
}
