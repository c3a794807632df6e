package org.kratomwatch.ingest.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.publish.DryRunPublisher;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.IngestSummary;
import org.kratomwatch.ingest.run.InputFormat;

/**
 * Ingests one giant variant in a separate JVM whose heap is capped, so that "memory stays bounded"
 * is a measurement: a reader that holds whole files, or copies of a 50 MB line beyond a few, dies
 * of {@link OutOfMemoryError} there (exit 1) instead of passing in the test JVM's roomy heap.
 */
final class GiantProbe {

    /** About five times the 50 MB line: a buffer, the line as text, and the parsers' own copies. */
    static final int HEAP_MB = 256;

    /** The probe's exit code, time and output. */
    record Result(int exit, double seconds, String output) {
        String lastLine() {
            String[] l = output.strip().split("\n");
            return l[l.length - 1];
        }
    }

    private GiantProbe() {
    }

    static Result run(Variant v, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("probe.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String period = v.c().sample().period();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + HEAP_MB + "m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), GiantProbe.class.getName(),
                v.c().sample().format.name(), v.input().toString(), period == null ? "-" : period)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return new Result(-1, (System.nanoTime() - t0) / 1e9, "timed out after 4 minutes");
        }
        return new Result(p.exitValue(), (System.nanoTime() - t0) / 1e9, Files.readString(log, StandardCharsets.UTF_8));
    }

    /** {@code GiantProbe FORMAT INPUT PERIOD|-}: exit 0 read or refused cleanly, 1 anything else. */
    public static void main(String[] args) {
        try {
            IngestSummary s = new IngestRun(InputFormat.valueOf(args[0]), CaseKeyer.throwAway(), new DryRunPublisher())
                    .fallbackPeriod("-".equals(args[2]) ? null : args[2]).run(List.of(Path.of(args[1])), null, 1000);
            System.out.println(s.line() + "; peak heap " + peakHeapMb() + " MB");
        } catch (UnreadableInputException e) {
            System.out.println("user error: " + e.getMessage() + "; peak heap " + peakHeapMb() + " MB");
        } catch (Throwable e) { // NOPMD: OutOfMemoryError is the failure this probe exists for
            e.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
