package org.kratomwatch.ingest.synthetic;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The files of one quarter: written as plain files (in the final folder, or in a scratch folder that is then packed
 * into the quarter's zip and removed).
 */
final class QuarterOutput implements Closeable {

    final Quarter quarter;
    final RowWriter demo;
    final RowWriter drug;
    final RowWriter reac;
    final RowWriter outc;
    final RowWriter delete;
    private final GeneratorOptions options;
    private final Path dir;
    private boolean closed;

    QuarterOutput(GeneratorOptions options, Quarter q) throws IOException {
        this.options = options;
        this.quarter = q;
        String base = FaersLayout.baseName(q);
        dir = options.layout() == GeneratorOptions.Layout.ZIP ? options.outDir().resolve("." + base + ".tmp")
                : options.outDir().resolve(base);
        if (options.layout() == GeneratorOptions.Layout.ZIP) {
            deleteTree(dir);
        }
        demo = open(FaersLayout.DEMO);
        drug = open(FaersLayout.DRUG);
        reac = open(FaersLayout.REAC);
        outc = open(FaersLayout.OUTC);
        delete = new RowWriter(dir.resolve(FaersLayout.deletePath(q)));
        delete.line(" "); // FDA's DELETE files start with a line holding one space
    }

    private RowWriter open(String table) throws IOException {
        RowWriter w = new RowWriter(dir.resolve(FaersLayout.tablePath(table, quarter)));
        w.line(FaersLayout.header(table));
        return w;
    }

    /** The zip or folder name, relative to the output folder. */
    String fileName() {
        String base = FaersLayout.baseName(quarter);
        return options.layout() == GeneratorOptions.Layout.ZIP ? base + ".zip" : base;
    }

    /** Closes the files and, for the zip layout, packs them. */
    void finish() throws IOException {
        close();
        if (options.layout() != GeneratorOptions.Layout.ZIP) {
            return;
        }
        Path zip = options.outDir().resolve(fileName());
        Path part = options.outDir().resolve(fileName() + ".part");
        // a fixed time: FDA publishes a quarter some weeks after it ends
        LocalDateTime time = LocalDateTime.of(quarter.lastDay().plusDays(35), LocalTime.NOON);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16);
                ZipOutputStream z = new ZipOutputStream(os)) {
            z.setLevel(options.zipLevel());
            directory(z, "ASCII/", time);
            for (String table : FaersLayout.TABLES) {
                file(z, FaersLayout.tablePath(table, quarter), time);
            }
            directory(z, "Deleted/", time);
            file(z, FaersLayout.deletePath(quarter), time);
        }
        Files.move(part, zip, StandardCopyOption.REPLACE_EXISTING);
        deleteTree(dir);
    }

    private static void directory(ZipOutputStream z, String name, LocalDateTime time) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(time);
        z.putNextEntry(e);
        z.closeEntry();
    }

    private void file(ZipOutputStream z, String name, LocalDateTime time) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(time);
        z.putNextEntry(e);
        Files.copy(dir.resolve(name), z);
        z.closeEntry();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(x);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException first = null;
        for (RowWriter w : new RowWriter[] {demo, drug, reac, outc, delete}) {
            try {
                w.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
