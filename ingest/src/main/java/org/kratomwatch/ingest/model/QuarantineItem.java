package org.kratomwatch.ingest.model;

import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.Source;

/**
 * An input record that could not become (part of) a report, with the reason.
 *
 * @param source  the source format
 * @param origin  where it is
 * @param reason  the reason code
 * @param message one line saying what is wrong (naming the field)
 * @param excerpt the raw text of the record, or a prefix of it; redacted before it is published
 */
public record QuarantineItem(Source source, Origin origin, QuarantineReason reason, String message, String excerpt) {
}
