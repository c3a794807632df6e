package org.kratomwatch.ingest.substance;

import java.util.List;
import java.util.Set;

/**
 * The result of recognizing one drug entry.
 *
 * <p>Naming convention: dictionary substances have their canonical (lower-case) names, e.g.
 * {@code kratom}, {@code 7-hydroxymitragynine}, {@code oxycodone}; anything else is represented by
 * its normalized upper-case name, e.g. {@code ACETAMINOPHEN}, so counts group sensibly either way.
 *
 * @param rawName the drug name as given (never null; "" for null input)
 * @param activeIngredient the active-ingredient field as given, or null
 * @param normalized the normalized drug name (main part, without dose/form/route/salt words), e.g.
 *     {@code TYLENOL} for {@code TYLENOL 500 MG TABLETS (ACETAMINOPHEN)}
 * @param substance the dictionary substance, or null when the method is {@link Method#NONE}
 * @param groups the substance's groups (empty when none)
 * @param method how the substance was found
 * @param evidence what matched, the deciding match first (empty for {@link Method#NONE})
 * @param normalizedSubstance the substance name to count when nothing matched: the normalized active
 *     ingredient(s) (FAERS {@code prod_ai}, several joined by {@code \} in sorted order), else a
 *     single bracketed ingredient ({@code TYLENOL (ACETAMINOPHEN)} → {@code ACETAMINOPHEN}), else
 *     the normalized name; equal to {@code substance} when one was found
 * @param ingredients every substance named: the recognized substance first, then other dictionary
 *     substances found, then unrecognized active-ingredient components
 */
public record Recognition(String rawName, String activeIngredient, String normalized, String substance, Set<String> groups,
        Method method, List<Evidence> evidence, String normalizedSubstance, List<String> ingredients) {

    public Recognition {
        groups = Set.copyOf(groups);
        evidence = List.copyOf(evidence);
        ingredients = List.copyOf(ingredients);
    }

    /** The dictionary substance, else the normalized substance name (see {@link #normalizedSubstance()}). */
    public String substanceOrNormalized() {
        return substance != null ? substance : normalizedSubstance;
    }

    /** Whether a dictionary substance was found. */
    public boolean recognized() {
        return method != Method.NONE;
    }

    /** Whether the substance is in the group. */
    public boolean inGroup(String group) {
        return groups.contains(group);
    }

    /** Whether the substance is kratom or kratom-derived (group {@code kratom-related}). */
    public boolean kratomRelated() {
        return groups.contains(SubstanceDictionary.KRATOM_RELATED);
    }

    /** The deciding evidence, or null for {@link Method#NONE}. */
    public Evidence primaryEvidence() {
        return evidence.isEmpty() ? null : evidence.get(0);
    }
}
