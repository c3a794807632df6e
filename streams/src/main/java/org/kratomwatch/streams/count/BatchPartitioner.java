package org.kratomwatch.streams.count;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StreamPartitioner;

/** Sends a {@link CellDeltaBatch} to the counting partition it was built for. */
public final class BatchPartitioner implements StreamPartitioner<String, CellDeltaBatch> {

    private final int countPartitions;

    /** @param countPartitions the partitions the batches were built for */
    public BatchPartitioner(int countPartitions) {
        this.countPartitions = countPartitions;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, CellDeltaBatch batch, Headers headers, int partitions) {
        if (partitions != countPartitions) {
            // Ownership of every count depends on the partition count: never send to a topic that differs.
            throw new IllegalStateException(topic + " has " + partitions + " partitions, but the counting stage was built for "
                    + countPartitions);
        }
        return Optional.of(Set.of(batch.partition()));
    }

    @Override
    @SuppressWarnings("removal")
    public Optional<Set<Integer>> partitions(String topic, String key, CellDeltaBatch batch, int partitions) {
        return partitions(topic, key, batch, null, partitions);
    }
}
