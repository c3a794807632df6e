package org.kratomwatch.schemas.serde;

import java.util.List;

import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.schemas.SchemaHistory;

/**
 * The value serdes of every topic record type (Avro single-object encoding, see
 * {@link AvroSerde}). Each method returns the same shared, thread-safe instance.
 */
public final class AvroSerdes {

    private static final AvroSerde<AdverseEventReport> ADVERSE_EVENT_REPORT = AvroSerde.of(
            AdverseEventReport.getClassSchema(), AdverseEventReport.getEncoder(), AdverseEventReport::createDecoder,
            SchemaHistory.get());
    private static final AvroSerde<QuarantinedRecord> QUARANTINED_RECORD = AvroSerde.of(
            QuarantinedRecord.getClassSchema(), QuarantinedRecord.getEncoder(), QuarantinedRecord::createDecoder,
            SchemaHistory.get());
    private static final AvroSerde<DisproportionalitySignal> DISPROPORTIONALITY_SIGNAL = AvroSerde.of(
            DisproportionalitySignal.getClassSchema(), DisproportionalitySignal.getEncoder(),
            DisproportionalitySignal::createDecoder, SchemaHistory.get());
    private static final AvroSerde<SignalEvent> SIGNAL_EVENT = AvroSerde.of(
            SignalEvent.getClassSchema(), SignalEvent.getEncoder(), SignalEvent::createDecoder, SchemaHistory.get());
    private static final AvroSerde<InteractionSignal> INTERACTION_SIGNAL = AvroSerde.of(
            InteractionSignal.getClassSchema(), InteractionSignal.getEncoder(), InteractionSignal::createDecoder,
            SchemaHistory.get());
    private static final AvroSerde<MgpsHyperparameterSet> MGPS_HYPERPARAMETER_SET = AvroSerde.of(
            MgpsHyperparameterSet.getClassSchema(), MgpsHyperparameterSet.getEncoder(),
            MgpsHyperparameterSet::createDecoder, SchemaHistory.get());

    private AvroSerdes() {
    }

    /** Values of {@code ae.reports.v1}. */
    public static AvroSerde<AdverseEventReport> adverseEventReport() {
        return ADVERSE_EVENT_REPORT;
    }

    /** Values of {@code ae.quarantine.v1}. */
    public static AvroSerde<QuarantinedRecord> quarantinedRecord() {
        return QUARANTINED_RECORD;
    }

    /** Values of {@code ae.signals.v1}. */
    public static AvroSerde<DisproportionalitySignal> disproportionalitySignal() {
        return DISPROPORTIONALITY_SIGNAL;
    }

    /** Values of {@code ae.signal-events.v1}. */
    public static AvroSerde<SignalEvent> signalEvent() {
        return SIGNAL_EVENT;
    }

    /** Values of {@code ae.interactions.v1}. */
    public static AvroSerde<InteractionSignal> interactionSignal() {
        return INTERACTION_SIGNAL;
    }

    /** Values of {@code ae.hyperparameters.v1}. */
    public static AvroSerde<MgpsHyperparameterSet> mgpsHyperparameterSet() {
        return MGPS_HYPERPARAMETER_SET;
    }

    /** Every value serde, one per record type of {@link SchemaHistory#CURRENT_SCHEMAS}, in that order. */
    public static List<AvroSerde<?>> all() {
        return List.of(ADVERSE_EVENT_REPORT, QUARANTINED_RECORD, DISPROPORTIONALITY_SIGNAL, SIGNAL_EVENT,
                INTERACTION_SIGNAL, MGPS_HYPERPARAMETER_SET);
    }
}
