package org.kratomwatch.ingest.substance;

import java.util.ArrayList;
import java.util.List;

import org.kratomwatch.ingest.substance.Normalizer.Token;

/**
 * Finds dictionary terms in a list of words: word-for-word phrases (a hash lookup on the first word),
 * joined spellings of multi-word terms (MAENGDA for MAENG DA), and fuzzy single words.
 *
 * <p>Fuzzy matching compares a word with the dictionary words marked {@code fuzzy=yes} by optimal
 * string alignment distance. The allowed distance grows with the dictionary word's length: 0 up to
 * 5 letters, 1 for 6–8 letters, 2 for 9 or more. Only words of at least 5 letters, all letters, that
 * are not in the normalization lexicon and are not protected near-miss words are tried; candidates
 * must be within the length window and agree at the start (same first letter, or the first two
 * swapped, or the first replaced, dropped or preceded by one letter). A word that begins with a fuzzy dictionary word (KRATOMS, KRATOMOS) also
 * matches, with the extra letters as distance. A candidate is rejected when the word is at least as
 * close to a protected near-miss word as to the dictionary word.
 */
final class TermMatcher {

    static final int MIN_FUZZY_WORD_LENGTH = 5;
    /** Words looked back for negation cues in narratives. */
    static final int NEGATION_WINDOW = 5;

    /** One term found. */
    record Match(Term term, int segment, int from, int to, int distance, boolean fuzzy, String observed, int startChar,
            int endChar, boolean negated) {
    }

    private final SubstanceDictionary dict;

    TermMatcher(SubstanceDictionary dict) {
        this.dict = dict;
    }

    static int fuzzyThreshold(int termLength) {
        if (termLength >= 9) {
            return 2;
        }
        if (termLength >= SubstanceDictionary.MIN_FUZZY_TERM_LENGTH) {
            return 1;
        }
        return 0;
    }

    /**
     * @param words the words of one segment (no ignored tokens)
     * @param narrative true for free text: phrases do not cross sentence breaks and negation cues are
     *     looked for up to {@link #NEGATION_WINDOW} words back; false for drug names: only the word
     *     directly before (NO, NON, WITHOUT) or after (FREE) negates
     */
    List<Match> find(List<Token> words, int segment, boolean fuzzy, boolean narrative) {
        List<Match> out = null;
        final int n = words.size();
        boolean[] covered = null;
        for (int i = 0; i < n; i++) {
            String w = words.get(i).text;
            Term[] cands = dict.termsStartingWith(w);
            if (cands != null) {
                for (Term t : cands) {
                    int len = t.words().size();
                    if (matchesAt(t, words, i, narrative)) {
                        if (out == null) {
                            out = new ArrayList<>(4);
                        }
                        out.add(match(words, segment, i, i + len, t, 0, false, narrative));
                        if (covered == null) {
                            covered = new boolean[n];
                        }
                        for (int k = i; k < i + len; k++) {
                            covered[k] = true;
                        }
                    }
                }
            }
            Term j = dict.joinedTerm(w);
            if (j != null) {
                if (out == null) {
                    out = new ArrayList<>(4);
                }
                out.add(match(words, segment, i, i + 1, j, 0, false, narrative));
                if (covered == null) {
                    covered = new boolean[n];
                }
                covered[i] = true;
            }
        }
        if (fuzzy && dict.fuzzyTerms().length > 0) {
            for (int i = 0; i < n; i++) {
                if (covered != null && covered[i]) {
                    continue;
                }
                Match m = fuzzyAt(words, segment, i, narrative);
                if (m != null) {
                    if (out == null) {
                        out = new ArrayList<>(4);
                    }
                    out.add(m);
                }
            }
        }
        return out == null ? List.of() : out;
    }

    private static boolean matchesAt(Term t, List<Token> words, int i, boolean narrative) {
        List<String> tw = t.words();
        int len = tw.size();
        if (i + len > words.size()) {
            return false;
        }
        for (int k = 1; k < len; k++) {
            Token tok = words.get(i + k);
            if (!tok.text.equals(tw.get(k)) || narrative && tok.breakBefore) {
                return false;
            }
        }
        return true;
    }

    private Match match(List<Token> words, int segment, int from, int to, Term t, int distance, boolean fuzzy, boolean narrative) {
        String observed;
        if (narrative) {
            observed = "";
        } else if (to - from == 1) {
            observed = words.get(from).text;
        } else {
            observed = Normalizer.join(words.subList(from, to));
        }
        return new Match(t, segment, from, to, distance, fuzzy, observed, words.get(from).start, words.get(to - 1).end,
                negated(words, from, to, narrative));
    }

    private boolean negated(List<Token> words, int from, int to, boolean narrative) {
        if (to < words.size() && (words.get(to).cat & Normalizer.NEGATION_AFTER) != 0
                && !(narrative && words.get(to).breakBefore)) {
            return true;
        }
        int window = narrative ? NEGATION_WINDOW : 1;
        for (int k = from - 1; k >= 0 && k >= from - window; k--) {
            if (narrative && words.get(k + 1).breakBefore) {
                break; // sentence boundary between cue and term
            }
            if ((words.get(k).cat & Normalizer.NEGATION) != 0) {
                return true;
            }
        }
        return false;
    }

    private Match fuzzyAt(List<Token> words, int segment, int i, boolean narrative) {
        Token tok = words.get(i);
        String w = tok.text;
        int len = w.length();
        if (len < MIN_FUZZY_WORD_LENGTH || tok.cat != 0 || tok.numeric || dict.isNearMissWord(w)) {
            return null;
        }
        for (int c = 0; c < len; c++) {
            if (!Character.isLetter(w.charAt(c))) {
                return null;
            }
        }
        Term best = null;
        int bestD = Integer.MAX_VALUE;
        boolean bestPrefix = false;
        for (Term t : dict.fuzzyTerms()) {
            String k = t.key();
            int kl = k.length();
            int d;
            boolean prefix = false;
            if (len > kl && w.startsWith(k)) {
                d = len - kl;
                prefix = true;
            } else {
                int thr = fuzzyThreshold(kl);
                if (thr == 0 || Math.abs(len - kl) > thr) {
                    continue;
                }
                char w0 = w.charAt(0);
                char k0 = k.charAt(0);
                boolean plausible = w0 == k0 // same first letter
                        || w0 == k.charAt(1) && w.charAt(1) == k0 // first two swapped
                        || w.charAt(1) == k.charAt(1) && w.charAt(2) == k.charAt(2) // first letter replaced
                        || w0 == k.charAt(1) && w.charAt(1) == k.charAt(2) // first letter dropped
                        || w.charAt(1) == k0 && w.charAt(2) == k.charAt(1); // letter added in front
                if (!plausible) {
                    continue;
                }
                d = Osa.distance(w, k, thr);
                if (d > thr) {
                    continue;
                }
            }
            if (best == null || d < bestD || d == bestD && kl > best.key().length()) {
                best = t;
                bestD = d;
                bestPrefix = prefix;
            }
        }
        if (best == null) {
            return null;
        }
        for (String nm : dict.nearMissFuzzyWords()) {
            if (bestPrefix) {
                if (w.startsWith(nm) || nm.startsWith(best.key())) {
                    return null;
                }
            } else if (Math.abs(nm.length() - len) <= bestD && Osa.distance(w, nm, bestD) <= bestD) {
                return null;
            }
        }
        return match(words, segment, i, i + 1, best, bestD, true, narrative);
    }
}
