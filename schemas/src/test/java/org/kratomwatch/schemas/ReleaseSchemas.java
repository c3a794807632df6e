package org.kratomwatch.schemas;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaFormatter;

/**
 * Releases the current schemas: for every record whose current schema differs (in anything but
 * documentation) from its newest released version, checks that the current schema can read every
 * released version and writes the next history file {@code <Name>.v<N+1>.avsc}. Run from
 * {@code schemas/}:
 *
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.mainClass=org.kratomwatch.schemas.ReleaseSchemas -Dexec.classpathScope=test
 * </pre>
 *
 * Exits with status 1, writing nothing for that record, when the change is incompatible.
 */
public final class ReleaseSchemas {

    /** The history directory in the source tree, relative to the module directory. */
    static final Path SOURCE_HISTORY = Path.of("src/main/resources").resolve(SchemaHistory.HISTORY_DIRECTORY);

    private ReleaseSchemas() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : SOURCE_HISTORY;
        if (!Files.isDirectory(dir)) {
            System.err.println("no history directory " + dir.toAbsolutePath() + ": run from schemas/");
            System.exit(2);
        }
        SchemaHistory history = loadFromSource(dir);
        boolean failed = false;
        for (Schema current : SchemaHistory.CURRENT_SCHEMAS) {
            List<SchemaHistory.Release> releases = history.releases(current.getFullName());
            SchemaHistory.Release newest = releases.isEmpty() ? null : releases.get(releases.size() - 1);
            List<String> changes = newest == null ? List.of("first release") : SchemaDiff.differences(newest.schema(),
                    current);
            if (changes.isEmpty()) {
                System.out.println(current.getName() + ": unchanged since " + newest);
                continue;
            }
            boolean compatible = true;
            for (SchemaHistory.Release r : releases) {
                SchemaCompatibility.SchemaPairCompatibility c = SchemaCompatibility.checkReaderWriterCompatibility(
                        current, r.schema());
                if (c.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                    System.err.println(current.getName() + ": INCOMPATIBLE with " + r + ": " + c.getResult());
                    compatible = false;
                }
            }
            if (!compatible) {
                failed = true;
                continue;
            }
            int version = releases.size() + 1;
            Path file = dir.resolve(current.getName() + ".v" + version + ".avsc");
            Files.writeString(file, SchemaFormatter.format("json/pretty", current) + "\n", StandardCharsets.UTF_8);
            System.out.println(current.getName() + ": released v" + version + " as " + file + " " + changes);
        }
        if (failed) {
            System.exit(1);
        }
    }

    /** The history as in the source tree (not the possibly stale copy under target/classes). */
    static SchemaHistory loadFromSource(Path dir) throws IOException {
        Path root = dir;
        for (String ignored : SchemaHistory.HISTORY_DIRECTORY.split("/")) {
            root = root.getParent();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            return SchemaHistory.load(loader, SchemaHistory.HISTORY_DIRECTORY, SchemaHistory.CURRENT_SCHEMAS);
        }
    }
}
