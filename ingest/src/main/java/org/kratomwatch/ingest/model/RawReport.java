package org.kratomwatch.ingest.model;

import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.Source;

/**
 * One report version as a reader produced it, the common model of every format. It still holds
 * the source's case id (turned into a keyed pseudonym before anything leaves the JVM) and free
 * narrative text (scanned for kratom mentions, then dropped); exact dates never enter it: readers
 * parse dates to months.
 *
 * @param source          the format it came from
 * @param caseId          the source's case identifier (FAERS caseid, openFDA safetyreportid, CAERS
 *                        report number, E2B C.1.1 / safetyreportid)
 * @param caseVersion     the version of the case (FAERS caseversion; 1 where the source has none)
 * @param receivedMonth   month FDA received this version (FAERS fda_dt / init_fda_dt, openFDA
 *                        receivedate, CAERS created date), null if unknown
 * @param dataPeriod      the data period this version belongs to, e.g. {@code 2022Q4} (the
 *                        quarter of the file for FAERS, of the received month otherwise)
 * @param ageYears        patient age in years (converted from the source's unit), null if unknown
 * @param sex             patient sex
 * @param reporterType    the primary reporter's qualification
 * @param reporterCountry ISO country code of the reporter, null if unknown
 * @param serious         whether the case is serious
 * @param outcomes        serious outcomes
 * @param drugs           the drug lines, in the source's order
 * @param reactions       MedDRA preferred terms as given (duplicates allowed; normalized later)
 * @param narrative       free narrative text where the source has it, else null
 * @param origin          where the report's main record is
 */
public record RawReport(Source source, String caseId, long caseVersion, YearMonth receivedMonth, String dataPeriod,
        Double ageYears, Sex sex, ReporterType reporterType, String reporterCountry, boolean serious,
        Set<Outcome> outcomes, List<RawDrug> drugs, List<String> reactions, String narrative, Origin origin) {

    public RawReport {
        outcomes = Set.copyOf(outcomes);
        drugs = List.copyOf(drugs);
        reactions = List.copyOf(reactions);
    }

    /** True when any drug line has a suspect or interacting role. */
    public boolean hasSuspect() {
        return drugs.stream().anyMatch(d -> d.role() != DrugRole.CONCOMITANT);
    }
}
