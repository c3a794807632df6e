package org.kratomwatch.schemas;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.AgeBand;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.KratomFlags;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.avro.MgpsHyperparameters;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.PositionUnit;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.avro.RecognitionMethod;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.RoleFilter;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.avro.Source;

/** Fully populated example records, with special doubles and both null and non-null optionals. */
public final class Fixtures {

    public static final Instant AT = Instant.parse("2025-01-15T10:15:30.123Z");

    private Fixtures() {
    }

    public static MgpsHyperparameters prior() {
        return new MgpsHyperparameters(0.2041, 0.05816, 1.415, 1.838, 0.0969);
    }

    public static AdverseEventReport report() {
        return AdverseEventReport.newBuilder()
                .setCaseKey("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .setCaseVersion(3)
                .setSource(Source.FAERS)
                .setReceivedMonth("2024-11")
                .setDataPeriod("2024Q4")
                .setAgeBand(AgeBand.AGE_18_44)
                .setSex(Sex.FEMALE)
                .setReporterType(ReporterType.CONSUMER)
                .setReporterCountry("US")
                .setSerious(true)
                .setOutcomes(List.of(Outcome.DEATH, Outcome.HOSPITALIZATION, Outcome.OTHER_SERIOUS))
                .setDrugs(List.of(
                        new Drug("KRATUM POWDER", "kratom", List.of("kratom-related"), DrugRole.PRIMARY_SUSPECT,
                                RecognitionMethod.SYNONYM),
                        new Drug("7-OH TABLETS", "7-hydroxymitragynine", List.of("kratom-related", "opioid"),
                                DrugRole.SUSPECT, RecognitionMethod.SYNONYM),
                        new Drug("FENTANYL", "fentanyl", List.of("opioid"), DrugRole.CONCOMITANT,
                                RecognitionMethod.EXACT),
                        new Drug("MYSTERY PILL ####", null, List.of(), DrugRole.UNKNOWN, RecognitionMethod.NONE)))
                .setReactions(List.of("drug withdrawal syndrome", "drug dependence", "death"))
                .setKratomFlags(new KratomFlags(true, true, true, false,
                        List.of("drug:synonym:KRATUM", "drug:synonym:7-OH")))
                .setIngestionRunId("run-2025-01-15-001")
                .build();
    }

    /** A report with every optional field null and every array empty. */
    public static AdverseEventReport sparseReport() {
        return AdverseEventReport.newBuilder()
                .setCaseKey("00")
                .setCaseVersion(1)
                .setSource(Source.CAERS)
                .setReceivedMonth(null)
                .setDataPeriod("2019Q1")
                .setAgeBand(AgeBand.UNKNOWN)
                .setSex(Sex.UNKNOWN)
                .setReporterType(ReporterType.UNKNOWN)
                .setReporterCountry(null)
                .setSerious(false)
                .setOutcomes(List.of())
                .setDrugs(List.of())
                .setReactions(List.of())
                .setKratomFlags(new KratomFlags(false, false, false, false, List.of()))
                .setIngestionRunId(null)
                .build();
    }

    public static QuarantinedRecord quarantined() {
        return new QuarantinedRecord(Source.FAERS, "faers_ascii_2024q4.zip!DRUG24Q4.txt", 1234567L, PositionUnit.LINE,
                QuarantineReason.WRONG_COLUMN_COUNT, "expected 25 fields, found 23",
                "########$########$#$PS$KRATOM$$", "run-2025-01-15-001", AT);
    }

    public static QuarantinedRecord quarantinedWithoutExcerpt() {
        return new QuarantinedRecord(Source.OPENFDA, "drug-event-0001-of-0030.json.zip", 0L, PositionUnit.UNKNOWN,
                QuarantineReason.TRUNCATED_ARCHIVE, "unexpected end of ZIP stream", null, "run-x", AT);
    }

    public static DisproportionalitySignal signal() {
        Map<String, String> firstFired = new LinkedHashMap<>();
        firstFired.put("evans", "2019Q2");
        firstFired.put("ror025", "2019Q1");
        firstFired.put("ic025", "2019Q3");
        return DisproportionalitySignal.newBuilder()
                .setSubstance("kratom")
                .setEvent("drug withdrawal syndrome")
                .setEventKind(EventKind.PREFERRED_TERM)
                .setComparator("all")
                .setRoleFilter(RoleFilter.ANY_ROLE)
                .setStratified(true)
                .setPeriod("2024Q4")
                .setScope(Scope.CUMULATIVE)
                .setA(57).setB(432).setC(29_511).setD(17_970_000).setN(57 + 432 + 29_511 + 17_970_000)
                .setExpected(0.8163)
                .setPrr(Double.POSITIVE_INFINITY)
                .setPrrLower95(Double.NaN)
                .setPrrUpper95(Double.POSITIVE_INFINITY)
                .setChiSquare(Double.MAX_VALUE)
                .setChiSquareYates(-0.0)
                .setRor(28.9)
                .setRorLower95(21.8)
                .setRorUpper95(38.3)
                .setIc(Double.NEGATIVE_INFINITY)
                .setIc025(Double.MIN_VALUE)
                .setIc975(6.1)
                .setEbgm(Double.NaN)
                .setEb05(Double.NaN)
                .setEb95(Double.NaN)
                .setHyperparameters(prior())
                .setSignalsFired(List.of("evans", "ror025", "ic025", "increased-reporting"))
                .setFirstFired(firstFired)
                .setState(SignalState.STRENGTHENED)
                .setUpdatedAt(AT)
                .build();
    }

    public static DisproportionalitySignal signalWithoutPrior() {
        DisproportionalitySignal s = DisproportionalitySignal.newBuilder(signal())
                .setHyperparameters(null)
                .setSignalsFired(List.of())
                .setFirstFired(Map.of())
                .setState(SignalState.NONE)
                .setEventKind(EventKind.TERM_GROUP)
                .setEvent("withdrawal")
                .setScope(Scope.PERIOD)
                .build();
        return s;
    }

    public static SignalEvent signalEvent() {
        return SignalEvent.newBuilder()
                .setSubstance("kratom")
                .setEvent("withdrawal")
                .setEventKind(EventKind.TERM_GROUP)
                .setComparator("excl-opioid")
                .setScope(Scope.CUMULATIVE)
                .setPeriod("2019Q2")
                .setPreviousState(SignalState.NONE)
                .setNewState(SignalState.NEW)
                .setSignalsFired(List.of("evans", "eb05"))
                .setA(5)
                .setExpected(0.25)
                .setPrr(20.0)
                .setChiSquareYates(Double.POSITIVE_INFINITY)
                .setRor(Double.NaN)
                .setRorLower95(Double.NEGATIVE_INFINITY)
                .setIc(2.7)
                .setIc025(0.9)
                .setEbgm(Double.NaN)
                .setEb05(-0.0)
                .setOccurredAt(AT)
                .build();
    }

    public static InteractionSignal interaction() {
        return InteractionSignal.newBuilder()
                .setWatchSubstance("kratom")
                .setCoDrug("fentanyl")
                .setEvent("death")
                .setEventKind(EventKind.PREFERRED_TERM)
                .setPeriod("2021Q4")
                .setN111(41).setN11(120).setN101(30).setN10(369).setN011(9_000).setN01(80_000)
                .setN001(300_000).setN00(17_000_000)
                .setG11(Double.NaN)
                .setExpected(Double.NaN)
                .setOmega(Double.NaN)
                .setOmega025(Double.NEGATIVE_INFINITY)
                .setOmega975(Double.POSITIVE_INFINITY)
                .setSignal(false)
                .setUpdatedAt(Instant.EPOCH)
                .build();
    }

    public static MgpsHyperparameterSet hyperparameterSet() {
        return new MgpsHyperparameterSet("excl-opioid", Scope.CUMULATIVE, "2024Q4", prior(), -123456.789, 2_345_678L,
                AT);
    }

    /** One fully populated value per record type, plus variants with nulls, as (label, value). */
    public static List<Map.Entry<String, SpecificRecord>> all() {
        return List.of(
                Map.entry("report", report()),
                Map.entry("sparse report", sparseReport()),
                Map.entry("quarantined", quarantined()),
                Map.entry("quarantined without excerpt", quarantinedWithoutExcerpt()),
                Map.entry("signal", signal()),
                Map.entry("signal without prior", signalWithoutPrior()),
                Map.entry("signal event", signalEvent()),
                Map.entry("interaction", interaction()),
                Map.entry("hyperparameter set", hyperparameterSet()));
    }
}
