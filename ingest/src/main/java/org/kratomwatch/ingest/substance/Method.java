package org.kratomwatch.ingest.substance;

import java.util.Locale;

/**
 * How a drug name was recognized.
 *
 * <ul>
 *   <li>{@link #EXACT}: the normalized name (or an active-ingredient component) equals a
 *       substance's own canonical name, e.g. {@code KRATOM POWDER 500 MG} for {@code kratom}.
 *   <li>{@link #SYNONYM}: a dictionary term (synonym, strain, brand, street name, listed
 *       misspelling, or the canonical name inside a longer name) matched word-for-word after
 *       normalization, e.g. {@code MAENG DA KRATOM}, {@code MITRAGYNINE}, {@code O.P.M.S. GOLD}.
 *   <li>{@link #FUZZY}: matched only by edit-distance matching of a word, e.g. {@code KRATOME}.
 *   <li>{@link #NONE}: nothing in the dictionary matched.
 * </ul>
 */
public enum Method {
    EXACT, SYNONYM, FUZZY, NONE;

    /** Lower-case label as written by the {@code names} command: exact, synonym, fuzzy, none. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
