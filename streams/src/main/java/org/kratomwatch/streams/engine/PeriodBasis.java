package org.kratomwatch.streams.engine;

import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.schemas.Periods;

/** Which quarter a case's latest version is counted in. */
public enum PeriodBasis {
    /** The publication quarter of the data file ({@code dataPeriod}: for FAERS the quarter FDA received the version). */
    DATA_PERIOD,
    /** The quarter of {@code receivedMonth} (FAERS init_fda_dt: the initial receipt), else {@code dataPeriod}. */
    RECEIVED;

    public String periodOf(AdverseEventReport r) {
        if (this == RECEIVED && Periods.isMonth(r.getReceivedMonth())) {
            return Periods.periodOfMonth(r.getReceivedMonth());
        }
        return r.getDataPeriod();
    }
}
