package org.kratomwatch.ingest.faers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.kratomwatch.ingest.UnreadableInputException;

/**
 * Finds the FAERS tables of an input and groups them by quarter. An input is a quarterly zip, a
 * folder (a quarter unzipped, or many quarters as zips, folders or loose files, searched four levels
 * deep) or a single deleted-case list. A table is a file or zip entry named
 * {@code DEMO|DRUG|REAC|OUTC|DELETE} + {@code yyQq} + anything + {@code .txt} (any case), or any
 * {@code .txt} in a folder named {@code Deleted}; its quarter comes from its name, else from the
 * names of the archive or folders holding it.
 */
final class Inputs {

    private static final int WALK_DEPTH = 4;

    private Inputs() {
    }

    /** The tables of one quarter. */
    static final class QuarterPlan {
        final FaersQuarter quarter;
        final EnumMap<Table, TableRef> tables = new EnumMap<>(Table.class);
        final List<TableRef> deletes = new ArrayList<>();
        /** Archives read without their central directory, with what was recovered. */
        final Map<String, String> damagedArchives = new TreeMap<>();

        QuarterPlan(FaersQuarter quarter) {
            this.quarter = quarter;
        }

        TableRef demo() {
            return tables.get(Table.DEMO);
        }
    }

    /**
     * @param input       the zip, folder or file
     * @param displayName the name to use for {@code input} in origins when it is a zip (for a zip
     *                    that was copied from a stream), or null
     * @return the quarters in time order
     * @throws UnreadableInputException when nothing can be read
     */
    static List<QuarterPlan> discover(Path input, String displayName) {
        if (!Files.exists(input)) {
            throw new UnreadableInputException(input + ": no such file or folder");
        }
        List<TableRef> refs = new ArrayList<>();
        Map<Path, String> damaged = new TreeMap<>();
        if (Files.isDirectory(input)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(input, WALK_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
                files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            } catch (IOException | UncheckedIOException e) {
                throw new UnreadableInputException(input + ": cannot list the folder (" + e.getMessage() + ")", e);
            }
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                    addZip(p, name, input, refs, damaged);
                } else {
                    Table t = tableOf(p.getFileName().toString(), p.getParent() == null ? null
                            : String.valueOf(p.getParent().getFileName()));
                    if (t != null) {
                        refs.add(new TableRef(t, quarterOf(p, input, name), name, p, null, false));
                    }
                }
            }
            if (refs.isEmpty()) {
                throw new UnreadableInputException(input + ": no FAERS data in this folder (no DEMO file,"
                        + " quarterly zip or DELETE list)");
            }
        } else {
            String name = displayName != null ? displayName : input.getFileName().toString();
            if (name.toLowerCase(Locale.ROOT).endsWith(".zip") || zipMagic(input) != 0) {
                addZip(input, name, input.getParent(), refs, damaged);
            } else {
                Table t = tableOf(name, input.getParent() == null || input.getParent().getFileName() == null ? null
                        : input.getParent().getFileName().toString());
                if (t == null) {
                    throw new UnreadableInputException(input + ": neither a FAERS zip, a folder nor a FAERS table"
                            + " file (DEMOyyQq.txt, DELETEyyQq.txt, ...)");
                }
                refs.add(new TableRef(t, quarterOf(input, input.getParent(), name), name, input, null, false));
            }
        }
        return group(input, refs, damaged);
    }

    private static List<QuarterPlan> group(Path input, List<TableRef> refs, Map<Path, String> damaged) {
        TreeMap<FaersQuarter, QuarterPlan> plans = new TreeMap<>();
        for (TableRef r : refs) {
            QuarterPlan plan = plans.computeIfAbsent(r.quarter, QuarterPlan::new);
            if (r.table == Table.DELETE) {
                plan.deletes.add(r);
                continue;
            }
            TableRef before = plan.tables.putIfAbsent(r.table, r);
            if (before != null) {
                throw new UnreadableInputException(input + ": quarter " + r.quarter + " has two " + r.table
                        + " files, " + before.display + " and " + r.display + "; point at one of them");
            }
        }
        for (QuarterPlan plan : plans.values()) {
            plan.deletes.sort(Comparator.comparing((TableRef r) -> r.display));
            TableRef demo = plan.demo();
            for (Table t : new Table[] {Table.DRUG, Table.REAC, Table.OUTC}) {
                TableRef r = plan.tables.get(t);
                if (demo == null && r != null) {
                    throw new UnreadableInputException(input + ": quarter " + plan.quarter + " has " + r.display
                            + " but no DEMO file" + (r.salvaged ? "; the archive is truncated or damaged, so its DEMO"
                            + " file may be lost" : ""));
                }
                if (demo != null && r == null && !demo.salvaged) {
                    throw new UnreadableInputException(input + ": quarter " + plan.quarter + " has no " + t
                            + " file beside " + demo.display);
                }
            }
            for (TableRef r : plan.tables.values()) {
                if (r.salvaged) {
                    plan.damagedArchives.put(archiveName(r), damaged.get(r.path));
                }
            }
            for (TableRef r : plan.deletes) {
                if (r.salvaged) {
                    plan.damagedArchives.put(archiveName(r), damaged.get(r.path));
                }
            }
        }
        // report a damaged archive once, in the first quarter drawing on it
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (QuarterPlan plan : plans.values()) {
            plan.damagedArchives.keySet().removeIf(a -> !seen.add(a));
        }
        return new ArrayList<>(plans.values());
    }

    private static String archiveName(TableRef r) {
        int bang = r.display.indexOf("!/");
        return bang < 0 ? r.display : r.display.substring(0, bang);
    }

    static Table tableOf(String baseName, String parentName) {
        Table t = Table.ofFileName(baseName);
        if (t == null && parentName != null && parentName.equalsIgnoreCase("deleted")
                && baseName.toLowerCase(Locale.ROOT).endsWith(".txt")) {
            t = Table.DELETE;
        }
        return t;
    }

    /** The quarter in the file's name, else in the names of the folders between it and the root. */
    private static FaersQuarter quarterOf(Path file, Path root, String name) {
        Optional<FaersQuarter> q = FaersQuarter.find(name);
        Path dir = file.getParent();
        while (q.isEmpty() && dir != null && dir.getFileName() != null) {
            q = FaersQuarter.find(dir.getFileName().toString());
            if (root != null && dir.equals(root)) {
                break;
            }
            dir = dir.getParent();
        }
        return q.orElseThrow(() -> new UnreadableInputException(file + ": cannot tell its quarter (no yyQq in its"
                + " name or its folders' names)"));
    }

    /** 1 for a zip with entries, 2 for an empty zip, 0 for anything else. */
    private static int zipMagic(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            if (b.length == 4 && b[0] == 'P' && b[1] == 'K') {
                if (b[2] == 3 && b[3] == 4) {
                    return 1;
                }
                if (b[2] == 5 && b[3] == 6) {
                    return 2;
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UnreadableInputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static void addZip(Path zip, String display, Path root, List<TableRef> refs, Map<Path, String> damaged) {
        int magic = zipMagic(zip);
        if (magic == 0) {
            throw new UnreadableInputException(display + ": not a zip archive");
        }
        Optional<FaersQuarter> zipQuarter = FaersQuarter.find(display);
        List<String> names = new ArrayList<>();
        boolean salvaged = false;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> en = z.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (!e.isDirectory()) {
                    names.add(e.getName());
                }
            }
        } catch (IOException e) {
            if (magic != 1) {
                throw new UnreadableInputException(display + ": unreadable zip archive (" + e.getMessage() + ")", e);
            }
            salvaged = true;
            damaged.put(zip, salvage(zip, display, names));
        }
        int before = refs.size();
        for (String entry : names) {
            if (entry.startsWith("__MACOSX/")) {
                continue;
            }
            String path = entry.replace('\\', '/'); // zips made on Windows may use backslashes
            int slash = path.lastIndexOf('/');
            String base = path.substring(slash + 1);
            String parent = null;
            if (slash > 0) {
                String dir = path.substring(0, slash);
                parent = dir.substring(dir.lastIndexOf('/') + 1);
            }
            Table t = tableOf(base, parent);
            if (t == null) {
                continue;
            }
            Optional<FaersQuarter> q = FaersQuarter.find(base);
            if (q.isEmpty()) {
                q = zipQuarter;
            }
            if (q.isEmpty()) {
                throw new UnreadableInputException(display + "!/" + entry + ": cannot tell its quarter (no yyQq in"
                        + " its name or the archive's)");
            }
            refs.add(new TableRef(t, q.get(), display + "!/" + entry, zip, entry, salvaged));
        }
        if (refs.size() == before) {
            throw new UnreadableInputException(display + (salvaged ? ": truncated or damaged zip archive with no"
                    + " readable FAERS table" : ": zip archive without FAERS tables (no DEMO, DRUG, ... or DELETE"
                    + " file)"));
        }
    }

    /**
     * Lists the entries of a zip whose central directory cannot be read, by reading its local
     * entries in order until the data ends; returns a one-line description for the quarantine item.
     */
    private static String salvage(Path zip, String display, List<String> names) {
        String problem = null;
        int complete = 0;
        try (ZipInputStream zin = new ZipInputStream(new BufferedInputStream(Files.newInputStream(zip), 1 << 16))) {
            byte[] scratch = new byte[1 << 16];
            while (true) {
                ZipEntry e;
                try {
                    e = zin.getNextEntry();
                } catch (IOException ex) {
                    problem = ex.getClass().getSimpleName() + ": " + ex.getMessage();
                    break;
                }
                if (e == null) {
                    break;
                }
                if (!e.isDirectory()) {
                    names.add(e.getName());
                }
                try {
                    while (zin.read(scratch) >= 0) {
                        // skip to the end of the entry
                    }
                    complete++;
                } catch (IOException ex) {
                    problem = e.getName() + " ends early (" + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                            + ")";
                    break;
                }
            }
        } catch (IOException e) {
            problem = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return display + ": the archive's central directory is unreadable (truncated or damaged archive); read "
                + complete + " complete entr" + (complete == 1 ? "y" : "ies") + " in order"
                + (problem == null ? "" : ", then " + problem) + "; entries after that, if any, are lost";
    }
}
