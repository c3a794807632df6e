/**
 * Source-independent bookkeeping of an ingestion run: which case versions are current.
 *
 * <ul>
 *   <li>{@link org.kratomwatch.ingest.accounting.LatestVersionTracker}: for a stream of
 *       (case id, version) in arrival order, across files and quarters, tells which record is the
 *       latest version of its case and which are superseded (an older version arriving after a
 *       newer one is superseded on arrival), and remembers retracted cases.
 * </ul>
 */
package org.kratomwatch.ingest.accounting;
