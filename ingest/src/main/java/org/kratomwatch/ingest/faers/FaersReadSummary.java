package org.kratomwatch.ingest.faers;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.Source;

/**
 * What one {@link FaersReader} read did, quarter by quarter, for accounting: every record read
 * ended in exactly one report, retraction or quarantine item, so {@link #records()} equals
 * {@link #emitted()}.
 *
 * @param quarters the quarters in the order they were read
 */
public record FaersReadSummary(List<QuarterCounts> quarters) {

    public FaersReadSummary {
        quarters = List.copyOf(quarters);
    }

    /** How a quarter's tables were joined. */
    public enum JoinMode {
        /** Streaming merge join over files sorted by their key (one cursor per file). */
        MERGE,
        /** Index join: DEMO streamed, child rows looked up through an index of keys and byte offsets. */
        INDEX,
        /** No DEMO file in the quarter (a deleted-case list only). */
        NONE
    }

    /**
     * The counts of one quarter.
     *
     * @param quarter           the quarter
     * @param source            FAERS or FAERS_LEGACY (by the DEMO header: primaryid or isr)
     * @param join              how the tables were joined
     * @param demoRows          DEMO data lines (records)
     * @param deleteLines       deleted-case lines (records; headers and blank lines are not)
     * @param quarantinedChildRows DRUG/REAC/OUTC lines quarantined on their own (records): no DEMO row
     *                          has their key, they have no key, or they are malformed
     * @param truncatedInputs   tables that ended early, plus archives read without their central
     *                          directory (records: each is one quarantine item for what was lost)
     * @param joinedChildRows   well-formed DRUG/REAC/OUTC lines that joined a DEMO row (parts of that
     *                          record)
     * @param blankLines        empty or blank lines, skipped (not records)
     * @param agesDiscarded     reports whose age was present but unusable (junk such as FEW or U,
     *                          no unit, or over 150 years) and became unknown
     * @param reports           reports emitted
     * @param retractions       retractions emitted
     * @param quarantined       quarantine items emitted, by reason
     */
    public record QuarterCounts(FaersQuarter quarter, Source source, JoinMode join, long demoRows, long deleteLines,
            long quarantinedChildRows, long truncatedInputs, long joinedChildRows, long blankLines, long agesDiscarded,
            long reports, long retractions, Map<QuarantineReason, Long> quarantined) {

        public QuarterCounts {
            EnumMap<QuarantineReason, Long> copy = new EnumMap<>(QuarantineReason.class);
            copy.putAll(quarantined);
            quarantined = Collections.unmodifiableMap(copy);
        }

        /** Records read: DEMO rows, deleted-case lines, child rows quarantined on their own, truncated inputs. */
        public long records() {
            return demoRows + deleteLines + quarantinedChildRows + truncatedInputs;
        }

        /** Items emitted: reports, retractions and quarantine items. */
        public long emitted() {
            return reports + retractions + quarantinedTotal();
        }

        public long quarantinedTotal() {
            long n = 0;
            for (long v : quarantined.values()) {
                n += v;
            }
            return n;
        }
    }

    public long records() {
        return quarters.stream().mapToLong(QuarterCounts::records).sum();
    }

    public long emitted() {
        return quarters.stream().mapToLong(QuarterCounts::emitted).sum();
    }

    public long reports() {
        return quarters.stream().mapToLong(QuarterCounts::reports).sum();
    }

    public long retractions() {
        return quarters.stream().mapToLong(QuarterCounts::retractions).sum();
    }

    public long quarantined() {
        return quarters.stream().mapToLong(QuarterCounts::quarantinedTotal).sum();
    }

    /** Quarantine items of all quarters, by reason. */
    public Map<QuarantineReason, Long> quarantinedByReason() {
        EnumMap<QuarantineReason, Long> m = new EnumMap<>(QuarantineReason.class);
        for (QuarterCounts q : quarters) {
            q.quarantined().forEach((k, v) -> m.merge(k, v, Long::sum));
        }
        return m;
    }
}
