package org.kratomwatch.ingest.io;

/**
 * What one {@code read} call of a reader did. {@code records} is counted where a record begins
 * (each reader's Javadoc defines its record); the three outcomes are counted where they are handed
 * to the sink. A correct reader always has {@code records == reports + retractions + quarantined}.
 *
 * @param files       files (or archive members) read, plus damaged archives
 * @param records     input records read
 * @param reports     reports delivered
 * @param retractions retractions delivered
 * @param quarantined quarantine items delivered
 */
public record ReadSummary(int files, long records, long reports, long retractions, long quarantined) {

    /** True when every record ended in exactly one sink call. */
    public boolean balanced() {
        return records == reports + retractions + quarantined;
    }
}
