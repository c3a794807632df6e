package org.kratomwatch.ingest.synthetic;

import java.time.LocalDate;

/** Allocation-free conversions between epoch days and FAERS YYYYMMDD numbers. */
final class Dates {

    private Dates() {
    }

    /** YYYYMMDD as a number (Howard Hinnant's civil_from_days). */
    static int yyyymmdd(int epochDay) {
        long z = epochDay + 719468L;
        long era = Math.floorDiv(z, 146097L);
        long doe = z - era * 146097L;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        return (int) (y * 10000 + m * 100 + d);
    }

    static int epochDay(LocalDate d) {
        return (int) d.toEpochDay();
    }
}
