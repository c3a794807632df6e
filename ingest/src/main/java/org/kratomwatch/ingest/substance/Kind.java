package org.kratomwatch.ingest.substance;

import java.util.Locale;

/** What a dictionary term is, as written in the {@code kind} column of a dictionary file. */
public enum Kind {
    /** The substance's own canonical name. */
    NAME,
    /** Latin binomial or genus. */
    BOTANICAL,
    /** A chemical constituent (alkaloid) or its chemical name. */
    CONSTITUENT,
    /** Strain / vein / origin names (MAENG DA, RED BALI, GREEN MALAY, ...). */
    STRAIN,
    /** Brand, vendor or product-line name. */
    BRAND,
    /** Street or vernacular name (ketum, kakuam, ...). */
    STREET,
    /** A spelling error seen in reports. */
    MISSPELLING,
    /** A product description. */
    PRODUCT,
    /** Any other synonym (INN variant, abbreviation). */
    SYNONYM;

    /** Value as written in dictionary files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Kind parse(String s) {
        for (Kind k : values()) {
            if (k.label().equals(s)) {
                return k;
            }
        }
        return null;
    }
}
