/**
 * FDA CAERS (foods, dietary supplements, cosmetics): {@link org.kratomwatch.ingest.caers.CaersReader}
 * for FDA's CSV export (also with R's mangled header names) and openEBGM's long form;
 * {@link org.kratomwatch.ingest.caers.CaersCodes} for the text codes, shared with openFDA's
 * food/event JSON.
 *
 * <h2>Choices</h2>
 * <ul>
 *   <li>No case versions: version 1. No reporter type or country in CAERS.</li>
 *   <li>A report is serious when it has a serious outcome; emergency-room and doctor visits,
 *       "non-serious injuries/illness" and "none" are not serious (they are not ICH seriousness
 *       criteria). Unknown labels are ignored and logged once per file, never guessed.</li>
 *   <li>Symptoms are split on {@code ", "}, keeping MedDRA terms that contain it
 *       ({@code HALLUCINATION, VISUAL}) whole. openEBGM's {@code caers.csv} was split naively:
 *       it has "VISUAL" and "AUDITORY" as events of their own (three reports); the long form is read
 *       as shipped.</li>
 *   <li>The long form is source PAIRS, as the schema defines it: no dates, roles, outcomes or
 *       ages, so its reports have a null month and the reader's fallback data period (null unless
 *       configured).</li>
 *   <li>Product names of confidential brands arrive as {@code EXEMPTION 4} (FOIA exemption 4);
 *       they are kept as given.</li>
 * </ul>
 *
 * <h2>Speed</h2>
 * Measured by {@code CaersReaderTest} on a generated 38 MB export of 150,000 reports (180,000
 * rows; CPU time of the reading thread on a shared 2-core machine): 120,000-190,000 reports/s,
 * both passes included; one commons-csv pass alone takes about half of it.
 */
package org.kratomwatch.ingest.caers;
