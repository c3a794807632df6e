package org.kratomwatch.streams.count;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.kratomwatch.schemas.topic.Keys;

/**
 * A change of one count in one cell: the value of a record keyed by its count key on the
 * repartition topic. {@code watched} marks keys of watched exposures, which the scorer of the
 * receiving task then keeps scoring.
 */
public record CellDelta(Cell cell, long delta, boolean watched) {

    /** Text serde {@code delta|watched|period|stratum|flags}: small, and readable in tools. */
    public static Serde<CellDelta> serde() {
        Serializer<CellDelta> ser = (topic, d) -> d == null ? null
                : Keys.join(Long.toString(d.delta), d.watched ? "w" : "-", d.cell.period(), d.cell.stratum(),
                        Integer.toString(d.cell.flags())).getBytes(StandardCharsets.UTF_8);
        Deserializer<CellDelta> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            List<String> p = Keys.split(new String(bytes, StandardCharsets.UTF_8));
            if (p.size() != 5) {
                throw new IllegalArgumentException("not a cell delta: " + p.size() + " parts");
            }
            return new CellDelta(Cell.ofParts(p, 2), Long.parseLong(p.get(0)), p.get(1).equals("w"));
        };
        return Serdes.serdeFrom(ser, de);
    }
}
