package org.kratomwatch.ingest.faers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Where one table of a quarter is: a plain file, an entry of a zip, or an entry of a zip whose
 * central directory is unreadable (truncated), reached by reading the local entries in order.
 */
final class TableRef {

    final Table table;
    final FaersQuarter quarter;
    /** The name used in {@link org.kratomwatch.ingest.model.Origin}s: file name, or {@code archive.zip!/entry}. */
    final String display;
    /** The plain file, or the archive. */
    final Path path;
    /** The archive entry, or null for a plain file. */
    final String entry;
    /** Read the archive sequentially (no central directory). */
    final boolean salvaged;

    TableRef(Table table, FaersQuarter quarter, String display, Path path, String entry, boolean salvaged) {
        this.table = table;
        this.quarter = quarter;
        this.display = display;
        this.path = path;
        this.entry = entry;
        this.salvaged = salvaged;
    }

    boolean plainFile() {
        return entry == null;
    }

    /** A new stream over the table's bytes, from the start. */
    InputStream open(Archives archives) throws IOException {
        if (entry == null) {
            return Files.newInputStream(path);
        }
        if (!salvaged) {
            ZipFile zip = archives.open(path);
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                throw new IOException("no entry " + entry);
            }
            return zip.getInputStream(e);
        }
        ZipInputStream zin = new ZipInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
        try {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                if (e.getName().equals(entry)) {
                    return zin;
                }
            }
        } catch (IOException ex) {
            zin.close();
            throw ex;
        }
        zin.close();
        throw new IOException("entry " + entry + " not found again");
    }

    @Override
    public String toString() {
        return display;
    }
}
