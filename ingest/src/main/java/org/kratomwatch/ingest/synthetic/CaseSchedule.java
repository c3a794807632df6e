package org.kratomwatch.ingest.synthetic;

/** When each version of a case is received and whether (when) it is deleted. Reused between cases. */
final class CaseSchedule {

    static final int MAX_VERSIONS = 4;

    long k;
    int caseQuarter;
    int versions;
    /** Indexed by version (1..versions): epoch day FDA received it. */
    final int[] day = new int[MAX_VERSIONS + 1];
    /** Indexed by version: quarter index, or the number of quarters when after the last quarter. */
    final int[] quarter = new int[MAX_VERSIONS + 1];
    /** The highest version written (received by the end of the last quarter). */
    int lastWritten;
    /** Quarter index of the DELETE file listing the case, or -1. */
    int deleteQuarter;

    boolean hasVersionIn(int q) {
        for (int v = 1; v <= versions; v++) {
            if (quarter[v] == q) {
                return true;
            }
        }
        return false;
    }
}
