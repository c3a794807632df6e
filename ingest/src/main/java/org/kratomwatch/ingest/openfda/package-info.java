/**
 * openFDA adverse-event JSON: {@link org.kratomwatch.ingest.openfda.OpenFdaReader}.
 *
 * <h2>drug/event mapping (source OPENFDA)</h2>
 * <table>
 *   <caption>openFDA drug/event fields</caption>
 *   <tr><th>model</th><th>openFDA</th></tr>
 *   <tr><td>caseId</td><td>{@code safetyreportid} as given (e.g. {@code 4562564-7}: legacy ids carry a check digit)</td></tr>
 *   <tr><td>caseVersion</td><td>{@code safetyreportversion}, 1 when absent; not a non-negative integer: BAD_NUMBER</td></tr>
 *   <tr><td>receivedMonth</td><td>month of {@code receivedate} (first receipt by FDA; {@code receiptdate}, the latest
 *       receipt, only when it is absent); malformed: BAD_DATE; {@code YYYY} alone: null</td></tr>
 *   <tr><td>dataPeriod</td><td>quarter of receivedMonth, else the reader's fallback period (else null)</td></tr>
 *   <tr><td>ageYears</td><td>{@code patient.patientonsetage} in {@code patientonsetageunit}: 800 decade, 801 year,
 *       802 month, 803 week (7/365.25), 804 day (1/365.25), 805 hour; a missing unit or a junk number: null</td></tr>
 *   <tr><td>sex</td><td>{@code patient.patientsex}: 1 MALE, 2 FEMALE, else UNKNOWN</td></tr>
 *   <tr><td>reporterType</td><td>{@code primarysource.qualification}: 1 physician, 2 pharmacist, 3 other health
 *       professional, 4 lawyer, 5 consumer</td></tr>
 *   <tr><td>reporterCountry</td><td>first of {@code primarysource.reportercountry}, {@code primarysourcecountry},
 *       {@code occurcountry} that is an ISO code or an English country name ("UNITED STATES"), as alpha-2</td></tr>
 *   <tr><td>serious / outcomes</td><td>{@code serious} = 1, or any of {@code seriousnessdeath},
 *       {@code …lifethreatening}, {@code …hospitalization}, {@code …disabling}, {@code …congenitalanomali},
 *       {@code …other} = 1 (each an outcome)</td></tr>
 *   <tr><td>drugs</td><td>{@code patient.drug[]}: {@code medicinalproduct} (or, when absent, the active substances),
 *       {@code activesubstance.activesubstancename} (several joined with {@code \} as FAERS does),
 *       {@code drugcharacterization} 1 SUSPECT, 2 CONCOMITANT, 3 INTERACTING, else UNKNOWN; a drug with neither
 *       name nor substance is dropped; the {@code openfda} harmonisation block is skipped</td></tr>
 *   <tr><td>reactions</td><td>{@code patient.reaction[].reactionmeddrapt}, in order, duplicates kept</td></tr>
 *   <tr><td>narrative</td><td>{@code patient.summary.narrativeincludeclinical}</td></tr>
 * </table>
 * Values may be JSON strings or numbers; sender, receiver, company numbers and duplicate numbers
 * are never read.
 *
 * <h2>food/event (source CAERS)</h2>
 * {@code report_number} (version 1), {@code date_created}, {@code consumer.age} / {@code age_unit}
 * / {@code gender}, {@code products[].name_brand} / {@code role}, {@code reactions[]},
 * {@code outcomes[]} (see {@link org.kratomwatch.ingest.caers.CaersCodes}). No reporter or country.
 *
 * <h2>Speed</h2>
 * Measured by {@code OpenFdaReaderTest} on generated pages (CPU time of the reading thread, on a
 * shared 2-core machine): about 115,000-135,000 reports/s for 1.7 kB reports, the same as
 * Jackson's bare tokenizer on the same bytes (about 230 MB/s): the mapping costs next to
 * nothing; bigger reports (the API's {@code openfda} blocks) scale with their bytes.
 */
package org.kratomwatch.ingest.openfda;
