package org.kratomwatch.ingest.substance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns free-text drug names into words and normalized names.
 *
 * <p>Steps, in order:
 * <ol>
 *   <li>Upper case; accents and compatibility forms folded (NFKD, marks dropped).
 *   <li>Words are runs of letters or of digits: {@code 7-OH}, {@code 7OH} and {@code 7 OH} all give
 *       {@code 7 OH}; {@code MIT45} gives {@code MIT 45}; {@code 250G} gives {@code 250 G}. A decimal
 *       point between digits stays in the number ({@code 0.5}).
 *   <li>Apostrophes join ({@code NATURE'S} → {@code NATURES}); dotted single-letter abbreviations
 *       join ({@code O.P.M.S.} → {@code OPMS}); every other punctuation separates words.
 *   <li>Brackets ({@code () [] {}}) open a separate segment: {@code TYLENOL (ACETAMINOPHEN)} has the
 *       main segment {@code TYLENOL} and one bracket segment {@code ACETAMINOPHEN}.
 *   <li>Doses are dropped: a number followed by a unit ({@code 500 MG}, {@code 3 OZ},
 *       {@code 5 MG/ML}); so are pure numbers of 5+ digits (FAERS codes such as
 *       {@code /01660201/}).
 *   <li>The <em>normalized name</em> of a segment also drops dose-form, release, route and
 *       uninformative words, salt words after a base name ({@code OXYCODONE HCL}, not
 *       {@code MAGNESIUM SULFATE}), stray units, and connectors at either end; if that leaves
 *       nothing, the words are kept as they were.
 * </ol>
 * The word lists are data: {@code normalization.tsv} beside this class.
 */
public final class Normalizer {

    static final int UNIT = 1;
    static final int FORM = 2;
    static final int ROUTE = 4;
    static final int SALT = 8;
    static final int CATION = 16;
    static final int NOISE = 32;
    static final int CONNECTOR = 64;
    static final int NEGATION = 128;
    static final int NEGATION_AFTER = 256;

    private static final String[] CATEGORY_NAMES = {
        "unit", "form", "route", "salt", "cation", "noise", "connector", "negation", "negation-after"
    };

    static final Pattern VERSION = Pattern.compile("^#\\s*version\\s*:\\s*(\\S.*?)\\s*$", Pattern.CASE_INSENSITIVE);

    private static final String RESOURCE = "normalization.tsv";
    private static volatile Normalizer standard;

    private final Map<String, Integer> lexicon;
    private final String version;

    private Normalizer(Map<String, Integer> lexicon, String version) {
        this.lexicon = new HashMap<>(lexicon);
        this.version = version;
    }

    /** The normalizer with the bundled {@code normalization.tsv} word lists. */
    public static Normalizer standard() {
        Normalizer n = standard;
        if (n == null) {
            synchronized (Normalizer.class) {
                n = standard;
                if (n == null) {
                    InputStream in = Normalizer.class.getResourceAsStream(RESOURCE);
                    if (in == null) {
                        throw new IllegalStateException("classpath resource " + RESOURCE + " is missing");
                    }
                    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                        n = load(r, RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    standard = n;
                }
            }
        }
        return n;
    }

    /**
     * Reads a lexicon in the format of {@code normalization.tsv}: a header {@code word category
     * note}, one word per row.
     *
     * @throws DictionaryFormatException on a malformed row
     */
    public static Normalizer load(Reader reader, String fileName) throws IOException {
        Map<String, Integer> lex = new HashMap<>();
        String version = "unversioned";
        BufferedReader br = new BufferedReader(reader);
        String line;
        int lineNo = 0;
        boolean header = false;
        while ((line = br.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher m = VERSION.matcher(line);
                if (m.matches()) {
                    version = m.group(1);
                }
                continue;
            }
            String[] f = line.split("\t", -1);
            if (!header) {
                if (f.length < 2 || !f[0].trim().equals("word") || !f[1].trim().equals("category")) {
                    throw new DictionaryFormatException(fileName, lineNo, "header", "expected columns 'word<TAB>category[<TAB>note]'");
                }
                header = true;
                continue;
            }
            String word = f[0].trim().toUpperCase(Locale.ROOT);
            if (word.isEmpty() || word.contains(" ")) {
                throw new DictionaryFormatException(fileName, lineNo, "word", "must be one non-empty word");
            }
            String cat = f.length > 1 ? f[1].trim() : "";
            int bit = 0;
            for (int i = 0; i < CATEGORY_NAMES.length; i++) {
                if (CATEGORY_NAMES[i].equals(cat)) {
                    bit = 1 << i;
                }
            }
            if (bit == 0) {
                throw new DictionaryFormatException(fileName, lineNo, "category",
                        "unknown category '" + cat + "' (expected one of " + String.join(", ", CATEGORY_NAMES) + ")");
            }
            lex.merge(word, bit, (a, b) -> a | b);
        }
        if (!header) {
            throw new DictionaryFormatException(fileName, 0, "header", "no header line 'word<TAB>category<TAB>note'");
        }
        return new Normalizer(lex, version);
    }

    /** Version line of the lexicon file. */
    public String version() {
        return version;
    }

    /**
     * The normalized drug name: upper case, without dose, form, route, salt and uninformative words;
     * the main (unbracketed) part of the name, or the first bracket when the main part is empty.
     * {@code "Kratom Powder 500mg (Mitragyna speciosa)"} → {@code "KRATOM"}.
     */
    public String normalize(String raw) {
        return analyze(raw).normalized();
    }

    /**
     * The words of a text after tokenization and dose removal, joined by single spaces; brackets are
     * flattened. Used for dictionary keys.
     */
    public String key(String text) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokenize(text)) {
            if (!t.ignored) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(t.text);
            }
        }
        return sb.toString();
    }

    /** Like {@link #key(String)} but with form, route, salt and noise words removed as for names. */
    String strippedKey(String text) {
        List<Token> words = new ArrayList<>();
        for (Token t : tokenize(text)) {
            if (!t.ignored) {
                words.add(t);
            }
        }
        String s = strip(words, false);
        return s.isEmpty() ? join(words) : s;
    }

    int categories(String word) {
        Integer c = lexicon.get(word);
        return c == null ? 0 : c;
    }

    boolean isLexiconWord(String word) {
        return lexicon.containsKey(word);
    }

    // ---------------------------------------------------------------------------------------
    // Tokenization

    /** A word of the input. Package-private and mutable only while tokenizing. */
    static final class Token {
        String text;
        final int start;
        int end;
        final int segment;
        final boolean breakBefore;
        final boolean numeric;
        /** Lexicon categories of {@link #text} (bit set; 0 = not a lexicon word). */
        int cat;
        boolean dotAfter;
        /** Part of a dose or a numeric code: not used for matching or names. */
        boolean ignored;

        Token(String text, int start, int end, int segment, boolean breakBefore, boolean numeric) {
            this.text = text;
            this.start = start;
            this.end = end;
            this.segment = segment;
            this.breakBefore = breakBefore;
            this.numeric = numeric;
        }

        @Override
        public String toString() {
            return text + (ignored ? "(ignored)" : "") + "@" + segment;
        }
    }

    /** Result of tokenizing a drug name. */
    static final class Analysis {
        final List<Token> tokens;
        final List<Segment> segments;

        Analysis(List<Token> tokens, List<Segment> segments) {
            this.tokens = tokens;
            this.segments = segments;
        }

        Segment main() {
            return segments.get(0);
        }

        /** Normalized name: main segment, else first non-empty bracket, else all words, else "". */
        String normalized() {
            Segment main = segments.get(0);
            if (main.informative) {
                return main.stripped;
            }
            for (Segment s : segments) {
                if (s.informative) {
                    return s.stripped;
                }
            }
            if (!main.stripped.isEmpty()) {
                return main.stripped;
            }
            for (Segment s : segments) {
                if (!s.stripped.isEmpty()) {
                    return s.stripped;
                }
            }
            return "";
        }
    }

    /** Main part (id 0) or one bracket of a name. */
    static final class Segment {
        final int id;
        final List<Token> words;
        /** Normalized name of the segment (falls back to all words when stripping leaves nothing). */
        final String stripped;
        /** Stripping left something: the segment names a product or ingredient. */
        final boolean informative;
        /** The segment lists several items (comma, slash, plus, semicolon, ampersand, AND, WITH). */
        final boolean list;

        Segment(int id, List<Token> words, String stripped, boolean informative, boolean list) {
            this.id = id;
            this.words = words;
            this.stripped = stripped;
            this.informative = informative;
            this.list = list;
        }
    }

    Analysis analyze(String raw) {
        long[] listSegments = new long[1];
        List<Token> tokens = tokenize(raw == null ? "" : raw, listSegments);
        int maxSeg = 0;
        for (Token t : tokens) {
            maxSeg = Math.max(maxSeg, t.segment);
        }
        List<Segment> segments = new ArrayList<>(maxSeg + 1);
        for (int s = 0; s <= maxSeg; s++) {
            List<Token> words = new ArrayList<>();
            boolean list = (listSegments[0] & (1L << Math.min(s, 63))) != 0;
            for (Token t : tokens) {
                if (t.segment == s && !t.ignored) {
                    words.add(t);
                    if ((t.cat & CONNECTOR) != 0 && !t.text.equals("OF") && !t.text.equals("IN") && !t.text.equals("THE")
                            && !t.text.equals("FOR")) {
                        list = true;
                    }
                }
            }
            String stripped = strip(words, false);
            boolean informative = !stripped.isEmpty();
            if (!informative) {
                stripped = join(words);
            }
            segments.add(new Segment(s, words, stripped, informative, list));
        }
        return new Analysis(tokens, segments);
    }

    List<Token> tokenize(String s) {
        return tokenize(s, new long[1]);
    }

    /** @param listSegments bit i set when segment i (capped at 63) lists several items */
    private List<Token> tokenize(String s, long[] listSegments) {
        List<Token> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder(16);
        int curStart = -1;
        int curEnd = -1;
        boolean curDigit = false;
        boolean pendingBreak = false;
        int depth = 0;
        int segCounter = 0;
        int seg = 0;
        final int n = s.length();
        for (int i = 0; i < n; i++) {
            char c0 = s.charAt(i);
            String folded = c0 < 128 ? null : fold(c0);
            int count = folded == null ? 1 : folded.length();
            for (int k = 0; k < count; k++) {
                char c = folded == null ? c0 : folded.charAt(k);
                boolean asciiLetter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
                if (asciiLetter || c >= 128 && Character.isLetter(c)) {
                    if (cur.length() > 0 && curDigit) {
                        out.add(new Token(cur.toString(), curStart, curEnd, seg, pendingBreak, true));
                        pendingBreak = false;
                        cur.setLength(0);
                    }
                    if (cur.length() == 0) {
                        curStart = i;
                    }
                    cur.append(asciiLetter ? (char) (c & ~0x20) : Character.toUpperCase(c));
                    curEnd = i + 1;
                    curDigit = false;
                } else if (c >= '0' && c <= '9' || c >= 128 && Character.isDigit(c)) {
                    if (cur.length() > 0 && !curDigit) {
                        out.add(new Token(cur.toString(), curStart, curEnd, seg, pendingBreak, false));
                        pendingBreak = false;
                        cur.setLength(0);
                    }
                    if (cur.length() == 0) {
                        curStart = i;
                    }
                    cur.append(Character.isDigit(c) && (c < '0' || c > '9') ? (char) ('0' + Character.digit(c, 10)) : c);
                    curEnd = i + 1;
                    curDigit = true;
                } else if (c == '\'' || c == '\u2019' || c == '\u2018' || c == '`' || c == '\u00B4') {
                    continue; // apostrophes join: NATURE'S -> NATURES
                } else {
                    if (c == '.' && curDigit && cur.length() > 0 && i + 1 < n && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '9') {
                        cur.append('.');
                        continue;
                    }
                    if (cur.length() > 0) {
                        Token t = new Token(cur.toString(), curStart, curEnd, seg, pendingBreak, curDigit);
                        t.dotAfter = c == '.';
                        out.add(t);
                        pendingBreak = false;
                        cur.setLength(0);
                    }
                    switch (c) {
                        case '(', '[', '{' -> {
                            depth++;
                            if (depth == 1) {
                                seg = ++segCounter;
                            }
                        }
                        case ')', ']', '}' -> {
                            if (depth > 0) {
                                depth--;
                                if (depth == 0) {
                                    seg = 0;
                                }
                            }
                        }
                        case ',', '+', '&', '/', '\\' -> listSegments[0] |= 1L << Math.min(seg, 63);
                        case ';' -> {
                            listSegments[0] |= 1L << Math.min(seg, 63);
                            pendingBreak = true;
                        }
                        case '.', '!', '?', '\n', '\r' -> pendingBreak = true;
                        case '%' -> out.add(new Token("%", i, i + 1, seg, false, false));
                        default -> {
                        }
                    }
                }
            }
        }
        if (cur.length() > 0) {
            out.add(new Token(cur.toString(), curStart, curEnd, seg, pendingBreak, curDigit));
        }
        mergeDottedAbbreviations(out);
        for (Token t : out) {
            t.cat = categories(t.text);
        }
        markDoses(out);
        return out;
    }

    private static String fold(char c) {
        String d = java.text.Normalizer.normalize(String.valueOf(c), java.text.Normalizer.Form.NFKD);
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char x = d.charAt(i);
            int type = Character.getType(x);
            if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK && type != Character.COMBINING_SPACING_MARK) {
                sb.append(x);
            }
        }
        return sb.toString();
    }

    /** O.P.M.S. -> OPMS, R.H. -> RH: runs of 2+ single letters each followed directly by a dot. */
    private static void mergeDottedAbbreviations(List<Token> out) {
        for (int i = 0; i < out.size() - 1; i++) {
            Token a = out.get(i);
            if (!isSingleLetter(a) || !a.dotAfter) {
                continue;
            }
            int j = i + 1;
            while (j < out.size()) {
                Token prev = out.get(j - 1);
                Token b = out.get(j);
                if (isSingleLetter(b) && prev.dotAfter && b.start == prev.end + 1 && b.segment == a.segment) {
                    j++;
                } else {
                    break;
                }
            }
            if (j - i >= 2) {
                StringBuilder sb = new StringBuilder();
                for (int k = i; k < j; k++) {
                    sb.append(out.get(k).text);
                }
                Token last = out.get(j - 1);
                a.text = sb.toString();
                a.end = last.end;
                a.dotAfter = last.dotAfter;
                out.subList(i + 1, j).clear();
            }
        }
    }

    private static boolean isSingleLetter(Token t) {
        return t.text.length() == 1 && !t.numeric;
    }

    private void markDoses(List<Token> out) {
        for (int i = 0; i < out.size(); i++) {
            Token t = out.get(i);
            if (!t.numeric) {
                continue;
            }
            if (t.text.length() >= 5 && t.text.indexOf('.') < 0) {
                t.ignored = true; // FAERS codes (/01660201/), lot numbers
                continue;
            }
            int j = i + 1;
            while (j < out.size() && out.get(j).segment == t.segment && (out.get(j).cat & UNIT) != 0) {
                out.get(j).ignored = true;
                j++;
            }
            if (j > i + 1) {
                t.ignored = true;
                i = j - 1;
            }
        }
    }

    /**
     * Normalized name of a list of words (no fallback): see the class comment.
     *
     * @param keepAll when true nothing but connectors at the ends is removed
     */
    String strip(List<Token> words, boolean keepAll) {
        List<Token> kept = new ArrayList<>(words.size());
        int lastCat = 0;
        for (Token w : words) {
            String t = w.text;
            int c = w.cat;
            if (!keepAll) {
                if ((c & (FORM | ROUTE | NOISE)) != 0) {
                    continue;
                }
                if ((c & UNIT) != 0 && (t.length() >= 2 || t.equals("%"))) {
                    continue;
                }
                if ((c & SALT) != 0 && !kept.isEmpty() && (lastCat & CATION) == 0) {
                    continue;
                }
            }
            kept.add(w);
            lastCat = c;
        }
        int from = 0;
        int to = kept.size();
        while (from < to && (kept.get(from).cat & CONNECTOR) != 0) {
            from++;
        }
        while (to > from && (kept.get(to - 1).cat & CONNECTOR) != 0) {
            to--;
        }
        return join(kept.subList(from, to));
    }

    static String join(List<Token> words) {
        if (words.size() == 1) {
            return words.get(0).text;
        }
        StringBuilder sb = new StringBuilder();
        for (Token t : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t.text);
        }
        return sb.toString();
    }
}
