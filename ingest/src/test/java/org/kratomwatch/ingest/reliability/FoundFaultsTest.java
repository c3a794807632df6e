package org.kratomwatch.ingest.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.ingest.run.InputFormat;

/**
 * The faults {@link MalformedCorpusTest} found in the readers, each boiled down to a hand-made
 * input (no shared data needed): what an analyst now sees in the quarantine topic, where before
 * the fault was published as a report, stopped the run, or was reported under the wrong reason.
 */
@Tag("reliability")
class FoundFaultsTest {

    /** Writes one input under a folder and returns what to ingest. */
    @FunctionalInterface
    interface Input {
        Path write(Path dir) throws IOException;
    }

    /**
     * @param format  the reader
     * @param input   the damaged input
     * @param file    the file the quarantine record must name
     * @param reason  its reason
     * @param message a text its message must contain
     */
    record Found(InputFormat format, Input input, String file, QuarantineReason reason, String message) {
    }

    static Stream<Arguments> found() {
        return Stream.of(
                found("CAERS long form: a repeated header row is a DUPLICATE, no longer a report of case 'id' taking"
                        + " drug 'var1'", InputFormat.caers, dir -> write(dir, "pairs.csv",
                        "id,var1,var2,strat1\n1,KRATOM,NAUSEA,Female\nid,var1,var2,strat1\n2,KAVA,RASH,Male\n"),
                        "pairs.csv", QuarantineReason.DUPLICATE, "the header line repeats here"),
                found("FAERS: a repeated DEMO header line is a DUPLICATE, no longer 'primaryid is not a number'",
                        InputFormat.faers, dir -> faers(dir, "23Q4", "primaryid$caseid$caseversion\n11$1$1\n"
                                + "primaryid$caseid$caseversion\n21$2$1\n", "primaryid$caseid$pt\n11$1$NAUSEA\n"),
                        "DEMO23Q4.txt", QuarantineReason.DUPLICATE, "the header line repeats here"),
                found("FAERS: a child row short of its key field is WRONG_COLUMN_COUNT, as a DEMO row is, no longer"
                        + " 'isr is not a number'", InputFormat.faers, dir -> faers(dir, "04Q1",
                        "isr$case$i_f_cod$fda_dt\n100$10$I$20040105\n", "isr$pt\n100$NAUSEA\nHEADACHE\n"),
                        "REAC04Q1.TXT", QuarantineReason.WRONG_COLUMN_COUNT, "expected 2 fields, found 1"),
                found("E2B: bytes that are not UTF-8 are BROKEN_ENCODING, no longer OTHER 'read error'",
                        InputFormat.e2b, dir -> write(dir, "icsr.xml", r2("KRAT\u00e9OM"), StandardCharsets.ISO_8859_1),
                        "icsr.xml", QuarantineReason.BROKEN_ENCODING, "not text in the file's encoding"),
                found("E2B in a zip: bytes that are not UTF-8 are BROKEN_ENCODING, no longer a 'damaged archive member'",
                        InputFormat.e2b, dir -> zip(dir, "icsr.zip", "icsr.xml", r2("KRAT\u00e9OM")
                                .getBytes(StandardCharsets.ISO_8859_1), 0),
                        "icsr.zip!/icsr.xml", QuarantineReason.BROKEN_ENCODING, "not text in the file's encoding"),
                found("E2B in a zip cut inside its entry: the member is TRUNCATED_ARCHIVE, no longer INVALID_XML ('must"
                        + " start and end within the same entity')", InputFormat.e2b, dir -> zip(dir, "icsr.zip",
                        "icsr.xml", r2("KRATOM".repeat(20_000)).getBytes(StandardCharsets.UTF_8), 2),
                        "icsr.zip!/icsr.xml", QuarantineReason.TRUNCATED_ARCHIVE, "damaged archive member"),
                found("openFDA: bytes that are not UTF-8 are BROKEN_ENCODING, no longer INVALID_JSON", InputFormat.openfda,
                        dir -> write(dir, "event.json", "{\"results\": [{\"safetyreportid\": \"1\", \"receivedate\":"
                                + " \"20220105\", \"patient\": {\"drug\": [{\"medicinalproduct\": \"KRAT\u00e9OM\"}]}}]}",
                                StandardCharsets.ISO_8859_1),
                        "event.json", QuarantineReason.BROKEN_ENCODING, "not UTF-8"),
                found("A drug name of 5,000 characters is quarantined, no longer published as a record Kafka refuses"
                        + " (at 10 MB: 20 MB, the producer's limit is 1 MiB, and the run stopped)", InputFormat.openfda,
                        dir -> write(dir, "event.json", "{\"results\": [{\"safetyreportid\": \"1\", \"receivedate\":"
                                + " \"20220105\", \"patient\": {\"drug\": [{\"medicinalproduct\": \"" + "K".repeat(5_000)
                                + "\"}]}}]}", StandardCharsets.UTF_8),
                        "event.json", QuarantineReason.OTHER, "a drug name 5,000 characters long (more than 4,000)"),
                found("A reaction term of 5,000 characters likewise", InputFormat.caers,
                        dir -> write(dir, "pairs.csv", "id,var1,var2\n1,KRATOM," + "N".repeat(5_000) + "\n"),
                        "pairs.csv", QuarantineReason.OTHER, "a reaction term 5,000 characters long"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("found")
    void theFaultIsQuarantinedWithItsOwnReason(Found f, @TempDir Path dir) throws IOException {
        Path input = f.input().write(dir);
        Outcome o = Outcome.of(f.format(), input, f.format() == InputFormat.caers ? "2012Q4" : null);
        assertThat(o.crash()).isNull();
        assertThat(o.userError()).isNull();
        assertThat(o.summary().balanced()).as(o.summary().line()).isTrue();
        assertThat(o.published().largest).isLessThanOrEqualTo(CollectingPublisher.KAFKA_DEFAULT_MAX_BYTES);
        assertThat(o.published().quarantined)
                .anySatisfy(q -> {
                    assertThat(q.getFileName()).isEqualTo(f.file());
                    assertThat(q.getReason()).isEqualTo(f.reason());
                    assertThat(q.getMessage()).contains(f.message());
                })
                .extracting(QuarantinedRecord::getMessage).allMatch(m -> !m.isBlank() && !m.contains("\n"));
        // nothing that is not a report was published as one
        assertThat(o.items().reports).allMatch(r -> !r.caseId().equals("id") && !r.caseId().equals("primaryid"));
    }

    private static Arguments found(String name, InputFormat format, Input input, String file, QuarantineReason reason,
            String message) {
        return Arguments.of(Named.of(name, new Found(format, input, file, reason, message)));
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return write(dir, name, text, StandardCharsets.UTF_8);
    }

    private static Path write(Path dir, String name, String text, java.nio.charset.Charset cs) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(cs));
    }

    /** A FAERS quarter folder with the given DEMO and REAC tables, DRUG and OUTC empty but for their header. */
    private static Path faers(Path dir, String quarter, String demo, String reac) throws IOException {
        boolean legacy = demo.startsWith("isr");
        String key = legacy ? "isr" : "primaryid$caseid";
        String ext = legacy ? ".TXT" : ".txt";
        Path q = Files.createDirectories(dir.resolve("quarter" + quarter));
        write(q, "DEMO" + quarter + ext, demo);
        write(q, "REAC" + quarter + ext, reac);
        write(q, "DRUG" + quarter + ext, key + "$drug_seq$role_cod$drugname\n");
        write(q, "OUTC" + quarter + ext, key + "$outc_cod\n");
        return q;
    }

    /** One E2B(R2) safety report with the given drug name. */
    private static String r2(String drug) {
        return "<ichicsr><safetyreport><safetyreportid>1</safetyreportid><receivedate>20220105</receivedate>"
                + "<patient><drug><medicinalproduct>" + drug + "</medicinalproduct></drug></patient></safetyreport>"
                + "</ichicsr>";
    }

    /** A zip of one entry, cut to {@code 1/cut} of its size when {@code cut > 0} (inside the entry's data). */
    private static Path zip(Path dir, String name, String entry, byte[] content, int cut) throws IOException {
        Path zip = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content);
            z.closeEntry();
        }
        if (cut > 0) {
            byte[] all = Files.readAllBytes(zip);
            Files.write(zip, Arrays.copyOf(all, all.length / cut));
        }
        return zip;
    }
}
