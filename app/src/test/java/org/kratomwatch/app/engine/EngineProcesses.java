package org.kratomwatch.app.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code kratomwatch engine} instances as child JVMs of a test, observed from outside as an
 * operator would: each one's output in {@code NAME.out} in the test's folder, the topics through
 * {@link EngineTopics}. Close it (or {@link #destroyAll()}) before the broker: children never
 * outlive the test.
 *
 * <p>To debug, {@code -Dkratomwatch.crash.logback=FILE} gives the engines a logback configuration
 * and {@code -Dkratomwatch.crash.logs=DIR} keeps their output ({@link #keepLogs()}).
 */
final class EngineProcesses implements AutoCloseable {

    private final Path dir;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final List<Process> started = new ArrayList<>();

    EngineProcesses(Path dir) {
        this.dir = dir;
    }

    /**
     * Client properties for the engines: a killed member stays in the group until its session
     * times out (45 s by default), and the next rebalance waits for that; 6 s here.
     *
     * @param extra more {@code key=value} lines
     */
    Path clientConfig(String... extra) throws IOException {
        Path f = dir.resolve("client.properties");
        StringBuilder s = new StringBuilder("session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
        for (String line : extra) {
            s.append(line).append('\n');
        }
        Files.writeString(f, s.toString(), StandardCharsets.UTF_8);
        return f;
    }

    /**
     * Starts {@code kratomwatch engine ARGS} as its own JVM (512 MB heap, serial GC), output to
     * {@code NAME.out}; a name used before is replaced (its output file is overwritten).
     */
    Process start(String name, List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "org.kratomwatch.app.KratomWatch", "engine"));
        cmd.addAll(args);
        if (System.getProperty("kratomwatch.crash.logback") != null) {
            cmd.add(1, "-Dlogback.configurationFile=" + System.getProperty("kratomwatch.crash.logback"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(out(name).toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("KRATOMWATCH_"));
        Process p = pb.start();
        processes.put(name, p);
        started.add(p);
        return p;
    }

    Process process(String name) {
        return processes.get(name);
    }

    private Path out(String name) {
        return dir.resolve(name + ".out");
    }

    /** Waits until the instance prints that it is running (state restored, tasks assigned). */
    void awaitRunning(String name, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!fullOutput(name).contains("kratomwatch engine: running")) {
            assertThat(process(name).isAlive()).as("engine %s died: %s", name, output(name)).isTrue();
            assertThat(System.nanoTime()).as("engine %s not running after %s: %s", name, timeout, output(name))
                    .isLessThan(end);
            Thread.sleep(100);
        }
    }

    /** Waits until the counts topic has more than {@code above} committed records. */
    void awaitCountsAbove(EngineTopics topics, long above, String name) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (topics.committedEnd(EngineTopics.COUNTS) <= above) {
            assertThat(process(name).isAlive()).as("engine %s died: %s", name, output(name)).isTrue();
            assertThat(System.nanoTime()).as("engine %s committed no counts in 60 s: %s", name, output(name))
                    .isLessThan(end);
            Thread.sleep(100);
        }
    }

    /** Everything consumed, then the counts topic unchanged for 2 s, while the named instances live. */
    void awaitIdle(EngineTopics topics, Duration timeout, String... alive) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        long last = -1;
        int quiet = 0;
        while (quiet < 4) {
            for (String name : alive) {
                assertThat(process(name).isAlive()).as("engine %s died: %s", name, output(name)).isTrue();
            }
            assertThat(System.nanoTime()).as("engines not idle after %s: %s", timeout,
                    alive.length == 0 ? "" : output(alive[0])).isLessThan(end);
            long now = topics.committedEnd(EngineTopics.COUNTS);
            quiet = now == last && topics.consumed() ? quiet + 1 : 0;
            last = now;
            Thread.sleep(500);
        }
    }

    /** The instance's whole output so far. */
    String fullOutput(String name) throws IOException {
        return Files.readString(out(name), StandardCharsets.UTF_8);
    }

    /** The last 4,000 characters of the instance's output, for failure messages. */
    String output(String name) {
        try {
            String s = fullOutput(name);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Kills every child still alive (SIGKILL) and waits for it. */
    void destroyAll() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Copies every output file to {@code -Dkratomwatch.crash.logs}, when set. */
    void keepLogs() throws IOException {
        if (System.getProperty("kratomwatch.crash.logs") != null) {
            Path logs = Path.of(System.getProperty("kratomwatch.crash.logs"));
            Files.createDirectories(logs);
            for (String name : processes.keySet()) {
                if (Files.exists(out(name))) {
                    Files.copy(out(name), logs.resolve(name + ".out"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            destroyAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            keepLogs();
        }
    }

    /** Every key whose value differs, as {@code key: expected E, counted A}, in key order. */
    static List<String> mismatches(Map<String, Long> expected, Map<String, Long> actual) {
        List<String> out = new ArrayList<>();
        Map<String, Long> all = new HashMap<>(expected);
        actual.forEach(all::putIfAbsent);
        for (String k : new TreeSet<>(all.keySet())) {
            Long e = expected.get(k);
            Long a = actual.get(k);
            if (e == null ? a != null : !e.equals(a)) {
                out.add(k + ": expected " + e + ", counted " + a);
            }
        }
        return out;
    }
}
