package org.kratomwatch.ingest.substance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.kratomwatch.ingest.substance.Normalizer.Analysis;
import org.kratomwatch.ingest.substance.Normalizer.Segment;
import org.kratomwatch.ingest.substance.TermMatcher.Match;

/**
 * Recognizes the substance of a free-text drug name, optionally with the report's active-ingredient
 * field (FAERS {@code prod_ai}, openFDA {@code activesubstancename}). Thread-safe; results for
 * repeated inputs come from a bounded cache.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>The name is normalized ({@link Normalizer}); its main part, each bracket, and each component
 *       of the active ingredient (split at {@code \ ; +}) are searched for dictionary terms.
 *   <li>A term counts according to its {@link Scope}: {@code any}/{@code name} always;
 *       {@code whole} when it is the whole normalized text of its part; {@code context} (and an
 *       unsatisfied {@code whole}) only when a counting term of a substance sharing a group occurs
 *       in the same entry. A term directly preceded by NO/NON/WITHOUT or followed by FREE does not
 *       count.
 *   <li>When several substances are found the winner is: higher substance priority (so
 *       7-hydroxymitragynine beats kratom, and any kratom-related substance beats an ordinary drug);
 *       then a term counting on its own before a supporting one; then word-for-word before fuzzy;
 *       then active ingredient before name before bracket (the {@code prod_ai} precedence for
 *       ordinary drugs); then the longer term; then the earlier one.
 *   <li>The method is {@link Method#FUZZY} whenever the entry counts only thanks to a fuzzy match
 *       (MITRAGINA SPECIOSA: SPECIOSA is supporting evidence, MITRAGINA a fuzzy match).
 *   <li>Nothing found: {@link Recognition#substance()} is null and
 *       {@link Recognition#normalizedSubstance()} is the normalized active ingredient, else a single
 *       bracketed ingredient, else the normalized name.
 * </ol>
 */
public final class SubstanceRecognizer {

    /** Default maximum number of cached results. */
    public static final int DEFAULT_CACHE_SIZE = 100_000;

    private static final int MAX_EVIDENCE = 10;

    private final SubstanceDictionary dictionary;
    private final Normalizer nz;
    private final TermMatcher matcher;
    private final boolean fuzzy;
    private final RecognitionCache<String, Recognition> cache;

    private SubstanceRecognizer(SubstanceDictionary dictionary, boolean fuzzy, int cacheSize) {
        this.dictionary = dictionary;
        this.nz = dictionary.normalizer();
        this.matcher = new TermMatcher(dictionary);
        this.fuzzy = fuzzy;
        this.cache = cacheSize > 0 ? new RecognitionCache<>(cacheSize) : null;
    }

    /** A recognizer with fuzzy matching and the default cache. */
    public static SubstanceRecognizer create(SubstanceDictionary dictionary) {
        return builder(dictionary).build();
    }

    /** A builder for non-default settings. */
    public static Builder builder(SubstanceDictionary dictionary) {
        return new Builder(dictionary);
    }

    /** Settings of a {@link SubstanceRecognizer}. */
    public static final class Builder {
        private final SubstanceDictionary dictionary;
        private boolean fuzzy = true;
        private int cacheSize = DEFAULT_CACHE_SIZE;

        private Builder(SubstanceDictionary dictionary) {
            if (dictionary == null) {
                throw new IllegalArgumentException("dictionary is null");
            }
            this.dictionary = dictionary;
        }

        /** Whether to match misspellings by edit distance (default true). */
        public Builder fuzzy(boolean on) {
            this.fuzzy = on;
            return this;
        }

        /** Maximum number of cached results; 0 disables the cache (default 100,000, roughly 30 MB). */
        public Builder cacheSize(int entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("cache size must be >= 0");
            }
            this.cacheSize = entries;
            return this;
        }

