package org.kratomwatch.ingest.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.TreeMap;
import org.kratomwatch.avro.QuarantineReason;

/**
 * What became of every input record of an ingestion run. The counts add up:
 * {@code read = accepted + superseded + retracted + quarantined}.
 *
 * <ul>
 *   <li>{@code read}: input records — a report version (FAERS DEMO row, openFDA/E2B safety report,
 *       CAERS report), a deleted-case line, or a row that could not join a report;</li>
 *   <li>{@code accepted}: report versions that are, at the end of the run, the latest live version
 *       of their case (one per case);</li>
 *   <li>{@code superseded}: report versions replaced by a newer (or repeated) version of their case,
 *       or older than one already seen;</li>
 *   <li>{@code retracted}: deleted-case lines, the version of each deleted case that was live (accepted) when
 *       the deletion arrived, and versions that arrive after their case's deletion; earlier versions of a deleted
 *       case stay superseded;</li>
 *   <li>{@code quarantined}: records that could not be read, by reason;</li>
 *   <li>{@code kratomReports}: accepted cases whose latest version mentions kratom (any
 *       kratom-related substance or a narrative mention).</li>
 * </ul>
 */
public record IngestSummary(String runId, long read, long accepted, long superseded, long retracted, long quarantined,
        Map<QuarantineReason, Long> quarantinedByReason, long kratomReports, long published, long bytes, double seconds,
        boolean throwAwayKey) {

    public IngestSummary {
        quarantinedByReason = Map.copyOf(quarantinedByReason);
    }

    /** True when the counts add up (they always should; a test checks every reader). */
    public boolean balanced() {
        return read == accepted + superseded + retracted + quarantined
                && quarantined == quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Writes the summary as a JSON object. */
    public void writeJson(Writer w) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("runId", runId);
            g.writeNumberField("read", read);
            g.writeNumberField("accepted", accepted);
            g.writeNumberField("superseded", superseded);
            g.writeNumberField("retracted", retracted);
            g.writeObjectFieldStart("quarantined");
            g.writeNumberField("total", quarantined);
            for (Map.Entry<QuarantineReason, Long> e : new TreeMap<>(quarantinedByReason).entrySet()) {
                g.writeNumberField(e.getKey().name(), e.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("kratomReports", kratomReports);
            g.writeNumberField("published", published);
            g.writeNumberField("bytes", bytes);
            g.writeNumberField("seconds", seconds);
            g.writeBooleanField("throwAwayKey", throwAwayKey);
            g.writeEndObject();
        }
    }

    /** One line for a terminal. */
    public String line() {
        return String.format("read %,d = accepted %,d + superseded %,d + retracted %,d + quarantined %,d%s; kratom reports %,d;"
                + " %,d records published in %.1f s", read, accepted, superseded, retracted, quarantined,
                quarantinedByReason.isEmpty() ? "" : " " + new TreeMap<>(quarantinedByReason), kratomReports, published, seconds);
    }
}
