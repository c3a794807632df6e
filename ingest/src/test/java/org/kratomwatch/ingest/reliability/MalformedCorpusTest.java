package org.kratomwatch.ingest.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5, "faults and bad input, measured": a corpus of malformed files made from the real samples
 * in {@code ../shared/data} (cut, re-encoded, reshuffled, thinned, blown up, emptied, swapped for
 * another format), each ingested as {@code kratomwatch ingest --dry-run} would. For every variant:
 * nothing escapes but the documented user error (one line, naming the file); every record is
 * accounted for exactly once, against an independent count of what was written; every quarantine
 * reason says what is wrong, and the injected fault shows where the format can show it.
 *
 * <p>Reports figures, not just pass/fail: {@code target/reliability/malformed-input.md}. Tagged
 * {@code reliability} so that {@code -Dgroups=reliability} runs it alone; it also runs in every
 * {@code mvn verify}. Samples absent: every case is skipped, saying which file is missing.
 */
@Tag("reliability")
class MalformedCorpusTest {

    /** Every variant derives from this seed: a failure is reproduced from the case's name. */
    static final long SEED = 20261207L;

    private static final Figures FIGURES = new Figures();
    private static final Map<Sample, Outcome> BASELINES = new ConcurrentHashMap<>();
    private static long started;
    private static long startedCpu;

    @TempDir
    static Path originals;

    static Stream<Arguments> corpus() {
        return Corpus.cases(SEED).stream()
                .filter(c -> c.fault() != Fault.GIANT_FIELD && c.fault() != Fault.GIANT_LINE)
                .map(c -> Arguments.of(Named.of(c.toString(), c)));
    }

    static Stream<Arguments> giants() {
        return Corpus.cases(SEED).stream()
                .filter(c -> c.fault() == Fault.GIANT_FIELD || c.fault() == Fault.GIANT_LINE)
                .map(c -> Arguments.of(Named.of(c.toString(), c)));
    }

    @BeforeAll
    static void start() {
        started = System.nanoTime();
        startedCpu = cpuNanos();
    }

    /** CPU time of this JVM (all its threads): on a shared machine, the wall time says little. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void everyRecordIsAccountedForAndEveryReasonSaysWhy(Corpus.Case c, @TempDir Path dir) throws IOException {
        check(c, dir);
    }

    /**
     * The 10 MB field and the 50 MB line, in this JVM for the checks, then again in a JVM whose
     * heap is capped at {@link GiantProbe#HEAP_MB}: memory stays bounded or the probe dies.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("giants")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void giantFieldsAndLinesStayInABoundedHeap(Corpus.Case c, @TempDir Path dir) throws IOException,
            InterruptedException {
        Variant v = Corpus.write(c, dir);
        List<String> problems = problems(c, v);
        GiantProbe.Result r = GiantProbe.run(v, dir);
        FIGURES.memory(String.format("%s, %s: %s in a JVM capped at -Xmx%dm, %.1f s: %s", c.sample(), v.what(),
                r.exit() == 0 ? "read" : "FAILED (exit " + r.exit() + ")", GiantProbe.HEAP_MB, r.seconds(),
                r.lastLine()));
        assertThat(problems).as("%s%n  %s%n  expected: %s", c, v.what(), v.expect().describe()).isEmpty();
        assertThat(r.exit()).as("%s in -Xmx%dm:%n%s", v.what(), GiantProbe.HEAP_MB, r.output()).isZero();
    }

    private static void check(Corpus.Case c, Path dir) throws IOException {
        Variant v = Corpus.write(c, dir);
        assertThat(problems(c, v)).as("%s%n  %s%n  expected: %s", c, v.what(), v.expect().describe()).isEmpty();
    }

    private static List<String> problems(Corpus.Case c, Variant v) throws IOException {
        Outcome o = Outcome.of(c.sample().format, v.input(), c.sample().period());
        List<String> problems = Checks.all(v, o, baseline(c.sample()));
        FIGURES.add(v, o, problems);
        return problems;
    }

    /** The undamaged sample's outcome, laid out as its variants are; it must itself be clean. */
    private static Outcome baseline(Sample s) {
        return BASELINES.computeIfAbsent(s, k -> {
            try {
                Path in = Corpus.original(k, originals.resolve(k.name()));
                Outcome o = Outcome.of(k.format, in, k.period());
                assertThat(o.crash()).as("%s crashes undamaged", k).isNull();
                assertThat(o.userError()).as("%s is refused undamaged", k).isNull();
                assertThat(o.summary().balanced()).as(o.summary().line()).isTrue();
                return o;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @AfterAll
    static void writeFigures() throws IOException {
        Path out = Path.of(System.getProperty("basedir", "."), "target", "reliability", "malformed-input.md");
        FIGURES.write(out, SEED, (System.nanoTime() - started) / 1_000_000, (cpuNanos() - startedCpu) / 1_000_000);
        assertThat(out).exists().content(StandardCharsets.UTF_8).contains("| format | fault |");
    }
}
