package org.kratomwatch.streams.score;

import java.util.List;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.streams.count.CountKeys;

/** A watched exposure, a co-reported exposure and an event, for Ω. */
public record TripleKey(String kind, String watched, String otherKind, String other, String eventKind, String event) {

    /** The coarse count key {@code T|...}. */
    public String coarse() {
        return CountKeys.triple(kind, watched, otherKind, other, eventKind, event);
    }

    /** Parses a coarse {@code T} key; null for any other key. */
    public static TripleKey parse(String coarse) {
        List<String> p = Keys.split(coarse);
        if (p.size() != 7 || !p.get(0).equals("T")) {
            return null;
        }
        return new TripleKey(p.get(1), p.get(2), p.get(3), p.get(4), p.get(5), p.get(6));
    }
}
