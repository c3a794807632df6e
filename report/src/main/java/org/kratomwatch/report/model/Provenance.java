package org.kratomwatch.report.model;

import java.util.List;
import java.util.Objects;

/**
 * What a report was built from, printed in its summary so that a reader can rebuild it: the
 * source (a query API address or the Kafka topics read), the input positions or counts, and the
 * software that wrote it. Nothing here may vary between two builds from the same input (no wall
 * clock), or the report would stop being reproducible.
 *
 * @param source   one line, e.g. {@code query API http://engine:7070} or {@code Kafka topics at broker:9092}
 * @param inputs   one line per input, e.g. {@code ae.signals.v1: 6 partitions, end offsets sum 1,234}
 * @param software the software version, e.g. {@code kratomwatch 0.1.0}
 */
public record Provenance(String source, List<String> inputs, String software) {

    public Provenance {
        Objects.requireNonNull(source, "source");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(software, "software");
    }
}
