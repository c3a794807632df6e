/**
 * ICH E2B safety reports in XML: {@link org.kratomwatch.ingest.e2b.E2bReader} (StAX) for E2B(R2)
 * {@code ichicsr} files, FDA's FAERS quarterly XML among them, and E2B(R3) HL7 v3 messages. Also
 * the helpers the three readers of this ingest stage share (they would belong in a common package):
 * {@link org.kratomwatch.ingest.io.InputFiles} (file, folder, zip),
 * {@link org.kratomwatch.ingest.model.IcsrCodes} (E2B code lists, months, quarters, countries),
 * {@link org.kratomwatch.ingest.io.ReadSummary} and {@link org.kratomwatch.ingest.io.Tally}.
 *
 * <h2>E2B(R2) mapping</h2>
 * As openFDA's drug/event JSON (which renders the same elements; see
 * {@link org.kratomwatch.ingest.openfda}): {@code safetyreportid}, {@code safetyreportversion}
 * (default 1), {@code receivedate} (else {@code receiptdate}), {@code serious} and the six
 * {@code seriousness*} flags, {@code primarysource/qualification} and {@code reportercountry} (the
 * first primary source), {@code primarysourcecountry}, {@code occurcountry},
 * {@code patient/patientonsetage} + {@code patientonsetageunit}, {@code patientsex},
 * {@code patient/drug}: {@code medicinalproduct}, {@code drugcharacterization},
 * {@code activesubstance/activesubstancename}; {@code patient/reaction/reactionmeddrapt} (else
 * {@code primarysourcereaction}); {@code patient/summary/narrativeincludeclinical}. FAERS files
 * ({@code ADRyyQq.xml}) are source FAERS with the file's quarter as data period: their
 * {@code safetyreportid} is the FAERS case id and {@code safetyreportversion} its case version, as
 * in the ASCII files. An age without a unit (seen in 2012Q4) is unknown rather than guessed.
 *
 * <h2>E2B(R3) mapping</h2>
 * Paths below {@code PORR_IN049016UV/controlActProcess/subject/investigationEvent}:
 * <table>
 *   <caption>E2B(R3) elements</caption>
 *   <tr><th>model</th><th>element</th></tr>
 *   <tr><td>caseId</td><td>C.1.1 {@code id[@root=…3.1]/@extension}, else C.1.8.1 {@code id[@root=…3.2]}</td></tr>
 *   <tr><td>caseVersion</td><td>R3 has no version number; C.1.5 ({@code availabilityTime}, date of most recent
 *       information; else C.1.4) as the number {@code yyyyMMddHHmmss} of the instant in UTC, so that later
 *       information of a case has a higher version, as the pipeline's latest-version rule needs; 1 without dates</td></tr>
 *   <tr><td>receivedMonth</td><td>C.1.4 ({@code effectiveTime/low}, first received from the source), else C.1.5</td></tr>
 *   <tr><td>sex</td><td>D.5 {@code primaryRole/player1/administrativeGenderCode/@code}: 1 male, 2 female (ISO 5218,
 *       as FDA's samples use it); 0, 9 and nullFlavor unknown</td></tr>
 *   <tr><td>ageYears</td><td>D.2.2 the {@code observation} coded 3: {@code value/@value} in UCUM {@code @unit}
 *       (a, mo, wk, d, h, min, {decade})</td></tr>
 *   <tr><td>reactions</td><td>E.i the observations coded 29: the MedDRA {@code value/@displayName} when present,
 *       else E.i.1.2 (the term reported for translation, in English), else E.i.1.1a ({@code value/originalText},
 *       native language), else the bare E.i.2.1b MedDRA code (FDA's samples carry codes only: a licensed MedDRA can
 *       turn it into a PT later)</td></tr>
 *   <tr><td>serious / outcomes</td><td>R3 has seriousness per reaction: E.i.3.2a-f (death, life-threatening,
 *       hospitalisation, disability, congenital anomaly, other) and FDA.E.i.3.2h (required intervention), value
 *       {@code true}; the case is serious when any reaction has one</td></tr>
 *   <tr><td>drugs</td><td>G.k the {@code substanceAdministration}s of the organizer coded 4 (not D.8 drug history):
 *       G.k.2.2 {@code kindOfProduct/name}, G.k.2.3.r.1 {@code ingredientSubstance/name} (joined with {@code \});
 *       role G.k.1 from the {@code causalityAssessment} coded 20 that references the drug's id: 1, 2, 3 as in R2;
 *       several values for one drug: suspect over interacting over concomitant; 4 (drug not administered): the
 *       drug is left out, as no exposure; no value: UNKNOWN</td></tr>
 *   <tr><td>reporterType, reporterCountry</td><td>C.2.r.4 and C.2.r.3 of the primary source with priority 1 (C.2.r.5),
 *       else the first; country else E.i.9 of the first reaction</td></tr>
 *   <tr><td>narrative</td><td>H.1 {@code investigationEvent/text}</td></tr>
 * </table>
 * Names, initials, addresses, telephone numbers, sender and reporter identities are never read.
 *
 * <h2>Not read</h2>
 * <ul>
 *   <li>Acknowledgements ({@code MCCI_IN200101UV01}, {@code .ack}): receipts about a submission,
 *       no case. Skipped in folders and zips; named directly, one INVALID_XML record.</li>
 *   <li>Legacy AERS SGML ({@code .sgm}, to 2012Q3): its elements are R2's, but its
 *       {@code safetyreportid} is a case number with a check digit and no version, and SGML need not
 *       be well-formed XML; the same period is covered by the legacy AERS ASCII files, keyed by ISR
 *       and case version, so the SGML would add only duplicates under another key. Skipped in
 *       folders; named directly, one OTHER record (source FAERS_LEGACY).</li>
 * </ul>
 *
 * <h2>Speed</h2>
 * Measured on the 2012Q4 sample repeated to 393 MB (CPU time of the reading thread, shared 2-core
 * machine): 145-160 MB/s, about 15,000 of those 10 kB FAERS reports a second, against 160-190
 * MB/s for bare StAX event iteration; {@code E2bReaderTest} measures small generated reports.
 */
package org.kratomwatch.ingest.e2b;
