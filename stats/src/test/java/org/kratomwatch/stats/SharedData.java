package org.kratomwatch.stats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real public data in {@code ../shared/data} (beside the repository) for tests that
 * read it in place. Where it is absent, {@link #require(String)} skips the test with a message
 * saying what is missing, rather than failing.
 *
 * <p>The location comes from the system property {@code kratomwatch.shared} (set by the parent
 * POM's Surefire configuration to {@code <repo>/../shared}), else from {@code ../shared} or
 * {@code ../../shared} relative to the working directory.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The {@code shared} folder, or {@code null} where none is found. */
    public static Path root() {
        String prop = System.getProperty("kratomwatch.shared");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (String candidate : new String[] {"../shared", "../../shared"}) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p.resolve("data"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /**
     * Returns {@code shared/data/<relative>}, skipping the calling test (JUnit assumption) when it
     * does not exist.
     */
    public static Path require(String relative) {
        Path root = root();
        assumeTrue(root != null, "../shared is absent: skipping a test that needs the real data in ../shared/data/" + relative);
        Path p = root.resolve("data").resolve(relative);
        assumeTrue(Files.exists(p), "../shared/data/" + relative + " is absent: skipping a test that needs it");
        return p;
    }
}
