package org.kratomwatch.app.privacy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;

/**
 * Reads a Kafka log segment file ({@code 00000000000000000000.log}) the way the broker stores it
 * and hands every record's key, value and headers, decompressed, to a scanner. This reaches what
 * a consumer cannot: records below the log start offset whose segment is not deleted yet, records
 * of aborted transactions, and the KRaft metadata log. Raw bytes alone are not enough, since
 * batches compressed by their producer (lz4 for ingestion) hide their text.
 *
 * <p>Uses Kafka's internal record classes ({@code org.apache.kafka.common.record.internal}), kept
 * in this one class; the Kafka version is pinned in the parent POM.
 */
final class LogSegments {

    /** What one or more segments held. */
    static final class Tally {
        long segments;
        long batches;
        long records;
        long bytes;
        final Map<String, Long> batchesByCompression = new TreeMap<>();
    }

    private LogSegments() {
    }

    static void scan(Path segment, IdentifierScanner scanner, Set<String> found, Tally tally) throws IOException {
        tally.segments++;
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
            for (FileChannelRecordBatch batch : records.batches()) {
                tally.batches++;
                tally.batchesByCompression.merge(batch.compressionType().name, 1L, Long::sum);
                for (Record r : batch) {
                    tally.records++;
                    tally.bytes += Math.max(0, r.keySize()) + Math.max(0, r.valueSize());
                    scanner.scan(r.key(), found);
                    scanner.scan(r.value(), found);
                    for (Header h : r.headers()) {
                        scanner.scan(h.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), found);
                        scanner.scan(h.value(), found);
                    }
                }
            }
        }
    }
}
