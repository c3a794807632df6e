package org.kratomwatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;
import org.kratomwatch.avro.InteractionSignal;

/**
 * The filters and limit of {@code GET /interactions}. Text filters match whole values, ignoring
 * case. The order is fixed: Omega025 descending (the interaction criterion is Omega025 &gt; 0), NaN
 * last, then the key order.
 */
final class InteractionFilter {

    static final List<String> PARAMS = List.of("watchSubstance", "coDrug", "event", "signal", "limit",
            SignalFilter.LOCAL);

    static final Comparator<JsonNode> ORDER = JsonOrder.number("omega025", true)
            .thenComparing(JsonOrder.key("watchSubstance", "coDrug", "eventKind", "event"));

    private final String watchSubstance;
    private final String coDrug;
    private final String event;
    private final Boolean signal;
    private final int limit;

    private InteractionFilter(Params p) {
        watchSubstance = p.get("watchSubstance");
        coDrug = p.get("coDrug");
        event = p.get("event");
        signal = p.bool("signal");
        limit = (int) p.integer("limit", 0, SignalFilter.MAX_LIMIT, SignalFilter.DEFAULT_LIMIT);
    }

    /**
     * @throws HttpError 400 naming the parameter with a bad value
     */
    static InteractionFilter of(Params params) {
        return new InteractionFilter(params);
    }

    boolean test(InteractionSignal s) {
        return (watchSubstance == null || watchSubstance.equalsIgnoreCase(s.getWatchSubstance()))
                && (coDrug == null || coDrug.equalsIgnoreCase(s.getCoDrug()))
                && (event == null || event.equalsIgnoreCase(s.getEvent()))
                && (signal == null || signal == s.getSignal());
    }

    int limit() {
        return limit;
    }
}
