package org.kratomwatch.streams.count;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.kratomwatch.schemas.Terms;

/**
 * Named groups of MedDRA preferred terms (dependence/abuse, withdrawal, interaction, …): a report
 * with any term of a group counts once for the group, which is then scored like one event. The
 * groups are data: a tab-separated {@code group<TAB>term} file with a header; the bundled default
 * is {@code term-groups.tsv} beside this class.
 */
public final class TermGroups {

    private final Map<String, Set<String>> groupsByTerm;
    private final Set<String> groups;

    private TermGroups(Map<String, Set<String>> groupsByTerm) {
        this.groupsByTerm = groupsByTerm;
        Set<String> all = new TreeSet<>();
        groupsByTerm.values().forEach(all::addAll);
        this.groups = Collections.unmodifiableSet(all);
    }

    /** No groups. */
    public static TermGroups none() {
        return new TermGroups(Map.of());
    }

    /** The bundled groups. */
    public static TermGroups defaults() {
        InputStream in = TermGroups.class.getResourceAsStream("term-groups.tsv");
        if (in == null) {
            throw new IllegalStateException("term-groups.tsv is missing from the classpath");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(r, "term-groups.tsv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses {@code group<TAB>term} lines after a header; {@code #} starts a comment line.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed line
     */
    public static TermGroups parse(Reader reader, String fileName) throws IOException {
        Map<String, Set<String>> byTerm = new HashMap<>();
        BufferedReader r = new BufferedReader(reader);
        String line;
        int n = 0;
        boolean header = true;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
                throw new IllegalArgumentException(fileName + ":" + n + ": expected group<TAB>term");
            }
            byTerm.computeIfAbsent(Terms.normalize(f[1]), k -> new TreeSet<>()).add(f[0].strip());
        }
        byTerm.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        return new TermGroups(Map.copyOf(byTerm));
    }

    /** The groups a (normalized) preferred term belongs to; empty for most terms. */
    public Set<String> groupsOf(String term) {
        return groupsByTerm.getOrDefault(term, Set.of());
    }

    /** Every group name. */
    public Set<String> groups() {
        return groups;
    }

    /** The groups of a report's terms, each once. */
    public Set<String> groupsOf(List<String> terms) {
        Set<String> out = new TreeSet<>();
        for (String t : terms) {
            out.addAll(groupsOf(t));
        }
        return out;
    }
}
