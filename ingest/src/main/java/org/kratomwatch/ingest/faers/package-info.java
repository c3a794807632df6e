/**
 * FDA FAERS and legacy AERS quarterly ASCII extracts.
 *
 * <ul>
 *   <li>{@link org.kratomwatch.ingest.faers.FaersReader}: a quarterly zip, its unzipped folder or a
 *       folder of quarters to {@link org.kratomwatch.ingest.model.RawReport}s,
 *       {@link org.kratomwatch.ingest.model.Retraction}s and
 *       {@link org.kratomwatch.ingest.model.QuarantineItem}s, with a streaming merge join (index
 *       join for unsorted files).
 *   <li>{@link org.kratomwatch.ingest.faers.FaersQuarter}: the {@code yyQq} of FDA's file names,
 *       ordered.
 *   <li>{@link org.kratomwatch.ingest.faers.FaersReadSummary}: per-quarter counts; records read
 *       equal items emitted.
 * </ul>
 *
 * <pre>{@code
 * LatestVersionTracker versions = new LatestVersionTracker(400_000);
 * FaersReadSummary s = new FaersReader().read(Path.of("faers"), new ReportSink() {
 *     public void report(RawReport r) {
 *         if (versions.offer(r.caseId(), r.caseVersion()).isLatest()) { ... }   // else superseded
 *     }
 *     public void retraction(Retraction r) { versions.retract(r.caseId()); ... }
 *     public void quarantine(QuarantineItem q) { ... }
 * });
 * }</pre>
 */
package org.kratomwatch.ingest.faers;
