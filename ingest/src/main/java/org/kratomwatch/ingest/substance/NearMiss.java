package org.kratomwatch.ingest.substance;

/**
 * A protected name: a real drug or product that looks like a dictionary term (KETOROLAC,
 * MIRTAZAPINE, KAVA KAVA, ...). Words of protected names are never fuzzy-matched, and a word that is
 * at least as close to a protected word as to a dictionary term is not fuzzy-matched either.
 *
 * @param name the protected name as written
 * @param key its normalized words
 * @param resembles which dictionary term(s) it could be confused with
 * @param source why it is protected / where it comes from
 * @param entry {@code file:line}
 */
public record NearMiss(String name, String key, String resembles, String source, String entry) {
}
