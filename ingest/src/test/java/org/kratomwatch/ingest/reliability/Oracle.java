package org.kratomwatch.ingest.reliability;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.kratomwatch.avro.PositionUnit;
import org.kratomwatch.ingest.model.Collector;
import org.kratomwatch.ingest.model.Origin;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.Retraction;

/**
 * Counts the records of a variant from its bytes as written, without the readers, and checks that
 * the reader delivered exactly one item (report, retraction or quarantine item) for each of them,
 * at its position. Streaming throughout: a 50 MB line costs a buffer, not a copy.
 *
 * <ul>
 *   <li>FAERS: every non-blank DEMO line after the header and every deleted-case line (a first
 *       line of words is a header) is the origin of exactly one item; DRUG/REAC/OUTC lines are the
 *       origin of at most one (a quarantined child row); only a truncated table's or archive's own
 *       item sits elsewhere.</li>
 *   <li>CAERS: a record is each distinct report number among the well-formed rows (at the line of its
 *       first row) plus each row with the wrong field count or no report number; a quote left open
 *       at the end of the file is one more, and ends it.</li>
 *   <li>openFDA and E2B: the items' record numbers run 1..k without gap or repeat, with k the
 *       number of {@code results} elements ({@code safetyreport} elements, {@code PORR_IN049016UV}
 *       messages) counted with a streaming parser; when the reader stopped early ("the rest of the
 *       file is not read") k may be smaller, never larger.</li>
 * </ul>
 */
final class Oracle {

    /** The record count the oracle found, and where the reader's items disagree with it. */
    record Result(long records, List<String> problems) {
    }

    private static final String ENDS_EARLY = " ends early after line ";
    private static final String REST_NOT_READ = "the rest of the file is not read";

    private Oracle() {
    }

    static Result check(Variant v, Collector items) throws IOException {
        return switch (v.c().sample().format) {
            case faers -> faers(v.input(), items);
            case caers -> members(v.input(), ".csv", items, Oracle::csv);
            case openfda -> members(v.input(), ".json", items, Oracle::json);
            case e2b -> members(v.input(), ".xml", items, Oracle::xml);
        };
    }

