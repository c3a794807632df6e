package org.kratomwatch.ingest.substance;

/**
 * One mention found in a narrative. The narrative itself is not kept: only the dictionary term and
 * character offsets.
 *
 * @param substance the dictionary substance
 * @param term the dictionary term as written in the dictionary file
 * @param kind the term's kind
 * @param entry where the term is defined, {@code file:line}
 * @param method {@link Method#SYNONYM} (word for word) or {@link Method#FUZZY}
 * @param distance edit distance for fuzzy matches, else 0
 * @param start offset of the first character in the narrative
 * @param end offset after the last character
 * @param negated a negation cue (no, denies, never, without, negative, ...) precedes it within five
 *     words in the same sentence, or FREE follows it (kratom-free)
 */
public record Mention(String substance, String term, Kind kind, String entry, Method method, int distance, int start, int end,
        boolean negated) {
}
