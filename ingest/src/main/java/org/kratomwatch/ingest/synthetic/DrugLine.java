package org.kratomwatch.ingest.synthetic;

/** One DRUG row of a case (the same in every version unless a follow-up adds lines). */
final class DrugLine {
    int product;
    String role;
    String drugname;
    String prodAi;
    int valVbm;
    String route;
    String doseVbm;
    String cumDoseChr;
    String cumDoseUnit;
    String dechal;
    String rechal;
    String lotNum;
    String ndaNum;
    String doseAmt;
    String doseUnit;
    String doseForm;
    String doseFreq;
}
