package org.kratomwatch.report.pdf;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium, found on this machine, printing the report's own HTML to PDF: the same page,
 * laid out by a browser for paper, instead of a second rendering path that could drift from it.
 * Chromium is not a Java dependency; it is the Debian package {@code chromium} (or Chrome), found
 * on the {@code PATH}.
 */
public final class Chromium {

    /** What to tell a user without Chromium. */
    public static final String HOW_TO_INSTALL = "PDF output needs Chromium: install it (Debian/Ubuntu: "
            + "apt-get install chromium) or put chromium on the PATH";

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");

    private Chromium() {
    }

    /** The executable: the first of chromium, chromium-browser, google-chrome on the PATH. */
    public static Optional<Path> locate() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Flags for a quiet, self-contained headless run: no first-run UI, no background connections
     * (the build machines have no network), a fresh profile, and no sandbox when running as root
     * (where Chromium refuses to start with it).
     */
    public static List<String> headlessFlags(Path profile) {
        List<String> flags = new ArrayList<>(List.of("--headless", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--mute-audio", "--user-data-dir=" + profile));
        if ("root".equals(System.getProperty("user.name"))) {
            flags.add("--no-sandbox");
        }
        return flags;
    }

    /**
     * Prints an HTML file to PDF (A4 by the page's own {@code @page} rule, no header or footer).
     *
     * @throws ChromiumUnavailableException when no Chromium is found, or it fails or times out
     */
    public static void printToPdf(Path html, Path pdf, Duration timeout) throws IOException {
        Path exe = locate().orElseThrow(() -> new ChromiumUnavailableException(HOW_TO_INSTALL));
        Path profile = Files.createTempDirectory("kratomwatch-chromium");
        Path log = profile.resolve("chromium.log");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(exe.toString());
            cmd.addAll(headlessFlags(profile.resolve("profile")));
            cmd.add("--no-pdf-header-footer");
            cmd.add("--print-to-pdf=" + pdf.toAbsolutePath());
            cmd.add(html.toAbsolutePath().toUri().toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while printing the PDF", e);
            }
            if (!done) {
                p.destroyForcibly();
                throw new ChromiumUnavailableException(exe + " did not print the PDF within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(pdf) || Files.size(pdf) == 0) {
                String tail = lastLine(log);
                throw new ChromiumUnavailableException(exe + " could not print the PDF (exit " + p.exitValue() + ")"
                        + (tail.isEmpty() ? "" : ": " + tail));
            }
        } finally {
            deleteTree(profile);
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            // no log: nothing to add
        }
        return "";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is not worth failing the report
        }
    }
}
