package org.kratomwatch.ingest.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.ingest.reliability.Variant.Expect;
import org.kratomwatch.stats.SharedData;

/**
 * Writes the malformed-input corpus: each {@link Case} (a real sample, a fault, a seed) becomes one
 * faulty copy of the sample in a temporary folder, with what the generator knows about the damage
 * ({@link Variant}). Everything is derived from the seed, so a failing case is rebuilt by its name.
 */
final class Corpus {

    /** One variant to make: sample, fault, its number among the variants of that pair, and its seed. */
    record Case(Sample sample, Fault fault, int n, long seed) {
        @Override
        public String toString() {
            return sample + " " + fault + " #" + n + " (seed " + seed + ")";
        }
    }

    /** Stands for a giant field's bytes until the file is written (letters only: valid in every format). */
    static final String MARKER = "GIANTFIELDMARKERQ";
    private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);

    /** Bytes windows-1252 leaves undefined: the only ones that FAERS' per-line decoding cannot take as text. */
    private static final byte[] NOT_TEXT_IN_FAERS = {(byte) 0x81, (byte) 0x8D, (byte) 0x8F, (byte) 0x90, (byte) 0x9D};
    /** Sequences that are not UTF-8: a lone continuation byte, a lead byte before ASCII, 0xFF, a surrogate, a 5-byte form. */
    private static final byte[][] NOT_UTF8 = {{(byte) 0x80}, {(byte) 0xC3, '('}, {(byte) 0xFF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] E_ACUTE_UTF8 = {(byte) 0xC3, (byte) 0xA9};

    private static final Pattern ENCODING = Pattern.compile("(?i)utf-?8|encoding|byte");
    private static final Pattern OVERLONG = Pattern.compile("more than .*too large to publish");
    private static final Pattern TRUNCATION = Pattern.compile("(?i)truncat|damaged|ends (early|before)|unexpected end|EOF");

    private Corpus() {
    }

    /** Every case, in a fixed order. */
    static List<Case> cases(long masterSeed) {
        List<Case> out = new ArrayList<>();
        for (Sample s : Sample.values()) {
            for (Fault f : s.faults()) {
                if ((f == Fault.GIANT_FIELD || f == Fault.GIANT_LINE) && !s.giants()) {
                    continue;
                }
                int count = variantsPer(s, f);
                for (int n = 0; n < count; n++) {
                    long seed = masterSeed ^ (s.ordinal() * 1_000_003L + f.ordinal() * 10_007L + n * 101L);
                    out.add(new Case(s, f, n, new Random(seed).nextLong() & 0xffff_ffffL));
                }
            }
        }
        return out;
    }

    private static int variantsPer(Sample s, Fault f) {
        if (s == Sample.CAERS_PAIRS) {
            return 1;
        }
        return switch (f) {
            case GIANT_FIELD, GIANT_LINE, BOM, COLUMN_DUPLICATED -> 1;
            case EMPTY_FILE -> s.shape == Sample.Shape.FAERS_FOLDER ? 5 : 1;
            case WRONG_FORMAT -> s.shape == Sample.Shape.ZIP ? 2 : 4;
            case TRUNCATED_MID_ZIP_ENTRY -> s.shape == Sample.Shape.ZIP ? 6 : 3;
            // where the seed moves the damage to a different kind of place, more draws find more
            case TRUNCATED_MID_LINE, TRUNCATED_MID_CHAR, INVALID_UTF8, FIELD_DELETED, REQUIRED_COLUMN_DELETED -> 3;
            default -> 2;
        };
    }

    /** Writes the case's variant under {@code dir} (skips the test when the sample is absent). */
    static Variant write(Case c, Path dir) throws IOException {
        Path src = SharedData.require(c.sample().path);
        Random rnd = new Random(c.seed());
        return switch (c.sample().shape) {
            case FAERS_FOLDER -> faersFolder(c, src, dir, rnd);
            case ZIP -> zip(c, src, dir, rnd, false);
            case ZIPPED_FILE -> zip(c, src, dir, rnd, true);
            case CSV -> csv(c, src, dir, rnd);
            case JSON -> json(c, src, dir, rnd);
            case XML -> xml(c, src, dir, rnd);
        };
    }

    /** The undamaged sample laid out as its variants are (the FAERS tables copied, other files in place). */
    static Path original(Sample s, Path dir) throws IOException {
        Path src = SharedData.require(s.path);
        Files.createDirectories(dir);
        return switch (s.shape) {
            case FAERS_FOLDER -> {
                Path root = dir.resolve(src.getFileName().toString());
                copyTables(src, root);
                yield root;
            }
            case ZIPPED_FILE -> zipOf(src, dir);
            default -> src;
        };
    }

    // ------------------------------------------------------------------------------- FAERS

    private static final Pattern TABLE = Pattern.compile("(?i)(DEMO|DRUG|REAC|OUTC|DELETE)\\d.*\\.txt");

    /** Copies the tables the FAERS reader uses (not INDI/THER/RPSR, not the PDFs), keeping the folder layout. */
    static List<Path> copyTables(Path src, Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(src, 4)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                String n = p.getFileName().toString();
                Matcher m = TABLE.matcher(n);
                if (m.matches() && !"INDI".equalsIgnoreCase(m.group(1))) {
                    Path to = root.resolve(src.relativize(p).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to);
                    out.add(to);
                }
            }
        }
        return out;
    }

    private static String tableOf(Path p) {
        Matcher m = TABLE.matcher(p.getFileName().toString());
        return m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : "";
    }

    private static Variant faersFolder(Case c, Path src, Path dir, Random rnd) throws IOException {
        Path root = dir.resolve(src.getFileName().toString());
        List<Path> tables = copyTables(src, root);
        List<Path> candidates = new ArrayList<>();
        for (Path t : tables) {
            String kind = tableOf(t);
            boolean columns = !kind.equals("DELETE");
            boolean ok = switch (c.fault()) {
                case GIANT_LINE -> kind.equals("DEMO");
                case GIANT_FIELD -> kind.equals("DRUG") || kind.equals("REAC"); // a field that is published
                case TRUNCATED_MID_LINE, INVALID_UTF8, NUL_BYTES, BOM, CRLF_MIX, EMPTY_FILE -> true;
                default -> columns;
            };
            if (ok) {
                candidates.add(t);
            }
        }
        Path target;
        if (c.fault() == Fault.EMPTY_FILE && c.n() >= candidates.size()) {
            for (Path t : candidates) {
                Files.write(t, new byte[0]);
            }
            return new Variant(c, root, "DEMO", root.getFileName() + ": every table empty", candidates.size(),
                    Expect.userError("empty"));
        } else if (c.fault() == Fault.EMPTY_FILE) {
            target = candidates.get(c.n());
        } else {
            Collections.shuffle(candidates, rnd);
            target = null;
            for (Path t : candidates) {
                if (c.fault() != Fault.LATIN1 && c.fault() != Fault.TRUNCATED_MID_CHAR
                        || hasTextField(Lines.parse(Files.readAllBytes(t), (byte) '$'))) {
                    target = t;
                    break;
                }
            }
        }
        String name = target.getFileName().toString();
        Injection inj = tabular(c, Files.readAllBytes(target), tableOf(target), name, rnd);
        writeOut(target, inj.bytes, c.fault());
        return new Variant(c, root, name, inj.what, inj.count, inj.expect);
    }

    private static boolean hasTextField(Lines l) {
        for (int i : l.dataLines()) {
            if (!l.textPositions(i, -1).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    // --------------------------------------------------------------------------------- CSV

    private static Variant csv(Case c, Path src, Path dir, Random rnd) throws IOException {
        String name = src.getFileName().toString();
        Path target = dir.resolve(name);
        Injection inj = tabular(c, Files.readAllBytes(src), "CSV", name, rnd);
        writeOut(target, inj.bytes, c.fault());
        return new Variant(c, target, name, inj.what, inj.count, inj.expect);
    }

    /** What a fault did to one file. */
    private record Injection(byte[] bytes, String what, int count, Expect expect) {
    }

    /**
     * A fault in a delimited file: a FAERS table ({@code $}, no quoting) or a CAERS CSV. The
     * expectations follow the readers' documented rules; where a format cannot tell a fault from
     * good data the variant says so ({@link Expect#undetectable}) instead of expecting a reason.
     */
    private static Injection tabular(Case c, byte[] original, String table, String file, Random rnd) throws IOException {
        boolean faers = !table.equals("CSV");
        Lines l = Lines.parse(original, (byte) (faers ? '$' : ','));
        List<String> names = l.names();
        int key = faers ? Math.max(names.indexOf("primaryid"), names.indexOf("isr")) : csvKey(names);
        List<Integer> data = l.dataLines();
        Fault f = c.fault();
        switch (f) {
            case TRUNCATED_MID_LINE: {
                int line = pick(data.stream().filter(i -> l.text.get(i).length >= 2).collect(Collectors.toList()), rnd);
                int at = 1 + rnd.nextInt(l.text.get(line).length - 1);
                cutAfter(l, line, at);
                return new Injection(l.bytes(), file + ": cut at byte " + at + " of line " + (line + 1), 1,
                        Expect.invariantsOnly().undetectable("a plain text file cut inside its last line looks like a"
                                + " short last line"));
            }
            case TRUNCATED_MID_CHAR: {
                int[] at = textPosition(l, data, key, rnd);
                l.insert(at[0], at[1], E_ACUTE_UTF8);
                cutAfter(l, at[0], at[1] + 1);
                return new Injection(l.bytes(), file + ": é inserted in line " + (at[0] + 1) + " and cut after its"
                        + " first byte", 1, Expect.invariantsOnly().undetectable("a plain text file cut inside its"
                        + " last line looks like a short last line (the lone 0xC3 reads as windows-1252)"));
            }
            case INVALID_UTF8, NUL_BYTES, LATIN1: {
                int k = Math.min(data.size(), 1 + rnd.nextInt(3));
                List<Integer> lines = new ArrayList<>(data);
                Collections.shuffle(lines, rnd);
                TreeSet<Integer> damaged = new TreeSet<>();
                // FAERS takes any byte as windows-1252 text but quarantines control bytes and the five
                // bytes windows-1252 leaves undefined; CAERS decodes UTF-8 with replacement (documented)
                Expect e = faers && f != Fault.LATIN1 ? Expect.invariantsOnly() : Expect.same(false);
                for (int line : lines) {
                    if (damaged.size() == k) {
                        break;
                    }
                    byte[] bytes = switch (f) {
                        case NUL_BYTES -> new byte[] {0};
                        case LATIN1 -> new byte[] {(byte) 0xE9};
                        default -> faers ? new byte[] {NOT_TEXT_IN_FAERS[rnd.nextInt(NOT_TEXT_IN_FAERS.length)]}
                                : NOT_UTF8[rnd.nextInt(NOT_UTF8.length)];
                    };
                    int at;
                    if (faers && f != Fault.LATIN1) {
                        at = rnd.nextInt(l.text.get(line).length + 1);
                    } else {
                        List<Integer> pos = l.textPositions(line, key);
                        if (pos.isEmpty()) {
                            continue;
                        }
                        at = pos.get(rnd.nextInt(pos.size()));
                    }
                    l.insert(line, at, bytes);
                    damaged.add(line);
                    if (faers && f != Fault.LATIN1) {
                        e.line(file, line + 1, QuarantineReason.BROKEN_ENCODING);
                    }
                }
                if (!faers && f == Fault.INVALID_UTF8) {
                    e.undetectable("CAERS decodes undecodable bytes as U+FFFD and keeps the row (documented)");
                } else if (!faers && f == Fault.NUL_BYTES) {
                    e.undetectable("CAERS keeps control characters inside a field: the CSV parser passes them on, and"
                            + " the row is read with them");
                }
                return new Injection(l.bytes(), file + ": " + f + " in lines " + plusOne(damaged), damaged.size(), e);
            }
            case BOM: {
                l.insert(0, 0, BOM);
                return new Injection(l.bytes(), file + ": byte-order mark", 1, Expect.same(true));
            }
            case CRLF_MIX: {
                int flipped = crlfMix(l, rnd);
                return new Injection(l.bytes(), file + ": " + flipped + " line ends flipped between LF and CRLF", 1,
                        Expect.same(true));
            }
            case COLUMNS_SHUFFLED, HEADER_SHUFFLED: {
                int n = names.size();
                List<Integer> perm = permutation(n, rnd);
                int lines = 0;
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0 && f == Fault.HEADER_SHUFFLED) {
                        break;
                    }
                    List<byte[]> fields = l.fields(i);
                    if (fields.size() < n || Lines.blank(l.text.get(i))) {
                        continue;
                    }
                    List<byte[]> out = new ArrayList<>();
                    for (int p : perm) {
                        out.add(fields.get(p));
                    }
                    out.addAll(fields.subList(n, fields.size()));
                    l.setFields(i, out);
                    lines++;
                }
                return new Injection(l.bytes(), file + ": columns in the order " + perm + " in " + lines + " line(s)",
                        1, f == Fault.COLUMNS_SHUFFLED ? Expect.same(true) : Expect.invariantsOnly());
            }
            case REQUIRED_COLUMN_DELETED: {
                List<String> required = required(table, names);
                String col = required.get(rnd.nextInt(required.size()));
                int idx = names.indexOf(col);
                deleteColumn(l, idx);
                String naming = col.startsWith("ra_report") ? "RA_Report" : col;
                return new Injection(l.bytes(), file + ": column " + col + " deleted", 1, Expect.userError(file,
                        naming));
            }
            case FIELD_DELETED: {
                int k = Math.min(data.size(), 1 + rnd.nextInt(4));
                List<Integer> lines = new ArrayList<>(data);
                Collections.shuffle(lines, rnd);
                Expect e = Expect.invariantsOnly();
                boolean countTells = !faers || !l.trailingSeparator();
                TreeSet<Integer> damaged = new TreeSet<>();
                for (int line : lines.subList(0, k)) {
                    List<byte[]> fields = l.fields(line);
                    int idx = rnd.nextInt(Math.min(fields.size(), names.size()));
                    fields.remove(idx);
                    l.setFields(line, fields);
                    damaged.add(line);
                    if (countTells) {
                        e.line(file, line + 1, QuarantineReason.WRONG_COLUMN_COUNT);
                    }
                }
                if (!countTells) {
                    e.undetectable("with FDA's closing $ on the header, a row short of one field reads as a row"
                            + " without its closing $ (documented tolerance); only checks on the shifted values catch"
                            + " it");
                }
                return new Injection(l.bytes(), file + ": one field deleted in lines " + plusOne(damaged),
                        damaged.size(), e);
            }
            case COLUMN_DUPLICATED: {
                int idx = rnd.nextInt(names.size());
                for (int i = 0; i < l.size(); i++) {
                    List<byte[]> fields = l.fields(i);
                    if (fields.size() > idx && !Lines.blank(l.text.get(i))) {
                        fields.add(idx + 1, fields.get(idx));
                        l.setFields(i, fields);
                    }
                }
                return new Injection(l.bytes(), file + ": column " + names.get(idx) + " duplicated", 1,
                        Expect.same(true));
            }
            case HEADER_REPEATED: {
                int at = 2 + rnd.nextInt(l.size() - 1);
                if (l.ends.get(at - 1) == Lines.NONE) {
                    l.ends.set(at - 1, l.usualEnd());
                }
                l.text.add(at, l.text.get(0).clone());
                l.ends.add(at, l.usualEnd());
                Expect e = Expect.evidence(Pattern.compile("(?i)header"), QuarantineReason.DUPLICATE);
                e.line(file, at + 1, QuarantineReason.DUPLICATE);
                return new Injection(l.bytes(), file + ": header repeated at line " + (at + 1), 1, e);
            }
            case GIANT_FIELD: {
                // in the field a report publishes: the drug or product name, the reaction
                int idx = -1;
                for (String n : List.of("drugname", "pt", "pri_reported.brand.product.name", "var1")) {
                    idx = idx >= 0 ? idx : names.indexOf(n);
                }
                int line = pick(data, rnd);
                List<byte[]> fields = l.fields(line);
                fields.set(idx, MARKER_BYTES);
                l.setFields(line, fields);
                return new Injection(l.bytes(), file + ": field " + names.get(idx) + " of line " + (line + 1)
                        + " is 10 MB", 1, Expect.evidence(OVERLONG, QuarantineReason.OTHER));
            }
            case GIANT_LINE: {
                int last = l.size() - 1;
                if (l.ends.get(last) == Lines.NONE) {
                    l.ends.set(last, l.usualEnd());
                }
                l.text.add(MARKER_BYTES);
                l.ends.add(Lines.NONE);
                Expect e = Expect.invariantsOnly().line(file, l.size(), QuarantineReason.WRONG_COLUMN_COUNT);
                return new Injection(l.bytes(), file + ": a 50 MB line without newline at line " + l.size(), 1, e);
            }
            case EMPTY_FILE: {
                Expect e;
                if (table.equals("DELETE")) {
                    e = Expect.invariantsOnly();
                } else if (faers) {
                    e = Expect.userError(file, "empty");
                } else {
                    e = new Expect();
                    e.nothingRead = true; // documented: an empty CSV holds no record
                }
                return new Injection(new byte[0], file + ": empty", 1, e);
            }
            case WRONG_FORMAT: {
                Alien a = alien(c, faers ? "faers" : "caers");
                Expect e = faers ? Expect.userError(file)
                        : Expect.evidence(Pattern.compile("(?i)header|cannot read|syntax"), QuarantineReason.OTHER)
                                .allowUserError();
                return new Injection(a.bytes, file + ": holds " + a.what, 1, e);
            }
            default:
                throw new IllegalArgumentException(f + " does not apply to " + table);
        }
    }

    private static int csvKey(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            String k = names.get(i).replaceAll("[^a-z0-9]", "");
            if (k.equals("rareport")) {
                return i;
            }
        }
        return names.indexOf("id");
    }

    /** The columns without which the reader cannot read the table at all. */
    private static List<String> required(String table, List<String> names) {
        List<String> wanted = switch (table) {
            case "DEMO" -> List.of("primaryid", "isr", "caseid", "case", "caseversion");
            case "DRUG" -> List.of("primaryid", "isr", "role_cod", "drugname");
            case "REAC" -> List.of("primaryid", "isr", "pt");
            case "OUTC" -> List.of("primaryid", "isr", "outc_cod");
            default -> {
                List<String> csv = new ArrayList<>();
                for (String n : names) {
                    String k = n.replaceAll("[^a-z0-9]", "");
                    if (k.equals("rareport") || (!names.stream().anyMatch(x -> x.replaceAll("[^a-z0-9]", "")
                            .equals("rareport")) && (n.equals("id") || n.equals("var1") || n.equals("var2")))) {
                        csv.add(n);
                    }
                }
                yield csv;
            }
        };
        List<String> out = new ArrayList<>();
        for (String w : wanted) {
            if (names.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    private static void deleteColumn(Lines l, int idx) {
        for (int i = 0; i < l.size(); i++) {
            List<byte[]> fields = l.fields(i);
            if (fields.size() > idx && !Lines.blank(l.text.get(i))) {
                fields.remove(idx);
                l.setFields(i, fields);
            }
        }
    }

    private static void cutAfter(Lines l, int line, int at) {
        while (l.size() > line + 1) {
            l.text.remove(l.size() - 1);
            l.ends.remove(l.ends.size() - 1);
        }
        l.text.set(line, Arrays.copyOf(l.text.get(line), at));
        l.ends.set(line, Lines.NONE);
    }

    private static int crlfMix(Lines l, Random rnd) {
        int flipped = 0;
        for (int i = 0; i < l.size(); i++) {
            byte[] end = l.ends.get(i);
            if (end != Lines.NONE && (rnd.nextBoolean() || flipped == 0 && i == l.size() - 2)) {
                l.ends.set(i, end == Lines.LF ? Lines.CRLF : Lines.LF);
                flipped++;
            }
        }
        return flipped;
    }

    private static int[] textPosition(Lines l, List<Integer> data, int avoid, Random rnd) {
        List<Integer> lines = new ArrayList<>(data);
        Collections.shuffle(lines, rnd);
        for (int line : lines) {
            List<Integer> pos = l.textPositions(line, avoid);
            if (!pos.isEmpty()) {
                return new int[] {line, pos.get(rnd.nextInt(pos.size()))};
            }
        }
        throw new IllegalStateException("no text field to damage");
    }

    private static List<Integer> permutation(int n, Random rnd) {
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            p.add(i);
        }
        List<Integer> identity = new ArrayList<>(p);
        do {
            Collections.shuffle(p, rnd);
        } while (p.equals(identity) && n > 1);
        return p;
    }

    private static <T> T pick(List<T> list, Random rnd) {
        return list.get(rnd.nextInt(list.size()));
    }

    private static List<Integer> plusOne(TreeSet<Integer> lines) {
        return lines.stream().map(i -> i + 1).collect(Collectors.toList());
    }

    // -------------------------------------------------------------------------------- JSON

    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\\\r\\n]|\\\\.)*)\"(\\s*:)?");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z .,'/-]{3,}");

    private static Variant json(Case c, Path src, Path dir, Random rnd) throws IOException {
        String name = src.getFileName().toString();
        Path target = dir.resolve(name);
        byte[] original = Files.readAllBytes(src);
        Fault f = c.fault();
        Pattern endOfInput = Pattern.compile("(?i)end-of-input|end of input|unexpected end");
        switch (f) {
            case COLUMNS_SHUFFLED, REQUIRED_COLUMN_DELETED, FIELD_DELETED, GIANT_FIELD, GIANT_LINE:
                return jsonTree(c, original, target, rnd);
            default:
                Injection inj = bytes(c, original, name, rnd, JSON_STRING, "json", endOfInput,
                        QuarantineReason.INVALID_JSON);
                writeOut(target, inj.bytes, f);
                return new Variant(c, target, name, inj.what, inj.count, inj.expect);
        }
    }

    private static final List<String> ID_KEYS = List.of("safetyreportid", "report_number");

    private static Variant jsonTree(Case c, byte[] original, Path target, Random rnd) throws IOException {
        String name = target.getFileName().toString();
        Object root = JsonTree.parse(original);
        List<Map<String, Object>> records = JsonTree.records(root);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, rnd);
        int k = Math.min(records.size(), 1 + rnd.nextInt(3));
        Expect e;
        String what;
        int count = k;
        boolean pretty = true;
        switch (c.fault()) {
            case COLUMNS_SHUFFLED -> {
                shuffleKeys(root, rnd);
                e = Expect.same(true);
                what = "keys of every object reordered";
                count = 1;
            }
            case REQUIRED_COLUMN_DELETED -> {
                e = Expect.invariantsOnly();
                TreeSet<Integer> damaged = new TreeSet<>();
                for (int i : order.subList(0, k)) {
                    Map<String, Object> r = records.get(i);
                    for (String id : ID_KEYS) {
                        if (r.remove(id) != null) {
                            e.record(name, i + 1, id, QuarantineReason.MISSING_ID);
                            damaged.add(i + 1);
                            break;
                        }
                    }
                }
                what = "id key removed from records " + damaged;
            }
            case FIELD_DELETED -> {
                e = Expect.invariantsOnly();
                List<String> removed = new ArrayList<>();
                for (int i : order.subList(0, k)) {
                    Map<String, Object> r = records.get(i);
                    List<String> keys = new ArrayList<>(r.keySet());
                    keys.removeAll(ID_KEYS);
                    if (!keys.isEmpty()) {
                        String key = keys.get(rnd.nextInt(keys.size()));
                        r.remove(key);
                        removed.add((i + 1) + ":" + key);
                    }
                }
                what = "keys removed " + removed;
            }
            default -> {
                // a giant value: in a read field (drug or product name) for the 50 MB line, anywhere for 10 MB
                List<Map.Entry<Map<String, Object>, String>> slots = new ArrayList<>();
                JsonTree.stringSlots(records.get(order.get(0)), slots);
                slots.removeIf(s -> !s.getValue().equals("medicinalproduct") && !s.getValue().equals("name_brand"));
                pretty = c.fault() != Fault.GIANT_LINE;
                Map.Entry<Map<String, Object>, String> slot = pick(slots, rnd);
                slot.getKey().put(slot.getValue(), MARKER);
                // 10 MB: read, then refused as too long to publish; 50 MB: beyond the JSON parser's limit
                e = pretty ? Expect.evidence(OVERLONG, QuarantineReason.OTHER)
                        : Expect.evidence(Pattern.compile("limit"), QuarantineReason.OTHER);
                what = "record " + (order.get(0) + 1) + " key " + slot.getValue() + " holds "
                        + (c.fault().giantBytes() >> 20) + " MB" + (pretty ? "" : ", the file on one line");
                count = 1;
            }
        }
        writeOut(target, JsonTree.write(root, pretty), c.fault());
        return new Variant(c, target, name, name + ": " + what, count, e);
    }

    @SuppressWarnings("unchecked")
    private static void shuffleKeys(Object v, Random rnd) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            List<Map.Entry<String, Object>> entries = new ArrayList<>(map.entrySet());
            Collections.shuffle(entries, rnd);
            map.clear();
            for (Map.Entry<String, Object> e : entries) {
                map.put(e.getKey(), e.getValue());
                shuffleKeys(e.getValue(), rnd);
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                shuffleKeys(o, rnd);
            }
        }
    }

    /**
     * A byte-level fault in a JSON or XML file (cuts, foreign bytes, BOM, line ends, empty,
     * another format): text is found with {@code text} on the bytes read as ISO-8859-1, so a
     * character offset is a byte offset.
     */
    private static Injection bytes(Case c, byte[] original, String file, Random rnd, Pattern text, String format,
            Pattern endOfFile, QuarantineReason invalid) throws IOException {
        Fault f = c.fault();
        String s = new String(original, StandardCharsets.ISO_8859_1);
        List<Integer> positions = new ArrayList<>();
        Matcher m = text.matcher(s);
        while (m.find()) {
            if (m.groupCount() >= 2 && m.group(2) != null) {
                continue; // a JSON key
            }
            String t = m.group(1);
            int lead = t.length() - t.stripLeading().length();
            String core = t.strip();
            if (PLAIN.matcher(core).matches()) {
                for (int k = 1; k < core.length() - 1; k++) {
                    positions.add(m.start(1) + lead + k);
                }
            }
        }
        switch (f) {
            case TRUNCATED_MID_LINE: {
                int at = original.length / 10 + rnd.nextInt(Math.max(1, original.length * 8 / 10));
                return new Injection(Arrays.copyOf(original, at), file + ": cut at byte " + at + " of "
                        + original.length, 1, Expect.evidence(endOfFile, invalid));
            }
            case TRUNCATED_MID_CHAR: {
                int at = pick(positions, rnd);
                byte[] b = insert(original, at, E_ACUTE_UTF8);
                return new Injection(Arrays.copyOf(b, at + 1), file + ": é inserted at byte " + at
                        + " and cut after its first byte", 1, Expect.evidence(null, invalid,
                        QuarantineReason.BROKEN_ENCODING));
            }
            case INVALID_UTF8, LATIN1, NUL_BYTES: {
                int k = 1 + rnd.nextInt(3);
                List<Integer> at = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    at.add(pick(positions, rnd));
                }
                at.sort(Collections.reverseOrder());
                byte[] b = original;
                for (int p : at) {
                    byte[] bad = switch (f) {
                        case NUL_BYTES -> new byte[] {0};
                        case LATIN1 -> new byte[] {(byte) 0xE9};
                        default -> NOT_UTF8[rnd.nextInt(NOT_UTF8.length)];
                    };
                    b = insert(b, p, bad);
                }
                Expect e = f == Fault.NUL_BYTES
                        ? Expect.evidence(Pattern.compile("(?i)ctrl|control|invalid|illegal"), invalid)
                        : Expect.evidence(ENCODING, QuarantineReason.BROKEN_ENCODING);
                return new Injection(b, file + ": " + f + " at bytes " + at, at.size(), e);
            }
            case BOM:
                return new Injection(insert(original, 0, BOM), file + ": byte-order mark", 1, Expect.same(true));
            case CRLF_MIX: {
                Lines l = Lines.parse(original, (byte) ',');
                int flipped = crlfMix(l, rnd);
                return new Injection(l.bytes(), file + ": " + flipped + " line ends flipped between LF and CRLF", 1,
                        Expect.same(true));
            }
            case EMPTY_FILE:
                return new Injection(new byte[0], file + ": empty", 1, Expect.evidence(null, invalid));
            case WRONG_FORMAT: {
                Alien a = alien(c, format);
                return new Injection(a.bytes, file + ": holds " + a.what, 1, Expect.evidence(null, invalid,
                        QuarantineReason.BROKEN_ENCODING));
            }
            default:
                throw new IllegalArgumentException(f + " is not a byte-level fault");
        }
    }

    private static byte[] insert(byte[] b, int at, byte[] bytes) {
        byte[] n = new byte[b.length + bytes.length];
        System.arraycopy(b, 0, n, 0, at);
        System.arraycopy(bytes, 0, n, at, bytes.length);
        System.arraycopy(b, at, n, at + bytes.length, b.length - at);
        return n;
    }

    // --------------------------------------------------------------------------------- XML

    private static final Pattern XML_TEXT = Pattern.compile(">([^<>&]+)<");

    private static Variant xml(Case c, Path src, Path dir, Random rnd) throws IOException {
        String name = src.getFileName().toString();
        Path target = dir.resolve(name);
        byte[] original = Files.readAllBytes(src);
        Fault f = c.fault();
        switch (f) {
            case COLUMNS_SHUFFLED, REQUIRED_COLUMN_DELETED, FIELD_DELETED, GIANT_FIELD, GIANT_LINE: {
                XmlDoc.Edit edit = XmlDoc.edit(original, f, rnd);
                writeOut(target, edit.bytes(), f);
                Expect e = f == Fault.GIANT_FIELD ? Expect.evidence(OVERLONG, QuarantineReason.OTHER)
                        : f != Fault.COLUMNS_SHUFFLED ? Expect.invariantsOnly() : edit.idName().equals("C.1.1")
                        ? Expect.invariantsOnly().undetectable("HL7 v3 fixes the order of elements by schema and the R3"
                                + " reader relies on it (an organizer's code before its substance administrations): a"
                                + " reordered message is read, without its drugs, and nothing says so")
                        : Expect.same(true);
                for (int r : edit.records()) {
                    if (f == Fault.REQUIRED_COLUMN_DELETED) {
                        e.record(name, r, edit.idName(), QuarantineReason.MISSING_ID);
                    }
                }
                return new Variant(c, target, name, name + ": " + edit.what(), edit.count(), e);
            }
            default: {
                Injection inj = bytes(c, original, name, rnd, XML_TEXT, "e2b", null, QuarantineReason.INVALID_XML);
                writeOut(target, inj.bytes, f);
                return new Variant(c, target, name, inj.what, inj.count, inj.expect);
            }
        }
    }

    // --------------------------------------------------------------------------------- zip

    private static Path zipOf(Path file, Path dir) throws IOException {
        Path zip = dir.resolve(file.getFileName() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(file.getFileName().toString()));
            Files.copy(file, out);
            out.closeEntry();
        }
        return zip;
    }

    private static Variant zip(Case c, Path src, Path dir, Random rnd, boolean zipItHere) throws IOException {
        Path zip = zipItHere ? zipOf(src, dir) : Files.copy(src, dir.resolve(src.getFileName().toString()));
        String name = zip.getFileName().toString();
        Fault f = c.fault();
        if (f == Fault.EMPTY_FILE || f == Fault.WRONG_FORMAT) {
            Alien a = f == Fault.EMPTY_FILE ? new Alien("nothing", new byte[0]) : alien(c, "zip");
            Files.write(zip, a.bytes);
            return new Variant(c, zip, name, name + ": holds " + a.what, 1, Expect.userError(name));
        }
        List<String> entries = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> en = z.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (!e.isDirectory() && (TABLE.matcher(base).matches() && !base.toUpperCase(Locale.ROOT).startsWith("INDI")
                        || base.matches("(?i).*\\.(xml|json|csv)"))) {
                    entries.add(e.getName());
                    sizes.add(e.getCompressedSize());
                }
            }
        }
        int i = c.n() % entries.size();
        byte[] all = Files.readAllBytes(zip);
        int header = localHeader(all, entries.get(i));
        int dataStart = header + 30 + u16(all, header + 26) + u16(all, header + 28);
        int at = dataStart + 1 + rnd.nextInt((int) Math.max(1, sizes.get(i) - 1));
        Files.write(zip, Arrays.copyOf(all, at));
        return new Variant(c, zip, name + "!/" + entries.get(i), name + ": cut at byte " + at + ", "
                + (at - dataStart) + " bytes into the data of " + entries.get(i), 1,
                Expect.evidence(TRUNCATION, QuarantineReason.TRUNCATED_ARCHIVE).allowUserError());
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int localHeader(byte[] all, String entry) {
        byte[] name = entry.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 30 + name.length <= all.length; i++) {
            if (all[i] == 'P' && all[i + 1] == 'K' && all[i + 2] == 3 && all[i + 3] == 4
                    && Arrays.equals(all, i + 30, i + 30 + name.length, name, 0, name.length)) {
                return i;
            }
        }
        throw new IllegalStateException("no local header for " + entry);
    }

    // ---------------------------------------------------------------------------- aliens

    /** Content of another format (or a PDF) that a variant puts under a sample's name. */
    private record Alien(String what, byte[] bytes) {
    }

    private static final String[][] ALIENS = {
        {"faers", "a FAERS DEMO table", "faers-ascii-sample/yunuuuu-faers_2004q1_2017q2/faers_ascii_2017q2/ascii/DEMO17Q2.txt"},
        {"caers", "a CAERS CSV", "caers/caers_raw.csv"},
        {"json", "an openFDA JSON document", "openfda-event-sample/event.preannotation.json"},
        {"e2b", "an E2B XML file", "e2b-xml-sample/faers-quarterly-xml_faersquarterlydata/xml/ADR12Q4.xml"},
        {"pdf", "a PDF", "faers-ascii-sample/faersquarterlydata_2022q4/faers_ascii_2022Q4/ASCII/DEMO22Q4.pdf"},
    };

    private static Alien alien(Case c, String own) throws IOException {
        List<String[]> others = new ArrayList<>();
        for (String[] a : ALIENS) {
            if (!a[0].equals(own)) {
                others.add(a);
            }
        }
        String[] a = others.get(c.n() % others.size());
        return new Alien(a[1], Files.readAllBytes(SharedData.require(a[2])));
    }

    // ---------------------------------------------------------------------------- output

    /** Writes a variant's bytes, streaming the giant field in place of {@link #MARKER} (never held in memory). */
    private static void writeOut(Path target, byte[] bytes, Fault f) throws IOException {
        int at = f == Fault.GIANT_FIELD || f == Fault.GIANT_LINE ? indexOf(bytes, MARKER_BYTES) : -1;
        if (at < 0) {
            Files.write(target, bytes);
            return;
        }
        byte[] chunk = new byte[1 << 16];
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = alphabet[i % alphabet.length];
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(bytes, 0, at);
            long left = f.giantBytes();
            chunk[0] = 'A'; // a giant field begins with a letter (JSON and XML text, CSV unquoted)
            while (left > 0) {
                int n = (int) Math.min(left, chunk.length);
                out.write(chunk, 0, n);
                left -= n;
            }
            out.write(bytes, at + MARKER_BYTES.length, bytes.length - at - MARKER_BYTES.length);
        }
    }

    static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (b[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
