package org.kratomwatch.stats.count;

import org.kratomwatch.stats.ContingencyTable;

/**
 * The counts of one drug–event pair over distinct reports: its crude 2×2 table and its expected
 * count (crude, or stratified when the counts were stratified).
 *
 * @param drug     the drug or substance
 * @param event    the event (MedDRA preferred term) or term group
 * @param table    the crude table (a = reports with both)
 * @param expected E11
 */
public record PairCount(String drug, String event, ContingencyTable table, double expected) {
}
