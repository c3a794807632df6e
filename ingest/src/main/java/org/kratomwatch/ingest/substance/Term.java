package org.kratomwatch.ingest.substance;

import java.util.List;

/**
 * One row of a substance dictionary: a way of writing a substance.
 *
 * @param substance canonical substance name
 * @param text the term as written in the file
 * @param words the term's normalized words (what is matched, word for word)
 * @param key {@code words} joined by single spaces
 * @param strippedKey the term's normalized name (without form or salt words), for
 *     {@link Scope#WHOLE}
 * @param kind what the term is
 * @param scope where it counts on its own
 * @param fuzzy whether misspellings of it are matched by edit distance (single words only)
 * @param source where the term comes from
 * @param note free text
 * @param entry {@code file:line} where the term is defined ({@code file:auto} for canonical names
 *     added implicitly)
 */
public record Term(String substance, String text, List<String> words, String key, String strippedKey, Kind kind,
        Scope scope, boolean fuzzy, String source, String note, String entry) {

    public Term {
        words = List.copyOf(words);
    }
}
