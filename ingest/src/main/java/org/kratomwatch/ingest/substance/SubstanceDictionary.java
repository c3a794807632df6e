package org.kratomwatch.ingest.substance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The substance dictionary: substances, their groups and terms, drug classes, and protected
 * near-miss names. Immutable and thread-safe; {@code with...} methods return a new dictionary.
 *
 * <h2>Substance file format ({@code substances.tsv})</h2>
 * UTF-8, tab-separated, no quoting (fields must not contain tabs). Lines starting with {@code #}
 * are comments; {@code # version: X} names the file's version. The first other line is the header;
 * columns are found by name, in any order:
 * <table>
 *   <caption>columns</caption>
 *   <tr><td>substance</td><td>required</td><td>canonical name, e.g. {@code kratom}</td></tr>
 *   <tr><td>term</td><td>required</td><td>a way of writing it, e.g. {@code MAENG DA}</td></tr>
 *   <tr><td>groups</td><td>optional</td><td>comma-separated, e.g. {@code kratom-related}; blank: as
 *       before</td></tr>
 *   <tr><td>priority</td><td>optional</td><td>integer; blank: as before (default 0)</td></tr>
 *   <tr><td>kind</td><td>optional</td><td>name, botanical, constituent, strain, brand, street,
 *       misspelling, product, synonym (default synonym)</td></tr>
 *   <tr><td>scope</td><td>optional</td><td>any, name, context, whole, off (default any); see
 *       {@link Scope}</td></tr>
 *   <tr><td>fuzzy</td><td>optional</td><td>yes/no (default no); single words of 6+ letters
 *       only</td></tr>
 *   <tr><td>source</td><td>optional</td><td>where the term comes from</td></tr>
 *   <tr><td>note</td><td>optional</td><td>free text</td></tr>
 * </table>
 * Groups and priority belong to the substance: they may be given on any of its rows, must agree
 * within a file, and a later file (user dictionary) replaces them. A term (compared after
 * normalization) belongs to one substance; in a user dictionary a term already defined is
 * reassigned, and {@code scope=off} removes it. Each substance's canonical name is a term even when
 * no row lists it.
 *
 * <h2>Class file format ({@code classes.tsv})</h2>
 * Columns {@code class}, {@code substance}, optional {@code source}, {@code note}: one substance of
 * a drug class per row. Substances are matched by normalized name or through dictionary terms.
 *
 * <h2>Near-miss file format ({@code near-misses.tsv})</h2>
 * Columns {@code name}, optional {@code resembles}, {@code source}, {@code note}: names that must
 * never be fuzzy-matched into a dictionary substance.
 *
 * <p>Every problem is reported as a {@link DictionaryFormatException} naming file, line and field.
 */
public final class SubstanceDictionary {

    /** The group of kratom leaf and kratom-derived substances. */
    public static final String KRATOM_RELATED = "kratom-related";

    /** Minimum length of a fuzzy-matched dictionary word. */
    public static final int MIN_FUZZY_TERM_LENGTH = 6;

    static final String SUBSTANCES_RESOURCE = "substances.tsv";
    static final String CLASSES_RESOURCE = "classes.tsv";
    static final String NEAR_MISSES_RESOURCE = "near-misses.tsv";

    private static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private enum SourceKind { SUBSTANCES, CLASSES, NEAR_MISSES }

    /** A parsed file: rows keyed by column name. */
    private record Source(SourceKind kind, String file, String version, List<Row> rows) {
    }

    private record Row(int line, Map<String, String> fields) {
        String get(String column) {
            String v = fields.get(column);
            return v == null ? "" : v.trim();
        }
    }

    private final Normalizer normalizer;
    private final List<Source> sources;
    private final Map<String, SubstanceEntry> substances;
    private final Map<String, Term> termsByKey;
    private final Map<String, Term[]> byFirstWord;
    private final Map<String, Term> joined;
    private final Term[] fuzzyTerms;
    private final List<NearMiss> nearMisses;
    private final Set<String> nearMissWords;
    private final String[] nearMissFuzzyWords;
    private final Map<String, Set<String>> classesByKey;
    private final Map<String, Set<String>> substancesByClass;

    private SubstanceDictionary(Normalizer normalizer, List<Source> sources) {
        this.normalizer = normalizer;
        this.sources = List.copyOf(sources);
        Built b = build(normalizer, this.sources);
        this.substances = b.substances;
        this.termsByKey = b.termsByKey;
        this.nearMisses = b.nearMisses;
        this.classesByKey = b.classesByKey;
        this.substancesByClass = b.substancesByClass;

        Map<String, List<Term>> first = new HashMap<>();
        Map<String, Term> joinedMap = new HashMap<>();
        List<Term> fuzzy = new ArrayList<>();
        for (Term t : termsByKey.values()) {
            first.computeIfAbsent(t.words().get(0), k -> new ArrayList<>()).add(t);
            if (t.fuzzy()) {
                fuzzy.add(t);
            }
        }
        for (Term t : termsByKey.values()) {
            if (t.words().size() >= 2) {
                String concat = String.join("", t.words());
                if (concat.length() >= 6 && concat.chars().allMatch(Character::isLetter) && !termsByKey.containsKey(concat)) {
                    joinedMap.putIfAbsent(concat, t);
                }
            }
        }
        Map<String, Term[]> firstArr = new HashMap<>();
        for (Map.Entry<String, List<Term>> e : first.entrySet()) {
            List<Term> l = e.getValue();
            l.sort(Comparator.comparingInt((Term t) -> -t.words().size()).thenComparing(Term::key));
            firstArr.put(e.getKey(), l.toArray(new Term[0]));
        }
        this.byFirstWord = firstArr;
        this.joined = joinedMap;
        this.fuzzyTerms = fuzzy.toArray(new Term[0]);
        Set<String> nmWords = new HashSet<>();
        Set<String> nmFuzzy = new TreeSet<>();
        for (NearMiss nm : nearMisses) {
            for (String w : nm.key().split(" ")) {
                if (termsByKey.containsKey(w)) {
                    continue; // a dictionary word inside a protected name (SPECIOSA in LAGERSTROEMIA SPECIOSA)
                }
                if (w.length() >= 4) {
                    nmWords.add(w);
                }
                if (w.length() >= 5) {
                    nmFuzzy.add(w);
                }
            }
        }
        this.nearMissWords = nmWords;
        this.nearMissFuzzyWords = nmFuzzy.toArray(new String[0]);
    }

    // ---------------------------------------------------------------------------------------
    // Loading

    /** The bundled dictionary: {@code substances.tsv}, {@code classes.tsv}, {@code near-misses.tsv}. */
    public static SubstanceDictionary loadDefault() {
        List<Source> s = new ArrayList<>();
        s.add(readResource(SourceKind.SUBSTANCES, SUBSTANCES_RESOURCE));
        s.add(readResource(SourceKind.CLASSES, CLASSES_RESOURCE));
        s.add(readResource(SourceKind.NEAR_MISSES, NEAR_MISSES_RESOURCE));
        return new SubstanceDictionary(Normalizer.standard(), s);
    }

    /**
     * A dictionary from files only (no bundled data).
     *
     * @param substances substance file (required)
     * @param classes class file, or null
     * @param nearMisses near-miss file, or null
     */
    public static SubstanceDictionary load(Path substances, Path classes, Path nearMisses) throws IOException {
        List<Source> s = new ArrayList<>();
        s.add(readFile(SourceKind.SUBSTANCES, substances));
        if (classes != null) {
            s.add(readFile(SourceKind.CLASSES, classes));
        }
        if (nearMisses != null) {
            s.add(readFile(SourceKind.NEAR_MISSES, nearMisses));
        }
        return new SubstanceDictionary(Normalizer.standard(), s);
    }

    /** A dictionary from one substance file given as a reader (no classes, no near misses). */
    public static SubstanceDictionary load(Reader substances, String fileName) throws IOException {
        return new SubstanceDictionary(Normalizer.standard(), List.of(read(SourceKind.SUBSTANCES, substances, fileName)));
    }

    /** This dictionary extended / overridden by a user substance file (same format). */
    public SubstanceDictionary withUserDictionary(Path file) throws IOException {
        return with(readFile(SourceKind.SUBSTANCES, file));
    }

    /** This dictionary extended / overridden by a user substance file given as a reader. */
    public SubstanceDictionary withUserDictionary(Reader reader, String fileName) throws IOException {
        return with(read(SourceKind.SUBSTANCES, reader, fileName));
    }

    /** This dictionary with more class rows. */
    public SubstanceDictionary withClasses(Path file) throws IOException {
        return with(readFile(SourceKind.CLASSES, file));
    }

    /** This dictionary with more class rows, given as a reader. */
    public SubstanceDictionary withClasses(Reader reader, String fileName) throws IOException {
        return with(read(SourceKind.CLASSES, reader, fileName));
    }

    /** This dictionary with more protected near-miss names. */
    public SubstanceDictionary withNearMisses(Path file) throws IOException {
        return with(readFile(SourceKind.NEAR_MISSES, file));
    }

    /** This dictionary with more protected near-miss names, given as a reader. */
    public SubstanceDictionary withNearMisses(Reader reader, String fileName) throws IOException {
        return with(read(SourceKind.NEAR_MISSES, reader, fileName));
    }

    private SubstanceDictionary with(Source s) {
        List<Source> l = new ArrayList<>(sources);
        l.add(s);
        return new SubstanceDictionary(normalizer, l);
    }

    private static Source readResource(SourceKind kind, String name) {
        InputStream in = SubstanceDictionary.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("classpath resource " + name + " is missing");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(kind, r, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Source readFile(SourceKind kind, Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(kind, r, file.toString());
        }
    }

    private static final Map<SourceKind, List<String>> REQUIRED = Map.of(
            SourceKind.SUBSTANCES, List.of("substance", "term"),
            SourceKind.CLASSES, List.of("class", "substance"),
            SourceKind.NEAR_MISSES, List.of("name"));
    private static final Map<SourceKind, List<String>> ALLOWED = Map.of(
            SourceKind.SUBSTANCES, List.of("substance", "groups", "priority", "term", "kind", "scope", "fuzzy", "source", "note"),
            SourceKind.CLASSES, List.of("class", "substance", "source", "note"),
            SourceKind.NEAR_MISSES, List.of("name", "resembles", "source", "note"));

    private static Source read(SourceKind kind, Reader reader, String file) throws IOException {
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String version = "unversioned";
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = br.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher m = Normalizer.VERSION.matcher(line);
                if (m.matches()) {
                    version = m.group(1);
                }
                continue;
            }
            String[] f = line.split("\t", -1);
            if (header == null) {
                header = new ArrayList<>();
                for (String h : f) {
                    String name = h.trim().toLowerCase(Locale.ROOT);
                    if (!ALLOWED.get(kind).contains(name)) {
                        throw new DictionaryFormatException(file, lineNo, "header", "unknown column '" + h.trim()
                                + "' (expected tab-separated columns from: " + String.join(", ", ALLOWED.get(kind)) + ")");
                    }
                    if (header.contains(name)) {
                        throw new DictionaryFormatException(file, lineNo, "header", "column '" + name + "' appears twice");
                    }
                    header.add(name);
                }
                for (String req : REQUIRED.get(kind)) {
                    if (!header.contains(req)) {
                        throw new DictionaryFormatException(file, lineNo, "header", "required column '" + req + "' is missing");
                    }
                }
                continue;
            }
            if (f.length > header.size()) {
                throw new DictionaryFormatException(file, lineNo, "columns", "expected at most " + header.size()
                        + " tab-separated fields as in the header, found " + f.length);
            }
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < f.length; i++) {
                fields.put(header.get(i), f[i]);
            }
            rows.add(new Row(lineNo, fields));
        }
        if (header == null) {
            throw new DictionaryFormatException(file, lineNo, "header", "no header line (expected columns "
                    + String.join(", ", REQUIRED.get(kind)) + ")");
        }
        return new Source(kind, file, version, List.copyOf(rows));
    }

    // ---------------------------------------------------------------------------------------
    // Building

    private static final class Sub {
        final String name;
        final String definedAt;
        final int srcIndex;
        Set<String> groups = Set.of();
        int priority;

        Sub(String name, String definedAt, int srcIndex) {
            this.name = name;
            this.definedAt = definedAt;
            this.srcIndex = srcIndex;
        }
    }

    private record Built(Map<String, SubstanceEntry> substances, Map<String, Term> termsByKey, List<NearMiss> nearMisses,
            Map<String, Set<String>> classesByKey, Map<String, Set<String>> substancesByClass) {
    }

    private static Built build(Normalizer nz, List<Source> sources) {
        Map<String, Sub> subs = new LinkedHashMap<>();
        Map<String, Term> terms = new LinkedHashMap<>();
        Set<String> switchedOff = new HashSet<>();
        Map<String, Integer> termSource = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            Source src = sources.get(i);
            if (src.kind == SourceKind.SUBSTANCES) {
                applySubstances(nz, src, i, subs, terms, termSource, switchedOff);
            }
        }
        // canonical names are terms
        for (Sub s : subs.values()) {
            String key = nz.key(s.name);
            Term t = terms.get(key);
            if (t == null) {
                if (!switchedOff.contains(key)) {
                    termSource.put(key, s.srcIndex);
                    terms.put(key, new Term(s.name, s.name, List.of(key.split(" ")), key, nz.strippedKey(s.name), Kind.NAME,
                            Scope.ANY, false, "canonical name", "", s.definedAt.replaceAll(":\\d+$", "") + ":auto"));
                }
            } else if (!t.substance().equalsIgnoreCase(s.name)) {
                String[] at = splitEntry(s.definedAt);
                throw new DictionaryFormatException(at[0], Integer.parseInt(at[1]), "substance", "canonical name '" + s.name
                        + "' is also a term of '" + t.substance() + "' (" + t.entry() + ")");
            }
        }
        Map<String, SubstanceEntry> entries = new LinkedHashMap<>();
        Map<String, List<Term>> termsBySub = new HashMap<>();
        for (Term t : terms.values()) {
            termsBySub.computeIfAbsent(t.substance().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<String, Sub> e : subs.entrySet()) {
            Sub s = e.getValue();
            entries.put(e.getKey(), new SubstanceEntry(s.name, s.groups, s.priority, nz.strippedKey(s.name),
                    termsBySub.getOrDefault(e.getKey(), List.of())));
        }

        // near misses
        Map<String, NearMiss> nms = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            Source src = sources.get(i);
            if (src.kind != SourceKind.NEAR_MISSES) {
                continue;
            }
            for (Row r : src.rows) {
                String name = r.get("name");
                if (name.isEmpty()) {
                    throw new DictionaryFormatException(src.file, r.line, "name", "must not be empty");
                }
                String key = nz.key(name);
                if (key.isEmpty()) {
                    throw new DictionaryFormatException(src.file, r.line, "name", "'" + name + "' has no letters or digits");
                }
                Term t = terms.get(key);
                if (t != null) {
                    if (termSource.getOrDefault(key, -1) > i) {
                        continue; // a later (user) dictionary made it a term on purpose: the later file wins
                    }
                    throw new DictionaryFormatException(src.file, r.line, "name", "protected name '" + name
                            + "' is also a dictionary term of '" + t.substance() + "' (" + t.entry() + ")");
                }
                nms.putIfAbsent(key, new NearMiss(name, key, r.get("resembles"), r.get("source"), src.file + ":" + r.line));
            }
        }

        // classes
        Map<String, Set<String>> classesByKey = new HashMap<>();
        Map<String, Set<String>> byClass = new LinkedHashMap<>();
        for (Source src : sources) {
            if (src.kind != SourceKind.CLASSES) {
                continue;
            }
            for (Row r : src.rows) {
                String cls = r.get("class");
                if (!GROUP.matcher(cls).matches()) {
                    throw new DictionaryFormatException(src.file, r.line, "class", "'" + cls
                            + "' is not a class name (lower-case letters, digits, hyphens)");
                }
                String sub = r.get("substance");
                if (nz.key(sub).isEmpty()) {
                    throw new DictionaryFormatException(src.file, r.line, "substance", "must name a substance");
                }
                String canonical = resolve(nz, terms, entries, sub);
                String ckey = canonical != null ? entries.get(canonical.toLowerCase(Locale.ROOT)).canonicalKey() : nz.strippedKey(sub);
                classesByKey.computeIfAbsent(ckey, k -> new TreeSet<>()).add(cls);
                byClass.computeIfAbsent(cls, k -> new TreeSet<>()).add(canonical != null ? canonical : sub.toLowerCase(Locale.ROOT));
            }
        }
        Map<String, Set<String>> classesCopy = new HashMap<>();
        classesByKey.forEach((k, v) -> classesCopy.put(k, Set.copyOf(v)));
        Map<String, Set<String>> byClassCopy = new LinkedHashMap<>();
        byClass.forEach((k, v) -> byClassCopy.put(k, java.util.Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        return new Built(java.util.Collections.unmodifiableMap(entries), java.util.Collections.unmodifiableMap(terms),
                List.copyOf(nms.values()), Map.copyOf(classesCopy), java.util.Collections.unmodifiableMap(byClassCopy));
    }

    private static String[] splitEntry(String entry) {
        int i = entry.lastIndexOf(':');
        return new String[] {entry.substring(0, i), entry.substring(i + 1)};
    }

    /** Canonical substance name for a name or term, or null. */
    private static String resolve(Normalizer nz, Map<String, Term> terms, Map<String, SubstanceEntry> entries, String name) {
        SubstanceEntry e = entries.get(name.trim().toLowerCase(Locale.ROOT));
        if (e != null) {
            return e.name();
        }
        Term t = terms.get(nz.key(name));
        if (t == null) {
            t = terms.get(nz.strippedKey(name));
        }
        if (t != null) {
            return t.substance();
        }
        String sk = nz.strippedKey(name);
        for (SubstanceEntry se : entries.values()) {
            if (se.canonicalKey().equals(sk)) {
                return se.name();
            }
        }
        return null;
    }

    private static void applySubstances(Normalizer nz, Source src, int srcIndex, Map<String, Sub> subs, Map<String, Term> terms,
            Map<String, Integer> termSource, Set<String> switchedOff) {
        Map<String, Row> fileGroups = new HashMap<>();
        Map<String, Row> filePriority = new HashMap<>();
        Map<String, Row> fileTerms = new HashMap<>();
        for (Row r : src.rows) {
            String file = src.file;
            String substance = r.get("substance");
            if (substance.isEmpty()) {
                throw new DictionaryFormatException(file, r.line, "substance", "must not be empty");
            }
            if (nz.key(substance).isEmpty()) {
                throw new DictionaryFormatException(file, r.line, "substance", "'" + substance + "' has no letters or digits");
            }
            String subKey = substance.toLowerCase(Locale.ROOT);

            Set<String> groups = null;
            String g = r.get("groups");
            if (!g.isEmpty()) {
                groups = new TreeSet<>();
                for (String part : g.split(",")) {
                    String p = part.trim();
                    if (!GROUP.matcher(p).matches()) {
                        throw new DictionaryFormatException(file, r.line, "groups", "'" + p
                                + "' is not a group name (lower-case letters, digits, hyphens; several separated by commas)");
                    }
                    groups.add(p);
                }
                Row prev = fileGroups.putIfAbsent(subKey, r);
                if (prev != null && !parseGroupsLenient(prev.get("groups")).equals(groups)) {
                    throw new DictionaryFormatException(file, r.line, "groups", "'" + g + "' conflicts with line " + prev.line
                            + " ('" + prev.get("groups") + "') for substance '" + substance + "'");
                }
            }
            Integer priority = null;
            String p = r.get("priority");
            if (!p.isEmpty()) {
                try {
                    priority = Integer.valueOf(p);
                } catch (NumberFormatException e) {
                    throw new DictionaryFormatException(file, r.line, "priority", "'" + p + "' is not an integer");
                }
                if (priority < -1000 || priority > 1000) {
                    throw new DictionaryFormatException(file, r.line, "priority", "'" + p + "' is outside -1000..1000");
                }
                Row prev = filePriority.putIfAbsent(subKey, r);
                if (prev != null && !prev.get("priority").equals(p)) {
                    throw new DictionaryFormatException(file, r.line, "priority", "'" + p + "' conflicts with line " + prev.line
                            + " ('" + prev.get("priority") + "') for substance '" + substance + "'");
                }
            }
            String text = r.get("term");
            if (text.isEmpty()) {
                throw new DictionaryFormatException(file, r.line, "term", "must not be empty");
            }
            String key = nz.key(text);
            if (key.isEmpty()) {
                throw new DictionaryFormatException(file, r.line, "term", "'" + text
                        + "' has no letters or digits left after normalization (doses are removed)");
            }
            String k = r.get("kind");
            Kind kind = k.isEmpty() ? Kind.SYNONYM : Kind.parse(k);
            if (kind == null) {
                throw new DictionaryFormatException(file, r.line, "kind", "unknown kind '" + k + "' (expected one of "
                        + String.join(", ", Arrays.stream(Kind.values()).map(Kind::label).toList()) + ")");
            }
            String s = r.get("scope");
            Scope scope = s.isEmpty() ? Scope.ANY : Scope.parse(s);
            if (scope == null) {
                throw new DictionaryFormatException(file, r.line, "scope", "unknown scope '" + s + "' (expected one of "
                        + String.join(", ", Arrays.stream(Scope.values()).map(Scope::label).toList()) + ")");
            }
            String fz = r.get("fuzzy").toLowerCase(Locale.ROOT);
            boolean fuzzy;
            switch (fz) {
                case "", "no", "false", "n" -> fuzzy = false;
                case "yes", "true", "y" -> fuzzy = true;
                default -> throw new DictionaryFormatException(file, r.line, "fuzzy", "'" + r.get("fuzzy") + "' is not yes or no");
            }
            if (fuzzy) {
                if (key.indexOf(' ') >= 0) {
                    throw new DictionaryFormatException(file, r.line, "fuzzy", "fuzzy matching applies to single-word terms only, not '"
                            + text + "'");
                }
                if (key.length() < MIN_FUZZY_TERM_LENGTH || !key.chars().allMatch(Character::isLetter)) {
                    throw new DictionaryFormatException(file, r.line, "fuzzy", "fuzzy matching needs a word of at least "
                            + MIN_FUZZY_TERM_LENGTH + " letters, not '" + key + "'");
                }
            }
            Row dup = fileTerms.putIfAbsent(key, r);
            if (dup != null) {
                throw new DictionaryFormatException(file, r.line, "term", "'" + text + "' duplicates line " + dup.line
                        + " (same words after normalization: '" + key + "')");
            }

            Sub sub = subs.get(subKey);
            if (sub == null) {
                if (scope == Scope.OFF) {
                    throw new DictionaryFormatException(file, r.line, "substance", "cannot switch off a term of unknown substance '"
                            + substance + "'");
                }
                sub = new Sub(substance, file + ":" + r.line, srcIndex);
                subs.put(subKey, sub);
            }
            if (groups != null) {
                sub.groups = Set.copyOf(groups);
            }
            if (priority != null) {
                sub.priority = priority;
            }
            if (scope == Scope.OFF) {
                Term existing = terms.get(key);
                if (existing == null || !existing.substance().equalsIgnoreCase(sub.name)) {
                    throw new DictionaryFormatException(file, r.line, "term", "cannot switch off '" + text + "': it is not a term of '"
                            + sub.name + "'" + (existing == null ? "" : " but of '" + existing.substance() + "'"));
                }
                terms.remove(key);
                switchedOff.add(key);
                continue;
            }
            switchedOff.remove(key);
            terms.remove(key); // a later file reassigns; re-insert keeps file order
            termSource.put(key, srcIndex);
            terms.put(key, new Term(sub.name, text, List.of(key.split(" ")), key, nz.strippedKey(text), kind, scope, fuzzy,
                    r.get("source"), r.get("note"), file + ":" + r.line));
        }
    }

    private static Set<String> parseGroupsLenient(String g) {
        Set<String> s = new TreeSet<>();
        for (String part : g.split(",")) {
            if (!part.isBlank()) {
                s.add(part.trim());
            }
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------
    // Queries

    /** Version of each loaded file, e.g. {@code substances.tsv 2025.11.0; user.tsv unversioned}. */
    public String version() {
        StringBuilder sb = new StringBuilder();
        for (Source s : sources) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(s.file).append(' ').append(s.version);
        }
        return sb.toString();
    }

    /** The normalizer used for keys. */
    public Normalizer normalizer() {
        return normalizer;
    }

    /** All substances in definition order. */
    public Collection<SubstanceEntry> substances() {
        return substances.values();
    }

    /** A substance by canonical name (case-insensitive), or null. */
    public SubstanceEntry entry(String substance) {
        if (substance == null) {
            return null;
        }
        SubstanceEntry e = substances.get(substance);
        return e != null ? e : substances.get(substance.trim().toLowerCase(Locale.ROOT));
    }

    /** All terms, keyed by their normalized words. */
    public Map<String, Term> terms() {
        return termsByKey;
    }

    /** Groups of a dictionary substance; empty for anything else. */
    public Set<String> groupsOf(String substance) {
        SubstanceEntry e = entry(substance);
        return e == null ? Set.of() : e.groups();
    }

    /** Canonical names of the substances in a group, in definition order. */
    public List<String> substancesInGroup(String group) {
        List<String> l = new ArrayList<>();
        for (SubstanceEntry e : substances.values()) {
            if (e.inGroup(group)) {
                l.add(e.name());
            }
        }
        return List.copyOf(l);
    }

    /**
     * Drug classes (e.g. {@code opioid}, {@code benzodiazepine}) of a substance. Accepts a canonical
     * dictionary name, a dictionary term (OXYCONTIN) or a normalized free-text name (OXYCODONE HCL);
     * empty when the substance is in no class.
     */
    public Set<String> classesOf(String substance) {
        if (substance == null || substance.isBlank()) {
            return Set.of();
        }
        SubstanceEntry e = entry(substance);
        if (e != null) {
            return classesByKey.getOrDefault(e.canonicalKey(), Set.of());
        }
        Term t = termsByKey.get(normalizer.key(substance));
        if (t != null) {
            SubstanceEntry te = entry(t.substance());
            return classesByKey.getOrDefault(te.canonicalKey(), Set.of());
        }
        return classesByKey.getOrDefault(normalizer.strippedKey(substance), Set.of());
    }

    /** Names of the class members as listed (canonical names where the dictionary knows them). */
    public Set<String> substancesInClass(String cls) {
        return substancesByClass.getOrDefault(cls, Set.of());
    }

    /** All class names. */
    public Set<String> classes() {
        return substancesByClass.keySet();
    }

    /** Protected near-miss names. */
    public List<NearMiss> nearMisses() {
        return nearMisses;
    }

    // package-private indexes for the matcher

    Term[] termsStartingWith(String word) {
        return byFirstWord.get(word);
    }

    Term joinedTerm(String word) {
        return joined.get(word);
    }

    Term[] fuzzyTerms() {
        return fuzzyTerms;
    }

    boolean isNearMissWord(String word) {
        return nearMissWords.contains(word);
    }

    String[] nearMissFuzzyWords() {
        return nearMissFuzzyWords;
    }

    boolean shareGroup(String substanceA, String substanceB) {
        if (substanceA.equalsIgnoreCase(substanceB)) {
            return true;
        }
        SubstanceEntry a = entry(substanceA);
        SubstanceEntry b = entry(substanceB);
        if (a == null || b == null) {
            return false;
        }
        for (String g : a.groups()) {
            if (b.groups().contains(g)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "SubstanceDictionary[" + substances.size() + " substances, " + termsByKey.size() + " terms, " + nearMisses.size()
                + " protected names, " + substancesByClass.size() + " classes; " + version() + "]";
    }
}
