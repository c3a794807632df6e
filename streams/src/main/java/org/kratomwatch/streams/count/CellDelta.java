package org.kratomwatch.streams.count;

/**
 * A change of one count in one cell. {@code watched} marks keys of watched exposures, which the
 * scorer of the owning task then keeps scoring.
 */
public record CellDelta(Cell cell, long delta, boolean watched) {
}
