package org.kratomwatch.streams.score;

import java.util.List;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.streams.count.CountKeys;

/**
 * An exposure–event pair: exposure kind ({@code S} substance, {@code G} group) and name, event
 * kind ({@code T} preferred term, {@code G} term group) and name.
 */
public record PairKey(String exposureKind, String exposure, String eventKind, String event) {

    /** The coarse count key {@code P|xk|x|ek|e}. */
    public String coarse() {
        return CountKeys.pair(exposureKind, exposure, eventKind, event);
    }

    /** Parses a coarse {@code P} key; null for any other key. */
    public static PairKey parse(String coarse) {
        List<String> p = Keys.split(coarse);
        if (p.size() != 5 || !p.get(0).equals("P")) {
            return null;
        }
        return new PairKey(p.get(1), p.get(2), p.get(3), p.get(4));
    }

    public EventKind avroEventKind() {
        return avroKind(eventKind);
    }

    static EventKind avroKind(String kind) {
        return CountKeys.TERM.equals(kind) ? EventKind.PREFERRED_TERM : EventKind.TERM_GROUP;
    }

    /** The count-key event kind of an Avro event kind. */
    public static String eventKindOf(EventKind kind) {
        return kind == EventKind.TERM_GROUP ? CountKeys.GROUP : CountKeys.TERM;
    }
}
