/**
 * Substance recognition: from free-text drug names (FAERS {@code drugname}, openFDA
 * {@code medicinalproduct}, CAERS product names, E2B G.k.2.2) and active-ingredient fields to
 * substances, with kratom recognized across botanical names, constituents, strains, brands, street
 * names, misspellings and product descriptions.
 *
 * <ul>
 *   <li>{@link org.kratomwatch.ingest.substance.SubstanceDictionary}: the data (bundled
 *       {@code substances.tsv}, {@code classes.tsv}, {@code near-misses.tsv}, plus user files).
 *   <li>{@link org.kratomwatch.ingest.substance.Normalizer}: words, doses, forms, salts, brackets
 *       ({@code normalization.tsv}).
 *   <li>{@link org.kratomwatch.ingest.substance.SubstanceRecognizer}: one drug entry to a
 *       {@link org.kratomwatch.ingest.substance.Recognition}; cached and thread-safe.
 *   <li>{@link org.kratomwatch.ingest.substance.NarrativeScanner}: kratom mentions in narratives,
 *       with negation, keeping no text.
 *   <li>{@link org.kratomwatch.ingest.substance.NamesTable}: the {@code names} command's TSV.
 * </ul>
 *
 * <p>Typical use:
 * <pre>{@code
 * SubstanceDictionary dict = SubstanceDictionary.loadDefault();          // or .withUserDictionary(path)
 * SubstanceRecognizer recognizer = SubstanceRecognizer.create(dict);
 * Recognition r = recognizer.recognize("MAENG DA KRATOM 250G", null);    // kratom, SYNONYM
 * String counted = r.substanceOrNormalized();                             // "kratom"
 * boolean kratom = r.kratomRelated();
 * Set<String> classes = dict.classesOf(counted);                          // e.g. [opioid] for OXYCONTIN
 * }</pre>
 */
package org.kratomwatch.ingest.substance;
