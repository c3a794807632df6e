package org.kratomwatch.ingest.substance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.kratomwatch.ingest.substance.Normalizer.Token;
import org.kratomwatch.ingest.substance.TermMatcher.Match;

/**
 * Scans free narrative text (FAERS/CAERS case narratives, E2B H.1 case narrative) for mentions of
 * the substances of one group, kratom-related by default. Thread-safe; keeps nothing of the text.
 *
 * <p>Terms of scope {@code any} count on their own. Terms of scope {@code name}, {@code whole} and
 * {@code context} (brands, vein and strain names, street names that are ordinary words) count only
 * when an {@code any} term of the group also occurs in the same narrative: "took Maeng Da" is a
 * mention, "a red vein on the arm" is not. Phrases do not cross sentence ends. A mention preceded by
 * a negation cue within five words of the same sentence, or followed by FREE, is reported as negated
 * and does not set {@link NarrativeFindings#mentioned()}.
 */
public final class NarrativeScanner {

    private final SubstanceDictionary dictionary;
    private final TermMatcher matcher;
    private final String group;
    private final boolean fuzzy;

    private NarrativeScanner(SubstanceDictionary dictionary, String group, boolean fuzzy) {
        this.dictionary = dictionary;
        this.matcher = new TermMatcher(dictionary);
        this.group = group;
        this.fuzzy = fuzzy;
    }

    /** Scans for kratom-related substances, with fuzzy matching. */
    public static NarrativeScanner create(SubstanceDictionary dictionary) {
        return new NarrativeScanner(dictionary, SubstanceDictionary.KRATOM_RELATED, true);
    }

    /**
     * Scans for the substances of {@code group}.
     *
     * @param fuzzy whether misspellings are matched by edit distance
     */
    public static NarrativeScanner create(SubstanceDictionary dictionary, String group, boolean fuzzy) {
        if (dictionary.substancesInGroup(group).isEmpty()) {
            throw new IllegalArgumentException("no dictionary substance is in group '" + group + "'");
        }
        return new NarrativeScanner(dictionary, group, fuzzy);
    }

    /** The group scanned for. */
    public String group() {
        return group;
    }

    /** Finds mentions in a narrative; null or blank text finds nothing. */
    public NarrativeFindings scan(CharSequence text) {
        if (text == null || text.length() == 0) {
            return NarrativeFindings.NOTHING;
        }
        List<Token> words = new ArrayList<>();
        for (Token t : dictionary.normalizer().tokenize(text.toString())) {
            if (!t.ignored) {
                words.add(t);
            }
        }
        List<Match> found = new ArrayList<>();
        for (Match m : matcher.find(words, 0, fuzzy, true)) {
            SubstanceEntry e = dictionary.entry(m.term().substance());
            if (e != null && e.inGroup(group)) {
                found.add(m);
            }
        }
        if (found.isEmpty()) {
            return NarrativeFindings.NOTHING;
        }
        boolean anchored = false;
        for (Match m : found) {
            anchored |= m.term().scope() == Scope.ANY;
        }
        found.sort(Comparator.comparingInt(Match::startChar).thenComparingInt(m -> -m.term().words().size()));
        List<Mention> mentions = new ArrayList<>();
        Set<String> substances = new LinkedHashSet<>();
        int coveredUntil = -1;
        for (Match m : found) {
            if (m.term().scope() != Scope.ANY && !anchored) {
                continue;
            }
            if (m.endChar() <= coveredUntil) {
                continue; // inside a longer mention already reported
            }
            coveredUntil = Math.max(coveredUntil, m.endChar());
            Term t = m.term();
            mentions.add(new Mention(t.substance(), t.text(), t.kind(), t.entry(), m.fuzzy() ? Method.FUZZY : Method.SYNONYM,
                    m.distance(), m.startChar(), m.endChar(), m.negated()));
            if (!m.negated()) {
                substances.add(t.substance());
            }
        }
        return new NarrativeFindings(!substances.isEmpty(), substances, mentions);
    }
}
