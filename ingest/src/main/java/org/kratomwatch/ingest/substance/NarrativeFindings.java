package org.kratomwatch.ingest.substance;

import java.util.List;
import java.util.Set;

/**
 * What a narrative says about a group of substances (by default kratom-related).
 *
 * @param mentioned at least one mention that is not negated
 * @param substances substances with a mention that is not negated
 * @param mentions every mention in text order, negated ones included
 */
public record NarrativeFindings(boolean mentioned, Set<String> substances, List<Mention> mentions) {

    public NarrativeFindings {
        substances = Set.copyOf(substances);
        mentions = List.copyOf(mentions);
    }

    /** Nothing found. */
    public static final NarrativeFindings NOTHING = new NarrativeFindings(false, Set.of(), List.of());

    /** Mentions were found but every one is negated ("denies kratom use"). */
    public boolean onlyNegated() {
        return !mentioned && !mentions.isEmpty();
    }
}
