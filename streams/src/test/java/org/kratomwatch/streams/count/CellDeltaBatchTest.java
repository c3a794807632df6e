package org.kratomwatch.streams.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CellDeltaBatchTest {

    private static final Serde<CellDeltaBatch> SERDE = CellDeltaBatch.serde();

    static Stream<CellDeltaBatch> randomBatches() {
        Random random = new Random(7);
        return IntStream.range(0, 100).mapToObj(i -> {
            List<CellDeltaBatch.Keyed> deltas = new ArrayList<>();
            for (int n = random.nextInt(40); n > 0; n--) {
                String coarse = CountKeys.pair("S", "kratom " + random.nextInt(5), "T", "événement|" + random.nextInt(100));
                Cell cell = new Cell("2024Q" + (1 + random.nextInt(4)), random.nextBoolean() ? "-" : "=x|y%", random.nextInt(4));
                deltas.add(new CellDeltaBatch.Keyed(coarse, new CellDelta(cell, random.nextBoolean() ? 1 : -1, random.nextBoolean())));
            }
            return new CellDeltaBatch(random.nextInt(12), deltas);
        });
    }

    @ParameterizedTest
    @MethodSource("randomBatches")
    void aBatchSurvivesTheWire(CellDeltaBatch batch) {
        byte[] bytes = SERDE.serializer().serialize("t", batch);
        assertThat(SERDE.deserializer().deserialize("t", bytes)).isEqualTo(batch);
    }

    @ParameterizedTest
    @MethodSource("randomBatches")
    void aTruncatedBatchIsRefusedNotMisread(CellDeltaBatch batch) {
        byte[] bytes = SERDE.serializer().serialize("t", batch);
        for (int cut : new int[] {1, bytes.length / 2, bytes.length - 1}) {
            if (cut > 0 && cut < bytes.length) {
                byte[] truncated = Arrays.copyOf(bytes, cut);
                assertThatThrownBy(() -> SERDE.deserializer().deserialize("t", truncated))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    /** Ownership must be what keying a record by the count key would give (the producer's own partitioning). */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6, 7, 12})
    void aKeyIsOwnedByThePartitionKafkaWouldKeyItTo(int partitions) {
        Random random = new Random(partitions);
        for (int i = 0; i < 1000; i++) {
            String coarse = CountKeys.pair("S", "substance " + random.nextInt(1000), "T", "term " + random.nextInt(1000));
            assertThat(CellDeltaBatch.partitionOf(coarse, partitions))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(coarse.getBytes(StandardCharsets.UTF_8), partitions));
        }
    }
}
