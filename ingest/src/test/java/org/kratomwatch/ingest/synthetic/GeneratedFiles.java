package org.kratomwatch.ingest.synthetic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads what the generator wrote, independently of its internals: every quarter's tables as raw lines, split into
 * valid rows and malformed rows (classified by their defect, the way a strict FAERS reader would).
 */
final class GeneratedFiles {

    static final Set<String> ROLES = Set.of("PS", "SS", "C", "I");
    static final Set<String> OUTCOMES = Set.of("DE", "LT", "HO", "DS", "CA", "RI", "OT");
    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    /** One quarter. */
    static final class QuarterFiles {
        final Quarter quarter;
        /** table -> header line. */
        final Map<String, String> headers = new LinkedHashMap<>();
        /** table -> raw data lines (bytes, without LF). */
        final Map<String, List<byte[]>> raw = new LinkedHashMap<>();
        /** table -> valid rows, split. */
        final Map<String, List<String[]>> valid = new LinkedHashMap<>();
        /** table -> malformed rows by kind. */
        final Map<String, Map<MalformedKind, Integer>> malformed = new LinkedHashMap<>();
        final List<String> deleteLines = new ArrayList<>();
        /** Zip entry names, in order (empty for a folder). */
        final List<String> entries = new ArrayList<>();
        boolean sawCarriageReturn;

        QuarterFiles(Quarter quarter) {
            this.quarter = quarter;
        }

        int malformedCount(String table) {
            return malformed.get(table).values().stream().mapToInt(Integer::intValue).sum();
        }

        int malformedCount(MalformedKind kind) {
            int n = 0;
            for (Map<MalformedKind, Integer> m : malformed.values()) {
                n += m.getOrDefault(kind, 0);
            }
            return n;
        }
    }

    final List<QuarterFiles> quarters = new ArrayList<>();

    static GeneratedFiles read(GeneratorOptions o) throws IOException {
        GeneratedFiles g = new GeneratedFiles();
        for (Quarter q : o.quarters()) {
            QuarterFiles f = new QuarterFiles(q);
            Map<String, byte[]> content = new LinkedHashMap<>();
            if (o.layout() == GeneratorOptions.Layout.ZIP) {
                try (InputStream in = Files.newInputStream(o.outDir().resolve(FaersLayout.baseName(q) + ".zip"));
                        ZipInputStream z = new ZipInputStream(in)) {
                    for (ZipEntry e; (e = z.getNextEntry()) != null;) {
                        f.entries.add(e.getName());
                        if (!e.isDirectory()) {
                            content.put(e.getName(), z.readAllBytes());
                        }
                    }
                }
            } else {
                Path dir = o.outDir().resolve(FaersLayout.baseName(q));
                for (String t : FaersLayout.TABLES) {
                    content.put(FaersLayout.tablePath(t, q), Files.readAllBytes(dir.resolve(FaersLayout.tablePath(t, q))));
                }
                content.put(FaersLayout.deletePath(q), Files.readAllBytes(dir.resolve(FaersLayout.deletePath(q))));
            }
            for (String t : FaersLayout.TABLES) {
                byte[] bytes = content.get(FaersLayout.tablePath(t, q));
                List<byte[]> lines = lines(bytes, f);
                f.headers.put(t, new String(lines.get(0), StandardCharsets.UTF_8));
                f.raw.put(t, lines.subList(1, lines.size()));
            }
            for (byte[] l : lines(content.get(FaersLayout.deletePath(q)), f)) {
                f.deleteLines.add(new String(l, StandardCharsets.US_ASCII));
            }
            classify(f);
            g.quarters.add(f);
        }
        return g;
    }

    private static List<byte[]> lines(byte[] bytes, QuarterFiles f) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\r') {
                f.sawCarriageReturn = true;
            }
            if (bytes[i] == '\n') {
                out.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        if (start != bytes.length) {
            throw new IllegalStateException("last line without LF");
        }
        return out;
    }

    private static void classify(QuarterFiles f) {
        Set<String> demoIds = new HashSet<>();
        for (String t : FaersLayout.TABLES) {
            List<String[]> ok = new ArrayList<>();
            Map<MalformedKind, Integer> bad = new LinkedHashMap<>();
            int columns = FaersLayout.columns(t).size();
            for (byte[] line : f.raw.get(t)) {
                MalformedKind kind = null;
                String[] fields = null;
                String text = decode(line);
                if (text == null) {
                    kind = MalformedKind.BROKEN_ENCODING;
                } else {
                    fields = text.split("\\$", -1);
                    if (fields.length != columns) {
                        kind = MalformedKind.WRONG_COLUMN_COUNT;
                    } else if (fields[0].isEmpty() || fields[1].isEmpty()) {
                        kind = MalformedKind.MISSING_ID;
                    } else {
                        kind = switch (t) {
                            case FaersLayout.DEMO -> demoDefect(fields);
                            case FaersLayout.DRUG -> !ROLES.contains(fields[3]) ? MalformedKind.UNKNOWN_CODE
                                    : !demoIds.contains(fields[0]) ? MalformedKind.ORPHAN_ROW : null;
                            case FaersLayout.OUTC -> !OUTCOMES.contains(fields[2]) ? MalformedKind.UNKNOWN_CODE : null;
                            default -> null;
                        };
                    }
                }
                if (kind == null) {
                    ok.add(fields);
                    if (t.equals(FaersLayout.DEMO)) {
                        demoIds.add(fields[0]);
                    }
                } else {
                    bad.merge(kind, 1, Integer::sum);
                }
            }
            f.valid.put(t, ok);
            f.malformed.put(t, bad);
        }
    }

    private static MalformedKind demoDefect(String[] d) {
        if (!isDate(d[7]) || !isDate(d[6])) {
            return MalformedKind.BAD_DATE;
        }
        // caseversion must be a whole number (a reader quarantines it otherwise); age and wt may hold junk in real
        // FAERS, which a reader keeps as unknown, so they are not checked here
        if (!d[2].matches("\\d+")) {
            return MalformedKind.BAD_NUMBER;
        }
        return null;
    }

    static boolean isDate(String s) {
        try {
            LocalDate.parse(s, YMD);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Strict UTF-8, or null. */
    static String decode(byte[] line) {
        boolean ascii = true;
        for (byte b : line) {
            ascii &= b >= 0;
        }
        if (ascii) {
            return new String(line, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** All valid rows of a table over all quarters. */
    List<String[]> all(String table) {
        List<String[]> out = new ArrayList<>();
        for (QuarterFiles q : quarters) {
            out.addAll(q.valid.get(table));
        }
        return out;
    }
}
