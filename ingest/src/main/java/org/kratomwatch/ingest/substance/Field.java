package org.kratomwatch.ingest.substance;

/** Where in a report a piece of evidence was found. */
public enum Field {
    /** The drug name outside brackets. */
    NAME,
    /** Inside brackets of the drug name, e.g. {@code TYLENOL (ACETAMINOPHEN)}. */
    BRACKET,
    /** The active-ingredient field (FAERS {@code prod_ai}, openFDA {@code activesubstancename}). */
    ACTIVE_INGREDIENT,
    /** Free narrative text. */
    NARRATIVE
}