        public SubstanceRecognizer build() {
            return new SubstanceRecognizer(dictionary, fuzzy, cacheSize);
        }
    }

    /** The dictionary in use. */
    public SubstanceDictionary dictionary() {
        return dictionary;
    }

    /** Recognizes a drug name without active-ingredient field. */
    public Recognition recognize(String rawName) {
        return recognize(rawName, null);
    }

    /**
     * Recognizes a drug entry.
     *
     * @param rawName free-text drug name (null is treated as empty)
     * @param activeIngredient active-ingredient field, or null / blank when absent
     */
    public Recognition recognize(String rawName, String activeIngredient) {
        String raw = rawName == null ? "" : rawName;
        boolean hasAi = activeIngredient != null && !activeIngredient.isBlank();
        if (cache == null) {
            return compute(raw, activeIngredient, hasAi);
        }
        String key = hasAi ? raw + '\u0000' + activeIngredient : raw;
        Recognition r = cache.get(key);
        if (r == null || !sameAi(r.activeIngredient(), activeIngredient)) {
            r = compute(raw, activeIngredient, hasAi);
            cache.put(key, r);
        }
        return r;
    }

    private static boolean sameAi(String a, String b) {
        boolean ba = a == null || a.isBlank();
        boolean bb = b == null || b.isBlank();
        return ba && bb || a != null && a.equals(b);
    }

    /** Cache hits so far. */
    public long cacheHits() {
        return cache == null ? 0 : cache.hits();
    }

    /** Cache misses so far. */
    public long cacheMisses() {
        return cache == null ? 0 : cache.misses();
    }

    // ---------------------------------------------------------------------------------------

    /** A term found in some part of the entry. */
    private record Cand(Match m, SubstanceEntry entry, Field field, String partKey, boolean exactEligible, int component) {
        boolean anchor() {
            Scope s = m.term().scope();
            return s == Scope.ANY || s == Scope.NAME || s == Scope.WHOLE && m.term().strippedKey().equals(partKey);
        }
    }

    private static int fieldRank(Field f) {
        return switch (f) {
            case ACTIVE_INGREDIENT -> 0;
            case NAME -> 1;
            case BRACKET -> 2;
            case NARRATIVE -> 3;
        };
    }

    private static final Comparator<Cand> RANKING = Comparator
            .comparingInt((Cand c) -> -c.entry.priority())
            .thenComparing(c -> !c.anchor())
            .thenComparing(c -> c.m.fuzzy())
            .thenComparingInt(c -> fieldRank(c.field))
            .thenComparingInt(c -> -c.m.term().words().size())
            .thenComparingInt(c -> c.m.distance())
            .thenComparingInt(c -> c.m.segment())
            .thenComparingInt(c -> c.m.from());

    private Recognition compute(String raw, String ai, boolean hasAi) {
        Analysis name = nz.analyze(raw);
        List<Cand> cands = new ArrayList<>();
        boolean mainInformative = name.main().informative;
        for (Segment seg : name.segments) {
            if (seg.words.isEmpty()) {
                continue;
            }
            Field field = seg.id == 0 ? Field.NAME : Field.BRACKET;
            boolean exactEligible = seg.id == 0 || !mainInformative;
            for (Match m : matcher.find(seg.words, seg.id, fuzzy, false)) {
                if (!m.negated()) {
                    cands.add(new Cand(m, dictionary.entry(m.term().substance()), field, seg.stripped, exactEligible, -1));
                }
            }
        }
        List<String> components = hasAi ? splitActiveIngredient(ai) : List.of();
        List<String> componentNames = new ArrayList<>(components.size());
        List<Boolean> componentInformative = new ArrayList<>(components.size());
        for (int ci = 0; ci < components.size(); ci++) {
            Analysis a = nz.analyze(components.get(ci));
            String norm = a.normalized();
            boolean informative = false;
            for (Segment seg : a.segments) {
                informative |= seg.informative;
            }
            componentNames.add(norm);
            componentInformative.add(informative);
            for (Segment seg : a.segments) {
                if (seg.words.isEmpty()) {
                    continue;
                }
                for (Match m : matcher.find(seg.words, seg.id, fuzzy, false)) {
                    if (!m.negated()) {
                        cands.add(new Cand(m, dictionary.entry(m.term().substance()), Field.ACTIVE_INGREDIENT,
                                seg.id == 0 ? seg.stripped : norm, seg.id == 0, ci));
                    }
                }
            }
        }

        List<Cand> valid = validate(cands);
        if (valid.isEmpty()) {
            return none(raw, ai, name, componentNames, componentInformative);
        }
        valid.sort(RANKING);
        Cand winner = valid.get(0);
        SubstanceEntry entry = winner.entry;
        boolean deterministicSupport = !winner.m.fuzzy() && winner.anchor();
        if (!winner.m.fuzzy() && !winner.anchor()) {
            for (Cand c : valid) {
                if (c.anchor() && !c.m.fuzzy() && dictionary.shareGroup(c.entry.name(), entry.name())) {
                    deterministicSupport = true;
                    break;
                }
            }
        }
        Method method;
        if (!deterministicSupport) {
            method = Method.FUZZY; // the entry counts only thanks to a fuzzy match
        } else {
            method = Method.SYNONYM;
            for (Cand c : valid) {
                if (c.entry == entry && !c.m.fuzzy() && c.exactEligible && c.partKey.equals(entry.canonicalKey())) {
                    method = Method.EXACT;
                    break;
                }
            }
        }
        List<Evidence> evidence = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int pass = 0; pass < 2; pass++) {
            for (Cand c : valid) {
                if ((c.entry == entry) == (pass == 0) && evidence.size() < MAX_EVIDENCE
                        && seen.add(c.entry.name() + '\u0000' + c.m.term().key() + '\u0000' + c.field + '\u0000' + c.m.observed())) {
                    evidence.add(toEvidence(c));
                }
            }
        }
        LinkedHashSet<String> ingredients = new LinkedHashSet<>();
        Set<Integer> matchedComponents = new HashSet<>();
        for (Cand c : valid) {
            ingredients.add(c.entry.name());
            if (c.component >= 0) {
                matchedComponents.add(c.component);
            }
        }
        for (int ci = 0; ci < componentNames.size(); ci++) {
            if (!matchedComponents.contains(ci) && componentInformative.get(ci)) {
                ingredients.add(componentNames.get(ci));
            }
        }
        return new Recognition(raw, ai, name.normalized(), entry.name(), entry.groups(), method, evidence, entry.name(),
                new ArrayList<>(ingredients));
    }

    private List<Cand> validate(List<Cand> cands) {
        if (cands.isEmpty()) {
            return new ArrayList<>(0);
        }
        List<Cand> valid = new ArrayList<>(cands.size());
        List<Cand> anchors = new ArrayList<>(cands.size());
        for (Cand c : cands) {
            if (c.anchor()) {
                anchors.add(c);
                valid.add(c);
            }
        }
        for (Cand c : cands) {
            if (!c.anchor()) {
                for (Cand a : anchors) {
                    if (dictionary.shareGroup(a.entry.name(), c.entry.name())) {
                        valid.add(c);
                        break;
                    }
                }
            }
        }
        return valid;
    }

    private static Evidence toEvidence(Cand c) {
        Term t = c.m.term();
        return new Evidence(t.substance(), t.text(), t.kind(), t.scope(), t.source(), t.entry(), c.field, c.m.observed(),
                c.m.distance(), c.m.fuzzy() ? Method.FUZZY : Method.SYNONYM);
    }

    private static Recognition none(String raw, String ai, Analysis name, List<String> componentNames,
            List<Boolean> componentInformative) {
        TreeSet<String> aiNames = new TreeSet<>();
        for (int i = 0; i < componentNames.size(); i++) {
            if (componentInformative.get(i)) {
                aiNames.add(componentNames.get(i));
            }
        }
        String normalized = name.normalized();
        String fallback;
        List<String> ingredients;
        if (!aiNames.isEmpty()) {
            fallback = String.join("\\", aiNames);
            ingredients = new ArrayList<>(aiNames);
        } else {
            String bracket = null;
            int informativeBrackets = 0;
            for (Segment s : name.segments) {
                if (s.id > 0 && s.informative) {
                    informativeBrackets++;
                    if (!s.list) {
                        bracket = s.stripped;
                    }
                }
            }
            fallback = informativeBrackets == 1 && bracket != null ? bracket : normalized;
            ingredients = fallback.isEmpty() ? List.of() : List.of(fallback);
        }
        return new Recognition(raw, ai, normalized, null, Set.of(), Method.NONE, List.of(), fallback, ingredients);
    }

    /** FAERS separates ingredients of {@code prod_ai} with a backslash; also accept ; + and ", ". */
    static List<String> splitActiveIngredient(String ai) {
        List<String> out = new ArrayList<>(2);
        int start = 0;
        int n = ai.length();
        for (int i = 0; i <= n; i++) {
            boolean sep = i == n;
            if (!sep) {
                char c = ai.charAt(i);
                sep = c == '\\' || c == ';' || c == '+' || c == ',' && i + 1 < n && ai.charAt(i + 1) == ' ';
            }
            if (sep) {
                String part = ai.substring(start, i).trim();
                if (!part.isEmpty()) {
                    out.add(part);
                }
                start = i + 1;
            }
        }
        return out;
    }
}
