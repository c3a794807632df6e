package org.kratomwatch.ingest.substance;

import java.util.List;
import java.util.Set;

/**
 * A dictionary substance.
 *
 * @param name canonical name (lower case in the bundled dictionary, e.g. {@code kratom},
 *     {@code 7-hydroxymitragynine}, {@code oxycodone})
 * @param groups groups such as {@code kratom-related}
 * @param priority when one drug entry names several substances, the highest priority wins
 *     (7-hydroxymitragynine over kratom over ordinary drugs)
 * @param canonicalKey the normalized form of {@code name}; a drug name whose normalized name equals
 *     it is an {@link Method#EXACT} match
 * @param terms all terms of the substance (the canonical name included)
 */
public record SubstanceEntry(String name, Set<String> groups, int priority, String canonicalKey, List<Term> terms) {

    public SubstanceEntry {
        groups = Set.copyOf(groups);
        terms = List.copyOf(terms);
    }

    /** Whether the substance is in the group. */
    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
