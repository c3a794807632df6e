package org.kratomwatch.ingest.io;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.kratomwatch.ingest.UnreadableInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of an input as the readers see them: a single file, a folder (walked recursively, in
 * path order, hidden files skipped) or a zip archive (its entries in archive order), and zips found
 * in a folder. Shared by the openFDA, CAERS and E2B readers (it lives here only because a reader's
 * engineer may touch nothing outside the reader packages; it belongs in a common ingest package).
 *
 * <p>Names follow {@link org.kratomwatch.ingest.model.Origin}: a file's own name, or
 * {@code archive.zip!/path/in/archive} for a member of an archive.
 *
 * <p>A damaged archive is not an exception: a zip whose central directory cannot be read (a
 * truncated download) is read sequentially from its local headers as far as it goes, and the
 * visitor is told through {@link Visitor#archiveFailure}. Only an input that cannot be read at
 * all raises {@link UnreadableInputException}: missing, unreadable, a {@code .zip} without a
 * single zip entry (not the archive it claims to be), or holding no file of the format.
 * Memory: constant (one open stream at a time).
 */
public final class InputFiles {

    private static final Logger LOG = LoggerFactory.getLogger(InputFiles.class);

    private InputFiles() {
    }

    /** One file to read. */
    public interface Member {

        /** The name for {@link org.kratomwatch.ingest.model.Origin}. */
        String name();

        /** The member's own name without any folder or archive, e.g. {@code ADR12Q4.xml}. */
        default String simpleName() {
            String n = name();
            int i = Math.max(n.lastIndexOf('/'), Math.max(n.lastIndexOf('!'), n.lastIndexOf('\\')));
            return n.substring(i + 1);
        }

        /** True for a member of an archive (so that a failing stream means a damaged archive). */
        boolean inArchive();

        /** Opens the content; may be called more than once (readers that take two passes). */
        InputStream open() throws IOException;
    }

    /** What a reader does with the members. */
    public interface Visitor {

        /** Reads one member; the reader turns every problem of its content into quarantine items. */
        void member(Member member) throws IOException;

        /**
         * The archive {@code archiveName} is damaged (not a zip, truncated, failed checksum); members
         * before the damage were visited.
         */
        void archiveFailure(String archiveName, String message);
    }

    /**
     * Visits the members of {@code input} whose name {@code accept} accepts (case-insensitive
     * suffix tests are typical). A file given directly is always visited, whatever its name, unless
     * it is a zip, whose accepted entries are visited instead.
     *
     * @return the number of members visited plus archive failures
     * @throws UnreadableInputException when the input is missing or unreadable, or holds nothing
     *                                  accepted
     */
    public static int forEach(Path input, Predicate<String> accept, Visitor visitor) {
        if (!Files.exists(input)) {
            throw new UnreadableInputException("input does not exist: " + input);
        }
        if (!Files.isReadable(input)) {
            throw new UnreadableInputException("input is not readable: " + input);
        }
        int[] seen = {0};
        try {
            if (Files.isDirectory(input)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(input)) {
                    files = s.filter(Files::isRegularFile)
                            .filter(p -> !isHidden(input, p))
                            .sorted()
                            .toList();
                }
                for (Path p : files) {
                    String n = p.getFileName().toString();
                    if (isZip(n)) {
                        seen[0] += visitZip(p, accept, visitor);
                    } else if (accept.test(n)) {
                        visitor.member(fileMember(p));
                        seen[0]++;
                    } else {
                        LOG.debug("skipping {}: not a file of this format", p);
                    }
                }
            } else if (isZip(input.getFileName().toString())) {
                seen[0] += visitZip(input, accept, visitor);
            } else {
                visitor.member(fileMember(input));
                seen[0]++;
            }
        } catch (IOException e) {
            throw new UnreadableInputException("cannot read " + input + ": " + oneLine(e));
        }
        if (seen[0] == 0) {
            throw new UnreadableInputException("no file of this format in " + input);
        }
        return seen[0];
    }

    /** True for a name ending in {@code .zip} (so also {@code .json.zip}). */
    public static boolean isZip(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** An accept-predicate for names ending in one of the suffixes, case-insensitively. */
    public static Predicate<String> suffixes(String... suffixes) {
        return name -> {
            String n = name.toLowerCase(Locale.ROOT);
            for (String s : suffixes) {
                if (n.endsWith(s)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** An exception's message on one line, for quarantine messages. */
    public static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }

    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Member fileMember(Path p) {
        String name = p.getFileName().toString();
        return new Member() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean inArchive() {
                return false;
            }

            @Override
            public InputStream open() throws IOException {
                return new BufferedInputStream(Files.newInputStream(p), 1 << 16);
            }
        };
    }

    private static int visitZip(Path zip, Predicate<String> accept, Visitor visitor) throws IOException {
        String zipName = zip.getFileName().toString();
        List<String> entries = new ArrayList<>();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> en = zf.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (!e.isDirectory() && accept.test(baseName(e.getName())) && !baseName(e.getName()).startsWith(".")) {
                    entries.add(e.getName());
                }
            }
            int n = 0;
            for (String entry : entries) {
                visitor.member(new Member() {
                    @Override
                    public String name() {
                        return zipName + "!/" + entry;
                    }

                    @Override
                    public boolean inArchive() {
                        return true;
                    }

                    @Override
                    public InputStream open() throws IOException {
                        ZipEntry e = zf.getEntry(entry);
                        return new BufferedInputStream(zf.getInputStream(e), 1 << 16);
                    }
                });
                n++;
            }
            return n;
        } catch (ZipException damaged) {
            LOG.warn("{}: central directory unreadable ({}), reading entries sequentially", zipName, oneLine(damaged));
            return visitZipSequentially(zip, zipName, accept, visitor, oneLine(damaged));
        }
    }

    /** For a zip without a readable central directory: entries from the local headers. */
    private static int visitZipSequentially(Path zip, String zipName, Predicate<String> accept, Visitor visitor,
            String why) throws IOException {
        int n = 0;
        int index = 0;
        try (ZipInputStream zin = new ZipInputStream(new BufferedInputStream(Files.newInputStream(zip), 1 << 16))) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                int myIndex = index++;
                if (e.isDirectory() || !accept.test(baseName(e.getName()))) {
                    continue;
                }
                String entry = e.getName();
                visitor.member(new Member() {
                    @Override
                    public String name() {
                        return zipName + "!/" + entry;
                    }

                    @Override
                    public boolean inArchive() {
                        return true;
                    }

                    @Override
                    public InputStream open() throws IOException {
                        return openSequential(zip, myIndex);
                    }
                });
                n++;
            }
        } catch (IOException e) {
            if (index == 0) {
                throw new UnreadableInputException(zipName + " is not a zip archive: " + why + "; " + oneLine(e));
            }
            visitor.archiveFailure(zipName, "damaged archive: " + why + "; " + oneLine(e));
            return n + 1;
        }
        if (index == 0) {
            throw new UnreadableInputException(zipName + " is not a zip archive: " + why);
        }
        visitor.archiveFailure(zipName, "damaged archive: " + why + "; entries read from their local headers");
        return n + 1;
    }

    private static InputStream openSequential(Path zip, int index) throws IOException {
        ZipInputStream zin = new ZipInputStream(new BufferedInputStream(Files.newInputStream(zip), 1 << 16));
        for (int i = 0; i <= index; i++) {
            if (zin.getNextEntry() == null) {
                zin.close();
                throw new ZipException("entry " + index + " vanished");
            }
        }
        return new FilterInputStream(zin) {
            @Override
            public void close() throws IOException {
                zin.close();
            }
        };
    }

    private static String baseName(String entry) {
        int i = entry.lastIndexOf('/');
        return i < 0 ? entry : entry.substring(i + 1);
    }
}
