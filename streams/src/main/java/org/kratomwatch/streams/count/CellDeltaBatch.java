package org.kratomwatch.streams.count;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The count deltas of one report version that belong to one counting partition: the value of one
 * record on the {@code count-deltas} repartition topic. A report changes some 30 counts spread over
 * every partition; sending them as one record per partition rather than one per count divides the
 * records the engine produces, transacts, fetches and processes by about five, while every count
 * key still lands in the one partition that owns it ({@link #partitionOf}).
 *
 * @param partition the counting partition every key of the batch belongs to
 * @param deltas    the changes, each with its coarse count key
 */
public record CellDeltaBatch(int partition, List<Keyed> deltas) {

    /** One change of one count key in one cell. */
    public record Keyed(String coarse, CellDelta delta) {
    }

    public CellDeltaBatch {
        deltas = List.copyOf(deltas);
    }

    /**
     * The counting partition that owns a coarse key: Kafka's default partitioning of the key's
     * UTF-8 bytes (murmur2), so that ownership is what keying the record by the count key would give.
     */
    public static int partitionOf(String coarse, int partitions) {
        return Utils.toPositive(Utils.murmur2(coarse.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Binary serde: partition, count, then per delta the coarse key, delta, watched flag, period,
     * stratum and flags ({@link DataOutputStream} encoding). A version byte leads, so the format can
     * change with a rolling upgrade.
     */
    public static Serde<CellDeltaBatch> serde() {
        Serializer<CellDeltaBatch> ser = (topic, b) -> b == null ? null : write(b);
        Deserializer<CellDeltaBatch> de = (topic, bytes) -> bytes == null ? null : read(bytes);
        return Serdes.serdeFrom(ser, de);
    }

    private static final byte VERSION = 1;

    private static byte[] write(CellDeltaBatch b) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 48 * b.deltas.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(b.partition);
            out.writeInt(b.deltas.size());
            for (Keyed k : b.deltas) {
                out.writeUTF(k.coarse);
                out.writeLong(k.delta.delta());
                out.writeBoolean(k.delta.watched());
                out.writeUTF(k.delta.cell().period());
                out.writeUTF(k.delta.cell().stratum());
                out.writeInt(k.delta.cell().flags());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static CellDeltaBatch read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("count delta batch of unknown version " + version);
            }
            int partition = in.readInt();
            int n = in.readInt();
            if (n < 0 || n > bytes.length) {
                throw new IllegalArgumentException("count delta batch with an impossible size " + n);
            }
            List<Keyed> deltas = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String coarse = in.readUTF();
                long delta = in.readLong();
                boolean watched = in.readBoolean();
                Cell cell = new Cell(in.readUTF(), in.readUTF(), in.readInt());
                deltas.add(new Keyed(coarse, new CellDelta(cell, delta, watched)));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("count delta batch with " + in.available() + " trailing bytes");
            }
            return new CellDeltaBatch(partition, deltas);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated count delta batch: " + e.getMessage(), e);
        }
    }
}
