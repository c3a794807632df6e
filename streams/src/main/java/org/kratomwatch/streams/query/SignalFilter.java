package org.kratomwatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalState;

/**
 * The filters, order and limit of {@code GET /signals}, parsed from its query parameters. Text
 * filters match whole values, ignoring case. Every instance applies the same filter, order and
 * limit to its own records, and the gathering instance merges, sorts and limits again, so the
 * answer is the global top {@code limit}.
 */
final class SignalFilter {

    /** Set on the calls that gather from other instances: answer with this instance's records only. */
    static final String LOCAL = "local";

    static final List<String> PARAMS = List.of("substance", "event", "eventKind", "comparator", "scope", "rule",
            "state", "minA", "sort", "limit", LOCAL);

    /** The rule names of {@code DisproportionalitySignal.signalsFired}. */
    static final List<String> RULES = List.of("evans", "ror025", "ic025", "eb05", "increased-reporting");

    static final List<String> SORT_FIELDS = List.of("a", "prr", "ror", "rorLower95", "ic025", "eb05", "ebgm",
            "substance", "event");

    /**
     * EB05 descending: the shrunk lower bound is the measure least inflated by small counts, so the
     * top of the default list is the most robust disproportionality, not the noisiest.
     */
    static final String DEFAULT_SORT = "-eb05";

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    private static final List<String> EVENT_KINDS = List.of("TERM", "GROUP", "PREFERRED_TERM", "TERM_GROUP");
    private static final List<String> SCOPES = List.of(Scope.CUMULATIVE.name(), Scope.PERIOD.name());
    private static final List<String> STATES = names(SignalState.values());

    private final String substance;
    private final String event;
    private final EventKind eventKind;
    private final String comparator;
    private final Scope scope;
    private final String rule;
    private final SignalState state;
    private final long minA;
    private final Comparator<JsonNode> order;
    private final int limit;

    private SignalFilter(Params p) {
        substance = p.get("substance");
        event = p.get("event");
        String kind = p.choice("eventKind", EVENT_KINDS);
        eventKind = kind == null ? null : switch (kind) {
            case "TERM", "PREFERRED_TERM" -> EventKind.PREFERRED_TERM;
            default -> EventKind.TERM_GROUP;
        };
        comparator = p.get("comparator");
        String sc = p.choice("scope", SCOPES);
        scope = sc == null ? null : Scope.valueOf(sc);
        rule = p.choice("rule", RULES);
        String st = p.choice("state", STATES);
        state = st == null ? null : SignalState.valueOf(st);
        minA = p.integer("minA", 0, Long.MAX_VALUE, 0);
        order = order(p.has("sort") ? p.get("sort") : DEFAULT_SORT);
        limit = (int) p.integer("limit", 0, MAX_LIMIT, DEFAULT_LIMIT);
    }

    /**
     * @throws HttpError 400 naming the parameter with a bad value
     */
    static SignalFilter of(Params params) {
        return new SignalFilter(params);
    }

    boolean test(DisproportionalitySignal s) {
        return (substance == null || substance.equalsIgnoreCase(s.getSubstance()))
                && (event == null || event.equalsIgnoreCase(s.getEvent()))
                && (eventKind == null || eventKind == s.getEventKind())
                && (comparator == null || comparator.equalsIgnoreCase(s.getComparator()))
                && (scope == null || scope == s.getScope())
                && (rule == null || s.getSignalsFired().contains(rule))
                && (state == null || state == s.getState())
                && s.getA() >= minA;
    }

    /** The requested order, then the key order as a stable tie-break. */
    Comparator<JsonNode> order() {
        return order;
    }

    int limit() {
        return limit;
    }

    private static Comparator<JsonNode> order(String sort) {
        boolean descending = sort.startsWith("-");
        String field = descending ? sort.substring(1) : sort;
        if (!SORT_FIELDS.contains(field)) {
            throw HttpError.badParameter("sort", "'" + sort + "' is not one of " + String.join(", ", SORT_FIELDS)
                    + " (prefix - for descending)");
        }
        Comparator<JsonNode> primary = field.equals("substance") || field.equals("event")
                ? JsonOrder.text(field, descending) : JsonOrder.number(field, descending);
        return primary.thenComparing(JsonOrder.key("substance", "eventKind", "event", "comparator", "scope"));
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
