package org.kratomwatch.ingest.model;

import org.kratomwatch.avro.PositionUnit;

/**
 * Where an input record came from: the file (name only, or {@code archive.zip!/ASCII/DEMO22Q4.txt}
 * for an entry of an archive) and the 1-based line, record or byte position in it.
 *
 * @param file     the file name
 * @param position the position in it
 * @param unit     what the position counts
 */
public record Origin(String file, long position, PositionUnit unit) {

    public static Origin line(String file, long line) {
        return new Origin(file, line, PositionUnit.LINE);
    }

    public static Origin record(String file, long record) {
        return new Origin(file, record, PositionUnit.RECORD);
    }

    @Override
    public String toString() {
        return file + (unit == PositionUnit.LINE ? ":" : unit == PositionUnit.RECORD ? "#" : "@") + position;
    }
}
