package org.kratomwatch.ingest.model;

import org.kratomwatch.avro.DrugRole;

/**
 * One drug line of a report as the source gave it.
 *
 * @param name             the drug or product name, free text (FAERS drugname, openFDA medicinalproduct,
 *                         CAERS product name, E2B G.k.2.2)
 * @param activeIngredient the active ingredient where the source gives one (FAERS prod_ai, openFDA
 *                         activesubstancename), else null
 * @param role             the drug's role in the case
 */
public record RawDrug(String name, String activeIngredient, DrugRole role) {
}
