package org.kratomwatch.ingest.substance;

/**
 * Why a name (or narrative) was linked to a substance.
 *
 * @param substance the dictionary substance
 * @param term the dictionary term as written in the dictionary file
 * @param kind the term's kind
 * @param scope the term's scope
 * @param source the term's {@code source} column
 * @param entry where the term is defined, {@code file:line}
 * @param field where the evidence was found
 * @param observed the normalized words that matched (empty for narratives, which are not retained)
 * @param distance edit distance (optimal string alignment) between observed word and term; 0 for
 *     word-for-word matches; for a fuzzy prefix match (KRATOMS for KRATOM) the number of extra
 *     letters
 * @param method {@link Method#SYNONYM} for word-for-word, {@link Method#FUZZY} for fuzzy matches
 */
public record Evidence(String substance, String term, Kind kind, Scope scope, String source, String entry,
        Field field, String observed, int distance, Method method) {

    @Override
    public String toString() {
        return substance + " <- " + kind.label() + " '" + term + "' (" + entry + ") via " + field.name().toLowerCase(java.util.Locale.ROOT)
                + (observed.isEmpty() ? "" : " '" + observed + "'") + (distance > 0 ? " distance " + distance : "");
    }
}
