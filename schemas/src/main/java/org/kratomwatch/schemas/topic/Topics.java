package org.kratomwatch.schemas.topic;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serdes;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.schemas.serde.AvroSerdes;

/**
 * Every KratomWatch topic, defined once with its key and value serdes. String keys are built by
 * {@link Keys}; values are Avro single-object encoded ({@link AvroSerdes}); a {@code null} value is
 * a tombstone.
 */
public final class Topics {

    /**
     * Adverse-event cases, latest version per case, compacted. Key: {@code caseKey} (the HMAC hex
     * case key). A tombstone (null value) retracts the case: it is removed from every count, and
     * compaction eventually erases its earlier values.
     */
    public static final Topic<String, AdverseEventReport> REPORTS = Topic.compacted("ae.reports.v1",
            Serdes.String(), AvroSerdes.adverseEventReport(), "caseKey (Keys.report)",
            "Pseudonymized adverse-event cases, latest version per case; a tombstone retracts a case.");

    /** Source records ingestion could not use. Key: {@code SOURCE|fileName}. Kept 90 days. */
    public static final Topic<String, QuarantinedRecord> QUARANTINE = Topic.log("ae.quarantine.v1",
            Serdes.String(), AvroSerdes.quarantinedRecord(), Duration.ofDays(90), "SOURCE|fileName (Keys.quarantine)",
            "Quarantined source records with reason code and redacted excerpt, for data-quality review.");

    /**
     * Current disproportionality result per substance-event pair, compacted. Key:
     * {@code substance|eventKind|event|comparator|scope}.
     */
    public static final Topic<String, DisproportionalitySignal> SIGNALS = Topic.compacted("ae.signals.v1",
            Serdes.String(), AvroSerdes.disproportionalitySignal(),
            "substance|eventKind|event|comparator|scope (Keys.signal)",
            "Latest disproportionality measures, fired rules and signal state per substance-event pair.");

    /**
     * Signal state changes, the audit trail, kept for ever. Key: as {@link #SIGNALS}, so a signal's
     * events are ordered and co-partitioned with its current state.
     */
    public static final Topic<String, SignalEvent> SIGNAL_EVENTS = Topic.log("ae.signal-events.v1",
            Serdes.String(), AvroSerdes.signalEvent(), null,
            "substance|eventKind|event|comparator|scope (Keys.signal)",
            "Every change of signal state with the rules fired and the main measures at that moment.");

    /** Current Omega interaction result per triple, compacted. Key: {@code watchSubstance|coDrug|eventKind|event}. */
    public static final Topic<String, InteractionSignal> INTERACTIONS = Topic.compacted("ae.interactions.v1",
            Serdes.String(), AvroSerdes.interactionSignal(), "watchSubstance|coDrug|eventKind|event (Keys.interaction)",
            "Latest Omega drug-drug interaction measures per watch substance, co-drug and event.");

    /**
     * Dead letters: the original key and value bytes of records a consumer could not process, with
     * the error in headers. Kept 30 days.
     */
    public static final Topic<byte[], byte[]> DLQ = Topic.log("ae.dlq.v1", Serdes.ByteArray(), Serdes.ByteArray(),
            Duration.ofDays(30), "the failed record's original key bytes",
            "Records that could not be processed; the cause, source topic, partition and offset are in headers.");

    /** Fitted MGPS hyperparameters shared by all instances, compacted. Key: {@code comparator|scope}. */
    public static final Topic<String, MgpsHyperparameterSet> HYPERPARAMETERS = Topic.compacted(
            "ae.hyperparameters.v1", Serdes.String(), AvroSerdes.mgpsHyperparameterSet(),
            "comparator|scope (Keys.hyperparameters)",
            "MGPS prior hyperparameters, latest fit per comparator and scope, used by every instance for EBGM.");

    /** Every topic, in pipeline order. */
    public static final List<Topic<?, ?>> ALL = List.of(REPORTS, QUARANTINE, SIGNALS, SIGNAL_EVENTS, INTERACTIONS,
            DLQ, HYPERPARAMETERS);

    private Topics() {
    }

    /** The topic of that name. */
    public static Optional<Topic<?, ?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
