package org.kratomwatch.ingest.substance;

import java.util.Locale;

/**
 * Where a dictionary term may count as evidence on its own, as written in the {@code scope}
 * column of a dictionary file.
 */
public enum Scope {
    /** Anywhere in a drug name, an active ingredient, or a narrative. */
    ANY,
    /**
     * Anywhere in a drug name or active ingredient; in a narrative only when a term of scope
     * {@code any} of the same group also occurs there (brands and vein names such as OPMS or RED
     * VEIN are unambiguous on a drug line but not in prose).
     */
    NAME,
    /**
     * Only as supporting evidence: the term counts only when another, non-context term of a
     * substance sharing a group occurs in the same drug entry (name, brackets, active ingredient)
     * or narrative. For ambiguous words such as THAI, INDO, BORNEO, KRAVE, MITRAPHYLLINE.
     */
    CONTEXT,
    /**
     * Only when the term is the whole drug name (after removing dose, form and route words), e.g.
     * street names that are ordinary words elsewhere (THANG, THOM, BIAK); in a narrative treated as
     * {@link #CONTEXT}.
     */
    WHOLE,
    /** Only in a user dictionary: removes the term from the named substance. */
    OFF;

    /** Value as written in dictionary files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Scope parse(String s) {
        for (Scope k : values()) {
            if (k.label().equals(s)) {
                return k;
            }
        }
        return null;
    }
}