    /** The items of a run grouped by file. */
    private static Map<String, List<Object>> byFile(Collector items) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (Object o : items.calls) {
            out.computeIfAbsent(origin(o).file(), f -> new ArrayList<>()).add(o);
        }
        return out;
    }

    static Origin origin(Object item) {
        if (item instanceof RawReport r) {
            return r.origin();
        }
        if (item instanceof Retraction r) {
            return r.origin();
        }
        return ((QuarantineItem) item).origin();
    }

    private static String message(Object item) {
        return item instanceof QuarantineItem q ? q.message() : "";
    }

    // ------------------------------------------------------------------------------- FAERS

    private static final Pattern TABLE = Pattern.compile("(?i)(DEMO|DRUG|REAC|OUTC|DELETE)\\d.*\\.txt");

    private static Result faers(Path input, Collector items) throws IOException {
        Map<String, Table> tables = new TreeMap<>();
        Set<String> archives = new HashSet<>();
        if (Files.isDirectory(input)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(input, 4)) {
                files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            }
            for (Path p : files) {
                String name = p.getFileName().toString();
                String kind = faersTable(name, p.getParent().getFileName().toString());
                if (kind != null) {
                    try (InputStream in = Files.newInputStream(p)) {
                        tables.put(name, scanFaers(kind, in));
                    }
                }
            }
        } else {
            String zipName = input.getFileName().toString();
            archives.add(zipName);
            zipEntries(input, (entry, in) -> {
                String base = entry.substring(entry.lastIndexOf('/') + 1);
                String parent = entry.contains("/") ? entry.substring(0, entry.lastIndexOf('/')) : "";
                String kind = faersTable(base, parent.substring(parent.lastIndexOf('/') + 1));
                if (kind != null) {
                    tables.put(zipName + "!/" + entry, scanFaers(kind, in));
                }
            });
        }
        List<String> problems = new ArrayList<>();
        long records = 0;
        Map<String, List<Object>> byFile = byFile(items);
        for (Map.Entry<String, List<Object>> e : byFile.entrySet()) {
            Table t = tables.get(e.getKey());
            if (t == null) {
                boolean archiveItems = archives.contains(e.getKey())
                        && e.getValue().stream().allMatch(o -> origin(o).unit() == PositionUnit.BYTE);
                if (!archiveItems) {
                    problems.add("oracle: " + e.getValue().size() + " item(s) at " + e.getKey() + ", not a table");
                } else {
                    records += e.getValue().size();
                }
                continue;
            }
            Map<Long, Integer> at = new TreeMap<>();
            for (Object o : e.getValue()) {
                if (message(o).contains(ENDS_EARLY)) {
                    records++; // the item of a table that ends early
                    continue;
                }
                at.merge(origin(o).position(), 1, Integer::sum);
            }
            for (Map.Entry<Long, Integer> a : at.entrySet()) {
                if (a.getValue() > 1) {
                    problems.add("oracle: " + a.getValue() + " items at " + e.getKey() + ":" + a.getKey());
                }
                if (!t.lines.contains(a.getKey())) {
                    problems.add("oracle: an item at " + e.getKey() + ":" + a.getKey() + ", which is no data line");
                }
            }
            if (t.everyLine) {
                TreeSet<Long> missing = new TreeSet<>(t.lines);
                missing.removeAll(at.keySet());
                if (!missing.isEmpty()) {
                    problems.add("oracle: no item for " + missing.size() + " line(s) of " + e.getKey() + ", e.g. "
                            + missing.first() + " (a record silently dropped)");
                }
                records += t.lines.size();
            } else {
                records += at.size();
            }
        }
        for (Map.Entry<String, Table> t : tables.entrySet()) {
            if (t.getValue().everyLine && !t.getValue().lines.isEmpty() && !byFile.containsKey(t.getKey())) {
                problems.add("oracle: no item at all for the " + t.getValue().lines.size() + " records of " + t.getKey());
                records += t.getValue().lines.size();
            }
        }
        return new Result(records, problems);
    }

    private static String faersTable(String base, String parent) {
        var m = TABLE.matcher(base);
        if (m.matches()) {
            String k = m.group(1).toUpperCase(Locale.ROOT);
            return k;
        }
        return "deleted".equalsIgnoreCase(parent) && base.toLowerCase(Locale.ROOT).endsWith(".txt") ? "DELETE" : null;
    }

    /**
     * The lines of a table that are records: DEMO and DELETE lines must each have an item
     * ({@code everyLine}); DRUG, REAC and OUTC lines may (a quarantined child row).
     */
    private record Table(boolean everyLine, Set<Long> lines) {
    }

    private static final Pattern HEADER_WORD = Pattern.compile("[A-Za-z_ ]+");

    private static Table scanFaers(String kind, InputStream in) {
        boolean delete = kind.equals("DELETE");
        Set<Long> lines = new TreeSet<>();
        boolean[] first = {true};
        scanLines(in, (no, line, blank) -> {
            if (blank) {
                return;
            }
            if (!delete) {
                if (no > 1) {
                    lines.add(no);
                }
                return;
            }
            if (first[0]) {
                first[0] = false;
                // a first line of words, alone in its field, is a header; control or foreign bytes make it a record
                String text = new String(line, StandardCharsets.ISO_8859_1);
                if (text.startsWith("\u00ef\u00bb\u00bf")) {
                    text = text.substring(3);
                }
                String[] f = text.split("\\$", -1);
                boolean restBlank = true;
                for (int i = 1; i < f.length; i++) {
                    restBlank &= f[i].isBlank();
                }
                if (restBlank && !f[0].isBlank() && HEADER_WORD.matcher(f[0].strip()).matches()) {
                    return;
                }
            }
            lines.add(no);
        });
        return new Table(kind.equals("DEMO") || delete, lines);
    }

    /** Called for every line: its 1-based number, its first bytes (up to 4 KiB), and whether it is blank. */
    @FunctionalInterface
    private interface LineVisitor {
        void line(long no, byte[] prefix, boolean blank);
    }

    /**
     * Physical lines of a stream ({@code \n} ends a line; a final line without one counts; when the
     * stream fails, a final partial line is dropped, as the FAERS reader drops it). Blank: only
     * spaces, tabs, CRs and DOS end-of-file marks, as the reader has it.
     */
    private static void scanLines(InputStream in, LineVisitor v) {
        byte[] prefix = new byte[4096];
        int kept = 0;
        boolean blank = true;
        boolean any = false;
        long no = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream s = in) {
            int n;
            while ((n = s.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        v.line(++no, java.util.Arrays.copyOf(prefix, kept), blank);
                        kept = 0;
                        blank = true;
                        any = false;
                    } else {
                        if (kept < prefix.length) {
                            prefix[kept++] = b;
                        }
                        blank &= b == ' ' || b == '\t' || b == '\r' || b == 0x1a;
                        any = true;
                    }
                }
            }
        } catch (IOException truncated) {
            return;
        }
        if (any) {
            v.line(++no, java.util.Arrays.copyOf(prefix, kept), blank);
        }
    }

    // --------------------------------------------------------------------------- members

    @FunctionalInterface
    private interface MemberCheck {
        /** Checks one file's items; returns its record count. */
        long check(String name, InputStream in, List<Object> items, List<String> problems) throws IOException;
    }

    @FunctionalInterface
    private interface EntryVisitor {
        void entry(String name, InputStream in) throws IOException;
    }

    /** The entries of a zip in order, read from their local headers (as far as a truncated zip goes). */
    private static void zipEntries(Path zip, EntryVisitor v) throws IOException {
        try (ZipInputStream z = new ZipInputStream(new BufferedInputStream(Files.newInputStream(zip)))) {
            while (true) {
                ZipEntry e;
                try {
                    e = z.getNextEntry();
                } catch (IOException damaged) {
                    return;
                }
                if (e == null) {
                    return;
                }
                if (!e.isDirectory()) {
                    v.entry(e.getName(), new java.io.FilterInputStream(z) {
                        @Override
                        public void close() {
                            // the zip stream stays open for the next entry
                        }
                    });
                }
            }
        }
    }

    private static Result members(Path input, String suffix, Collector items, MemberCheck check) throws IOException {
        Map<String, List<Object>> byFile = byFile(items);
        List<String> problems = new ArrayList<>();
        long[] records = {0};
        Set<String> seen = new HashSet<>();
        String name = input.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            zipEntries(input, (entry, in) -> {
                if (entry.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                    String member = name + "!/" + entry;
                    seen.add(member);
                    records[0] += check.check(member, in, byFile.getOrDefault(member, List.of()), problems);
                }
            });
            List<Object> archive = byFile.getOrDefault(name, List.of());
            seen.add(name);
            records[0] += archive.size(); // the damaged-archive item
        } else {
            seen.add(name);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(input))) {
                records[0] += check.check(name, in, byFile.getOrDefault(name, List.of()), problems);
            }
        }
        for (String f : byFile.keySet()) {
            if (!seen.contains(f)) {
                problems.add("oracle: items at " + f + ", which is no file of the input");
            }
        }
        return new Result(records[0], problems);
    }

    /** Record numbers 1..k exactly once each; items at position 0 (the whole file) counted apart. */
    private static long numbered(String name, List<Object> items, long expected, boolean stoppedEarly,
            boolean wholeFile, List<String> problems) {
        TreeMap<Long, Integer> at = new TreeMap<>();
        int whole = 0;
        int rest = 0;
        for (Object o : items) {
            Origin origin = origin(o);
            if (message(o).endsWith(REST_NOT_READ) && origin.unit() == PositionUnit.LINE) {
                rest++; // E2B: where the XML broke, at its line
            } else if (origin.position() == 0) {
                whole++;
            } else {
                at.merge(origin.position(), 1, Integer::sum);
            }
        }
        long k = at.isEmpty() ? 0 : at.lastKey();
        if (at.size() != k || at.values().stream().anyMatch(n -> n != 1)) {
            problems.add("oracle: record numbers of " + name + " are not 1.." + k + " once each: " + at);
        }
        boolean early = stoppedEarly || items.stream().anyMatch(o -> message(o).endsWith(REST_NOT_READ));
        if (early ? k > expected : k != expected) {
            problems.add("oracle: " + name + " holds " + expected + " record(s) but the reader numbered " + k
                    + (early ? " before stopping" : ""));
        }
        if (wholeFile ? whole != 1 : whole > 1) {
            problems.add("oracle: " + whole + " whole-file item(s) for " + name);
        }
        if (rest > 1) {
            problems.add("oracle: " + rest + " items ending the reading of " + name);
        }
        return k + whole + rest;
    }

    // --------------------------------------------------------------------------------- CSV

    private static long csv(String name, InputStream in, List<Object> items, List<String> problems) throws IOException {
        CsvScan scan = new CsvScan();
        try (InputStream s = in) {
            scan.read(s);
        } catch (IOException damaged) {
            // a member cut short: the reader cannot read the file and says so once, at line 0
            long whole = items.stream().filter(o -> origin(o).position() == 0).count();
            if (whole != 1 || items.size() != 1) {
                problems.add("oracle: " + name + " is cut short; expected one item at line 0, found " + items.size());
            }
            return items.size();
        }
        Map<Long, Integer> at = new TreeMap<>();
        for (Object o : items) {
            at.merge(origin(o).position(), 1, Integer::sum);
        }
        if (!at.equals(scan.expected)) {
            Set<Long> missing = new TreeSet<>(scan.expected.keySet());
            missing.removeAll(at.keySet());
            Set<Long> extra = new TreeSet<>(at.keySet());
            extra.removeAll(scan.expected.keySet());
            problems.add("oracle: " + name + ": " + scan.expected.size() + " record(s) expected, " + at.size()
                    + " line(s) with items; missing at " + first(missing) + ", unexpected at " + first(extra));
        }
        return scan.expected.size();
    }

    private static String first(Set<Long> s) {
        return s.stream().limit(5).map(String::valueOf).collect(Collectors.joining(", ", "[", s.size() > 5 ? ", ...]" : "]"));
    }

    /**
     * RFC 4180 records of a CSV stream, with the line each begins on, its field count and report
     * number (the column named like {@code RA_Report #} or {@code id}); derives the lines at which
     * the CAERS reader must deliver an item.
     */
    private static final class CsvScan {
        final Map<Long, Integer> expected = new TreeMap<>();
        private final Set<String> ids = new HashSet<>();
        private int width = -1;
        private int idCol = -1;
        private long line = 1;
        private long recordLine = 1;
        private int field;
        private final StringBuilder id = new StringBuilder();
        private final List<String> header = new ArrayList<>();
        private final java.io.ByteArrayOutputStream cell = new java.io.ByteArrayOutputStream();
        private boolean empty = true;

        void read(InputStream in) throws IOException {
            byte[] buf = new byte[1 << 16];
            boolean quoted = false;
            boolean afterQuote = false;
            boolean fieldStart = true;
            boolean prevCr = false;
            boolean start = true;
            int n;
            while ((n = in.read(buf)) > 0) {
                int i = 0;
                if (start) {
                    start = false;
                    if (n >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                        i = 3;
                    }
                }
                for (; i < n; i++) {
                    byte b = buf[i];
                    if (quoted) {
                        if (b == '"') {
                            quoted = false;
                            afterQuote = true;
                        } else {
                            if (b == '\n') {
                                line++;
                            }
                            keep(b);
                        }
                        continue;
                    }
                    if (afterQuote) {
                        afterQuote = false;
                        if (b == '"') {
                            quoted = true;
                            keep(b);
                            continue;
                        }
                    }
                    if (b == '\n' && prevCr) {
                        prevCr = false;
                        line++;
                        recordLine = line;
                        continue;
                    }
                    prevCr = b == '\r';
                    if (b == ',') {
                        endField();
                        fieldStart = true;
                        empty = false;
                    } else if (b == '\n' || b == '\r') {
                        endRecord();
                        if (b == '\n') {
                            line++;
                            recordLine = line;
                        }
                        fieldStart = true;
                    } else {
                        if (b == '"' && fieldStart) {
                            quoted = true;
                        } else {
                            keep(b);
                        }
                        fieldStart = false;
                        empty = false;
                    }
                }
            }
            if (quoted) {
                expected.merge(recordLine, 1, Integer::sum); // an open quote at the end: one item, the end
                return;
            }
            if (!empty || field > 0) {
                endRecord();
            }
        }

        private void keep(byte b) {
            if (width < 0 || field == idCol) {
                if (cell.size() < 4096) {
                    cell.write(b);
                }
            }
        }

        private void endField() {
            if (width < 0) {
                header.add(cell.toString(StandardCharsets.UTF_8));
            } else if (field == idCol) {
                id.setLength(0);
                id.append(cell.toString(StandardCharsets.UTF_8).trim());
            }
            cell.reset();
            field++;
        }

        private void endRecord() {
            boolean blank = empty && field == 0 && cell.size() == 0;
            endField();
            int fields = field;
            field = 0;
            empty = true;
            if (blank) {
                id.setLength(0);
                return;
            }
            if (width < 0) {
                width = fields;
                for (int i = 0; i < header.size(); i++) {
                    String k = header.get(i).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
                    if (k.equals("rareport")) {
                        idCol = i;
                    }
                }
                if (idCol < 0) {
                    idCol = header.indexOf("id");
                }
                return;
            }
            String report = id.toString();
            id.setLength(0);
            if (fields != width || report.isEmpty()) {
                expected.merge(recordLine, 1, Integer::sum);
            } else if (ids.add(report)) {
                expected.merge(recordLine, 1, Integer::sum);
            }
        }
    }

    // -------------------------------------------------------------------------------- JSON

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * openFDA records by the reader's rules, counted with the streaming parser alone (no value is
     * read, so no size limit applies). Where the JSON breaks, the reader numbers one more item: the
     * record it was reading, or the position after the last one.
     */
    private static long json(String name, InputStream in, List<Object> items, List<String> problems) {
        long[] completed = {0};
        boolean broken = false;
        boolean wholeFile = false;
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                elements(p, completed);
            } else if (t == JsonToken.START_OBJECT) {
                boolean single = false;
                boolean error = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if (f.equals("results")) {
                        if (v == JsonToken.START_ARRAY) {
                            elements(p, completed);
                        } else {
                            p.skipChildren();
                            completed[0]++;
                        }
                    } else if (f.equals("error") && !single) {
                        error = true;
                        p.skipChildren();
                    } else {
                        single |= !f.equals("meta");
                        p.skipChildren();
                    }
                }
                completed[0] += single ? 1 : 0;
                wholeFile = completed[0] == 0 && error;
            } else {
                wholeFile = true;
            }
            if (!wholeFile && p.nextToken() != null) {
                broken = true;
            }
        } catch (IOException e) {
            broken = true;
        }
        return numbered(name, items, completed[0] + (broken ? 1 : 0), broken, wholeFile, problems);
    }

    private static void elements(JsonParser p, long[] completed) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IOException("end of input inside an array");
            }
            p.skipChildren();
            completed[0]++;
        }
    }

    // --------------------------------------------------------------------------------- XML

    private static long xml(String name, InputStream in, List<Object> items, List<String> problems) {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        long completed = 0;
        boolean broken = false;
        boolean wholeFile = false;
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(in);
            while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
                // prolog
            }
            if (!r.isStartElement()) {
                wholeFile = true;
            } else {
                String root = r.getLocalName();
                String record = switch (root) {
                    case "ichicsr" -> "safetyreport";
                    case "MCCI_IN200100UV01" -> "PORR_IN049016UV";
                    case "PORR_IN049016UV" -> "";
                    default -> null;
                };
                if (record == null) {
                    wholeFile = true;
                } else {
                    int depth = 0;
                    while (r.hasNext()) {
                        int e = r.next();
                        if (e == XMLStreamConstants.START_ELEMENT) {
                            depth++;
                        } else if (e == XMLStreamConstants.END_ELEMENT) {
                            if (depth == 1 && r.getLocalName().equals(record) || depth == 0 && record.isEmpty()) {
                                completed++;
                            }
                            depth--;
                        }
                    }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            broken = true;
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // done
                }
            }
        }
        return numbered(name, items, completed, broken, wholeFile, problems);
    }
}
