package org.kratomwatch.ingest.synthetic;

import java.util.ArrayList;
import java.util.List;

/** The content of one case at one version. */
final class CaseContent {

    static final String[] OUTCOME_CODES = {"DE", "LT", "HO", "DS", "CA", "RI", "OT"};
    static final int MAX_EVENTS = 12;

    long k;
    long caseid;
    int caseQuarter;
    int initialDay;
    /** Bit {@link Catalog#KRATOM} and/or {@link Catalog#SEVEN_OH}. */
    int substances;
    int classMask;

    String reptCod;
    String authNum;
    String mfrNum;
    String mfrSndr;
    String litRef;
    String age;
    String ageCod;
    String ageGrp;
    String sex;
    String wt;
    String wtCod;
    String toMfr;
    String occpCod;
    String reporterCountry;
    String occrCountry;
    /** YYYYMMDD, YYYYMM, YYYY as a number, or 0. */
    int eventDt;
    int mfrLag;
    int reptLag;

    final List<DrugLine> drugs = new ArrayList<>(10);
    int[] events = new int[MAX_EVENTS];
    int nEvents;
    /** Bit i = OUTCOME_CODES[i]. */
    int outcomes;
    /** Indexed by tracked event. */
    boolean[] tracked;
    /** Per planted signal: model probability of its event with and without its multiplier (exposed cases only). */
    double[] pWith;
    double[] pWithout;

    List<GroundTruth.PlantedIdentifier> identifiers = List.of();

    boolean hasEvent(int e) {
        for (int i = 0; i < nEvents; i++) {
            if (events[i] == e) {
                return true;
            }
        }
        return false;
    }
}
