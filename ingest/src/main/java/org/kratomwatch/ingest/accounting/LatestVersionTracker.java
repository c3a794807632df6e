package org.kratomwatch.ingest.accounting;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Decides, for a stream of case versions {@code (caseId, version)} in arrival order, which records
 * are the latest version of their case and which are superseded. Readers emit every version they
 * read, in input order; this component, fed the same stream (one instance for a whole run, so that
 * it works across files and quarters), answers for each arrival:
 *
 * <ul>
 *   <li>{@link Verdict#FIRST}: the first version seen of the case; it is the latest.
 *   <li>{@link Verdict#NEWER}: a higher version than any seen; it is the latest, and the record
 *       held so far is now superseded (it was emitted earlier; a keyed, compacted topic replaces
 *       it).
 *   <li>{@link Verdict#REPEAT}: the same version as the latest again (FAERS republishes case
 *       versions); the later arrival replaces the earlier one, which counts as superseded.
 *   <li>{@link Verdict#OLDER}: lower than a version already seen; superseded on arrival and must not
 *       be written, or it would overwrite the newer version under the same key.
 *   <li>{@link Verdict#RETRACTED}: the case was {@linkplain #retract(String) retracted} (FAERS
 *       deleted-case list) earlier in the stream; the source says to remove the case everywhere,
 *       so later versions are dropped as well.
 * </ul>
 *
 * <p>Case ids are compared as strings, exactly; a case id is scoped to one source, so use one
 * tracker per source (FAERS and legacy AERS are different sources with different key spaces).
 * Versions are compared as signed longs; any long above {@code Long.MIN_VALUE + 1} is allowed.
 *
 * <p><b>Memory.</b> One entry per distinct case, never per record. Case ids that are canonical
 * decimal numbers (digits only, no leading zero, at most 18 digits; all FAERS, legacy AERS and
 * openFDA ids) are held in an open-addressing table of two {@code long} arrays whose load factor
 * stays between 0.375 and 0.75: 21 to 43 bytes a case, so the ~400,000 cases of a FAERS quarter
 * take 9 to 17 MB and the ~15 million distinct cases of FAERS 2004-2022 0.3 to 0.65 GB; while the
 * table doubles, old and new arrays coexist (1.5 times that for a moment). Any other id goes to a
 * {@link HashMap} at about 100 bytes an entry plus the id's own length. A retracted case keeps its
 * entry (as a marker). {@link #approximateBytes()} reports the current figure.
 *
 * <p>Not thread-safe: feed it from the thread that reads the stream.
 */
public final class LatestVersionTracker {

    /** What an arrival is, relative to the versions of its case seen before. */
    public enum Verdict {
        FIRST(true, false),
        NEWER(true, true),
        REPEAT(true, true),
        OLDER(false, false),
        RETRACTED(false, false);

        private final boolean latest;
        private final boolean supersedesPrevious;

        Verdict(boolean latest, boolean supersedesPrevious) {
            this.latest = latest;
            this.supersedesPrevious = supersedesPrevious;
        }

        /** True when the arriving record is (now) the latest version of its case and is to be kept. */
        public boolean isLatest() {
            return latest;
        }

        /** True when the arrival makes the record held so far for the case superseded. */
        public boolean supersedesPrevious() {
            return supersedesPrevious;
        }
    }

    /** Marks a retracted case in the value arrays and map. */
    private static final long RETRACTED_MARK = Long.MIN_VALUE;
    private static final int MIN_CAPACITY = 16;

    /** Keys stored as id + 1, so that 0 marks a free slot. */
    private long[] keys;
    private long[] values;
    private int size;
    private int mask;
    private int shift;
    private final Map<String, Long> others = new HashMap<>();

    private long offered;
    private long superseded;
    private long droppedRetracted;

    /** A tracker sized for a few thousand cases; it grows as needed. */
    public LatestVersionTracker() {
        this(4096);
    }

    /** A tracker presized for {@code expectedCases} numeric case ids (e.g. 400,000 for a FAERS quarter). */
    public LatestVersionTracker(int expectedCases) {
        if (expectedCases < 0) {
            throw new IllegalArgumentException("expectedCases < 0: " + expectedCases);
        }
        int cap = MIN_CAPACITY;
        while (cap < (1 << 30) && cap * 3L / 4 < expectedCases) {
            cap <<= 1;
        }
        allocate(cap);
    }

    /**
     * Offers the next record of the stream.
     *
     * @param caseId  the source's case id (not null, not empty)
     * @param version the record's case version; higher is newer
     * @return what the record is
     */
    public Verdict offer(String caseId, long version) {
        if (version <= NONE) {
            throw new IllegalArgumentException("versions Long.MIN_VALUE and Long.MIN_VALUE + 1 are reserved");
        }
        offered++;
        long previous = put(caseId, version, false);
        Verdict v;
        if (previous == NONE) {
            v = Verdict.FIRST;
        } else if (previous == RETRACTED_MARK) {
            v = Verdict.RETRACTED;
            droppedRetracted++;
        } else if (version > previous) {
            v = Verdict.NEWER;
            superseded++;
        } else if (version == previous) {
            v = Verdict.REPEAT;
            superseded++;
        } else {
            v = Verdict.OLDER;
            superseded++;
        }
        return v;
    }

    /**
     * Records that the source withdrew the case: every version of it is to be removed, and later
     * versions are {@link Verdict#RETRACTED}.
     *
     * @return true when a version of the case had been seen before
     */
    public boolean retract(String caseId) {
        long previous = put(caseId, RETRACTED_MARK, true);
        return previous != NONE && previous != RETRACTED_MARK;
    }

    /** The latest version seen of the case; empty when none was seen or the case was retracted. */
    public OptionalLong latest(String caseId) {
        long v = get(caseId);
        return v == NONE || v == RETRACTED_MARK ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** True when the case was retracted. */
    public boolean isRetracted(String caseId) {
        return get(caseId) == RETRACTED_MARK;
    }

    /** Distinct cases tracked, retracted ones included. */
    public int cases() {
        return size + others.size();
    }

    /** Records offered so far. */
    public long offered() {
        return offered;
    }

    /**
     * Records superseded so far: those that arrived older ({@link Verdict#OLDER}) plus those
     * replaced by a later arrival ({@link Verdict#NEWER}, {@link Verdict#REPEAT}).
     */
    public long superseded() {
        return superseded;
    }

    /** Records dropped because their case had been retracted ({@link Verdict#RETRACTED}). */
    public long droppedRetracted() {
        return droppedRetracted;
    }

    /** Approximate heap held by the tracker, in bytes (see the class comment). */
    public long approximateBytes() {
        long bytes = 16L * keys.length + 64;
        for (String k : others.keySet()) {
            bytes += 100 + k.length();
        }
        return bytes;
    }

    // ---------------------------------------------------------------------------------------------

    /** Returned by {@link #put} and {@link #get} when the case is not known. */
    private static final long NONE = Long.MIN_VALUE + 1;

    /**
     * Stores {@code value} for the case unless a higher version is held (or the case is retracted
     * and {@code force} is false); returns the value held before, or {@link #NONE}.
     */
    private long put(String caseId, long value, boolean force) {
        long id = numericId(caseId);
        if (id < 0) {
            Long prev = others.get(caseId);
            long p = prev == null ? NONE : prev;
            if (force || p == NONE || (p != RETRACTED_MARK && value >= p)) {
                others.put(caseId, value);
            }
            return p;
        }
        long stored = id + 1;
        int i = slot(stored);
        while (true) {
            long k = keys[i];
            if (k == 0) {
                keys[i] = stored;
                values[i] = value;
                if (++size > (mask + 1) * 3L / 4) {
                    grow();
                }
                return NONE;
            }
            if (k == stored) {
                long p = values[i];
                if (force || (p != RETRACTED_MARK && value >= p)) {
                    values[i] = value;
                }
                return p;
            }
            i = (i + 1) & mask;
        }
    }

    private long get(String caseId) {
        long id = numericId(caseId);
        if (id < 0) {
            Long v = others.get(caseId);
            return v == null ? NONE : v;
        }
        long stored = id + 1;
        int i = slot(stored);
        while (true) {
            long k = keys[i];
            if (k == 0) {
                return NONE;
            }
            if (k == stored) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
    }

    private int slot(long stored) {
        return (int) ((stored * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    private void grow() {
        if (keys.length >= (1 << 30)) {
            throw new IllegalStateException("more than 805 million numeric case ids");
        }
        long[] oldKeys = keys;
        long[] oldValues = values;
        allocate(oldKeys.length * 2);
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != 0) {
                int i = slot(k);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
    }

    /** The id as a long when it is a canonical decimal number of at most 18 digits, else -1. */
    static long numericId(String caseId) {
        int n = caseId.length();
        if (n == 0) {
            throw new IllegalArgumentException("empty case id");
        }
        if (n > 18 || (n > 1 && caseId.charAt(0) == '0')) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = caseId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
