package org.kratomwatch.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.AgeBand;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.KratomFlags;
import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.RecognitionMethod;
import org.kratomwatch.avro.ReporterType;
import org.kratomwatch.avro.RoleFilter;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.Sex;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.avro.Source;
import org.kratomwatch.report.cases.CaseSeriesCollector;
import org.kratomwatch.report.model.Provenance;
import org.kratomwatch.report.model.ReportModel;
import org.kratomwatch.report.table.PairKey;
import org.kratomwatch.report.table.PairRow;
import org.kratomwatch.report.table.SignalRows;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Expected;
import org.kratomwatch.stats.mgps.MgpsHyperparameters;
import org.kratomwatch.stats.mgps.MgpsPosterior;
import org.kratomwatch.stats.omega.InteractionCounts;
import org.kratomwatch.stats.omega.Omega;
import org.kratomwatch.stats.score.Measures;
import org.kratomwatch.stats.score.PairScore;
import org.kratomwatch.stats.score.PairScorer;

/**
 * A hand-built report model for 2024Q4: signal records whose measures are computed by
 * {@code stats} from chosen 2×2 tables (as the engine would), their history over four quarters,
 * Ω records and case series collected from generated anonymized reports. Shared with app's
 * dashboard test through the test-jar.
 */
public final class ReportFixtures {

    public static final String PERIOD = "2024Q4";
    public static final List<String> PERIODS = List.of("2024Q1", "2024Q2", "2024Q3", "2024Q4");
    public static final String EXCL = "excl-opioid";
    /** An event name that must come out escaped. */
    public static final String ODD_EVENT = "<b>odd</b> & \"term\"";
    /** Case keys of the generated reports all start with this; none may appear in any output. */
    public static final String CASE_KEY_PREFIX = "casekey-secret-";

    public static final MgpsHyperparameters PRIOR = new MgpsHyperparameters(0.2041, 0.05816, 1.415, 1.838, 0.0969);
    private static final PairScorer WITH_PRIOR = PairScorer.builder().ebgm(new MgpsPosterior(PRIOR)::score).build();
    private static final PairScorer WITHOUT_PRIOR = PairScorer.builder().build();
    private static final Instant AT = Instant.parse("2025-01-10T08:00:00Z");

    /** The pairs and their 2×2 tables at 2024Q4 (all, then excl-opioid), with state and first firing. */
    record Spec(String substance, EventKind kind, String event, long[] all, long[] excl, SignalState state,
            Map<String, String> firstFired) {
    }

    static final List<Spec> SPECS = List.of(
            new Spec("kratom-related", EventKind.TERM_GROUP, "withdrawal", new long[] {60, 440, 900, 98600},
                    new long[] {60, 440, 400, 60000}, SignalState.ONGOING, first("2024Q1")),
            new Spec("kratom", EventKind.PREFERRED_TERM, "drug withdrawal syndrome", new long[] {40, 360, 600, 99000},
                    new long[] {40, 360, 250, 60350}, SignalState.NEW, first("2024Q4")),
            new Spec("kratom", EventKind.TERM_GROUP, "dependence/abuse", new long[] {15, 385, 1500, 98100},
                    new long[] {15, 385, 700, 59900}, SignalState.STRENGTHENED, first("2024Q2")),
            new Spec("kratom", EventKind.TERM_GROUP, "interaction", new long[] {2, 398, 800, 98800},
                    new long[] {2, 398, 500, 60100}, SignalState.NONE, Map.of()),
            new Spec("kratom", EventKind.PREFERRED_TERM, "nausea", new long[] {8, 392, 2000, 97600},
                    new long[] {8, 392, 1300, 59300}, SignalState.NONE, Map.of()),
            new Spec("7-hydroxymitragynine", EventKind.PREFERRED_TERM, "drug abuse", new long[] {4, 96, 2500, 97400},
                    new long[] {4, 96, 300, 60000}, SignalState.NONE, Map.of()),
            new Spec("kratom", EventKind.PREFERRED_TERM, "seizure", new long[] {3, 397, 1200, 98400},
                    new long[] {3, 397, 800, 59800}, SignalState.CLOSED, Map.of("ror025", "2024Q2")),
            new Spec("kratom", EventKind.PREFERRED_TERM, ODD_EVENT, new long[] {5, 395, 10, 99590},
                    new long[] {5, 395, 6, 60194}, SignalState.NEW, first("2024Q4")),
            new Spec("kratom", EventKind.PREFERRED_TERM, "accidental death", new long[] {4, 396, 0, 99600},
                    new long[] {4, 396, 0, 60200}, SignalState.NEW, first("2024Q3")));

    private ReportFixtures() {
    }

    private static Map<String, String> first(String period) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ror025", period);
        return m;
    }

    /** A record as the engine writes it: measures from the table by {@code stats}. */
    public static DisproportionalitySignal signal(String substance, EventKind kind, String event, String comparator,
            Scope scope, String period, long[] t, boolean prior, SignalState state, Map<String, String> firstFired) {
        ContingencyTable table = new ContingencyTable(t[0], t[1], t[2], t[3]);
        double expected = Expected.crude(t[0] + t[1], t[0] + t[2], t[0] + t[1] + t[2] + t[3]);
        PairScore score = (prior ? WITH_PRIOR : WITHOUT_PRIOR).score(table, expected);
        Measures m = score.measures();
        org.kratomwatch.avro.MgpsHyperparameters h = prior ? new org.kratomwatch.avro.MgpsHyperparameters(
                PRIOR.alpha1(), PRIOR.beta1(), PRIOR.alpha2(), PRIOR.beta2(), PRIOR.p()) : null;
        return DisproportionalitySignal.newBuilder()
                .setSubstance(substance).setEvent(event).setEventKind(kind).setComparator(comparator)
                .setRoleFilter(RoleFilter.ANY_ROLE).setStratified(false).setPeriod(period).setScope(scope)
                .setA(t[0]).setB(t[1]).setC(t[2]).setD(t[3]).setN(t[0] + t[1] + t[2] + t[3])
                .setExpected(m.expected())
                .setPrr(m.prr().value()).setPrrLower95(m.prr().lower()).setPrrUpper95(m.prr().upper())
                .setChiSquare(m.chiSquare()).setChiSquareYates(m.chiSquareYates())
                .setRor(m.ror().value()).setRorLower95(m.ror().lower()).setRorUpper95(m.ror().upper())
                .setIc(m.ic().value()).setIc025(m.ic().lower()).setIc975(m.ic().upper())
                .setEbgm(m.ebgm().value()).setEb05(m.ebgm().lower()).setEb95(m.ebgm().upper())
                .setHyperparameters(h)
                .setSignalsFired(score.verdict().fired())
                .setFirstFired(score.verdict().fired().isEmpty() && firstFired.isEmpty() ? Map.of()
                        : firstFiredOf(firstFired, score.verdict().fired(), period))
                .setState(state)
                .setUpdatedAt(AT)
                .build();
    }

    private static Map<String, String> firstFiredOf(Map<String, String> given, List<String> fired, String period) {
        Map<String, String> m = new LinkedHashMap<>(given);
        for (String rule : fired) {
            m.putIfAbsent(rule, given.isEmpty() ? period : given.values().iterator().next());
        }
        return m;
    }

    /** The cumulative records at 2024Q4 (excl-opioid without an MGPS prior), PERIOD records and history. */
    public static List<DisproportionalitySignal> signals() {
        List<DisproportionalitySignal> out = new ArrayList<>();
        for (Spec s : SPECS) {
            out.add(signal(s.substance(), s.kind(), s.event(), SignalRows.ALL, Scope.CUMULATIVE, PERIOD, s.all(), true,
                    s.state(), s.firstFired()));
            SignalState exclState = s.event().equals("drug abuse") ? SignalState.NEW : s.state();
            out.add(signal(s.substance(), s.kind(), s.event(), EXCL, Scope.CUMULATIVE, PERIOD, s.excl(), false,
                    exclState, s.event().equals("drug abuse") ? first(PERIOD) : s.firstFired()));
            out.add(signal(s.substance(), s.kind(), s.event(), SignalRows.ALL, Scope.PERIOD, PERIOD,
                    quarterOf(s.all(), 3), true, SignalState.NONE, Map.of()));
        }
        return out;
    }

    /**
     * Per-period records of every pair: the cumulative table at quarter i is the 2024Q4 one scaled
     * by (i + 1)/4, the period's own a quarter of it.
     */
    public static List<DisproportionalitySignal> history() {
        List<DisproportionalitySignal> out = new ArrayList<>();
        for (Spec s : SPECS) {
            for (int i = 0; i < PERIODS.size(); i++) {
                long[] cumulative = scaled(s.all(), i + 1, PERIODS.size());
                out.add(signal(s.substance(), s.kind(), s.event(), SignalRows.ALL, Scope.CUMULATIVE, PERIODS.get(i),
                        cumulative, true, SignalState.NONE, Map.of()));
                out.add(signal(s.substance(), s.kind(), s.event(), SignalRows.ALL, Scope.PERIOD, PERIODS.get(i),
                        quarterOf(s.all(), i), true, SignalState.NONE, Map.of()));
            }
        }
        return out;
    }

    /** Reports per period of the kratom-related group: a+b of its PERIOD records. */
    public static long[] kratomReportsPerPeriod() {
        long[] out = new long[PERIODS.size()];
        for (int i = 0; i < out.length; i++) {
            long[] q = quarterOf(SPECS.get(0).all(), i);
            out[i] = q[0] + q[1];
        }
        return out;
    }

    private static long[] scaled(long[] t, int num, int den) {
        long[] out = new long[4];
        for (int k = 0; k < 4; k++) {
            out[k] = t[k] * num / den;
        }
        return out;
    }

    /** Quarter i's own table: 10%, 20%, 30%, 40% of the cumulative one for i = 0..3. */
    private static long[] quarterOf(long[] t, int i) {
        long[] out = new long[4];
        for (int k = 0; k < 4; k++) {
            out[k] = t[k] * (i + 1) / 10;
        }
        return out;
    }

    /** Ω records of 2024Q4 computed by {@code stats}, and one of an earlier period. */
    public static List<InteractionSignal> interactions() {
        return List.of(
                interaction("kratom", "fentanyl", "death", PERIOD, new InteractionCounts(95000, 400, 380, 10, 4000, 200, 20, 12)),
                interaction("kratom", "alprazolam", "withdrawal", PERIOD, new InteractionCounts(95000, 900, 380, 40, 3000, 60, 20, 3)),
                interaction("kratom", "quetiapine", "drug withdrawal syndrome", PERIOD, new InteractionCounts(95000, 600, 400, 40, 0, 0, 3, 1)),
                interaction("kratom", "fentanyl", "death", "2024Q3", new InteractionCounts(70000, 300, 280, 8, 3000, 150, 15, 9)));
    }

    private static InteractionSignal interaction(String watch, String co, String event, String period, InteractionCounts c) {
        org.kratomwatch.stats.Estimate omega = Omega.of(c);
        double g11 = Omega.expectedRateWithBoth(c);
        return InteractionSignal.newBuilder()
                .setWatchSubstance(watch).setCoDrug(co).setEvent(event)
                .setEventKind(event.equals("withdrawal") ? EventKind.TERM_GROUP : EventKind.PREFERRED_TERM)
                .setPeriod(period)
                .setN111(c.bothDrugsWithEvent()).setN11(c.bothDrugs()).setN101(c.eventFirstOnly()).setN10(c.firstOnly())
                .setN011(c.eventSecondOnly()).setN01(c.secondOnly()).setN001(c.eventNeither()).setN00(c.neither())
                .setG11(g11).setExpected(g11 * c.bothDrugs())
                .setOmega(omega.value()).setOmega025(omega.lower()).setOmega975(omega.upper())
                .setSignal(omega.lower() > 0)
                .setUpdatedAt(AT)
                .build();
    }

    /** Terms of the fixture's term groups. */
    public static Set<String> groupsOf(String term) {
        return switch (term) {
            case "drug withdrawal syndrome", "withdrawal syndrome" -> Set.of("withdrawal");
            case "drug dependence", "drug abuse" -> Set.of("dependence/abuse");
            case "drug interaction" -> Set.of("interaction");
            default -> Set.of();
        };
    }

    /**
     * Anonymized reports consistent with the tables' a for the shown pairs: 40 kratom cases with
     * drug withdrawal syndrome and 20 with withdrawal syndrome (60 in the withdrawal group), 15 of
     * them also with drug dependence, and the other pairs' cases.
     */
    public static List<AdverseEventReport> reports() {
        List<AdverseEventReport> out = new ArrayList<>();
        AgeBand[] ages = {AgeBand.AGE_18_44, AgeBand.AGE_45_64, AgeBand.AGE_18_44, AgeBand.UNKNOWN, AgeBand.AGE_0_1};
        Sex[] sexes = {Sex.MALE, Sex.FEMALE, Sex.MALE, Sex.UNKNOWN};
        int n = 0;
        for (int i = 0; i < 60; i++) {
            List<String> reactions = new ArrayList<>();
            reactions.add(i < 40 ? "drug withdrawal syndrome" : "withdrawal syndrome");
            if (i < 15) {
                reactions.add("drug dependence");
            }
            List<Drug> drugs = new ArrayList<>(List.of(kratom()));
            if (i % 3 == 0) {
                drugs.add(drug("fentanyl", "opioid"));
            }
            if (i % 5 == 0) {
                drugs.add(drug("alprazolam", "benzodiazepine"));
            }
            out.add(report(n++, PERIODS.get(i % 4), ages[i % ages.length], sexes[i % sexes.length],
                    i % 4 == 0 ? List.of(Outcome.HOSPITALIZATION) : List.of(), drugs, reactions));
        }
        for (int i = 0; i < 2; i++) {
            out.add(report(n++, PERIOD, AgeBand.AGE_45_64, Sex.FEMALE, List.of(), List.of(kratom()), List.of("drug interaction")));
        }
        for (int i = 0; i < 3; i++) {
            out.add(report(n++, "2024Q2", AgeBand.AGE_18_44, Sex.MALE, List.of(Outcome.LIFE_THREATENING),
                    List.of(kratom()), List.of("seizure")));
        }
        for (int i = 0; i < 5; i++) {
            out.add(report(n++, PERIOD, AgeBand.AGE_18_44, Sex.MALE, List.of(), List.of(kratom()), List.of(ODD_EVENT)));
        }
        for (int i = 0; i < 4; i++) {
            out.add(report(n++, "2024Q3", AgeBand.AGE_45_64, Sex.MALE, List.of(Outcome.DEATH),
                    List.of(kratom(), drug("fentanyl", "opioid")), List.of("accidental death")));
        }
        for (int i = 0; i < 4; i++) {
            out.add(report(n++, PERIOD, AgeBand.AGE_18_44, Sex.FEMALE, List.of(),
                    List.of(drug("7-hydroxymitragynine", "kratom-related", "opioid")), List.of("drug abuse")));
        }
        return out;
    }

    private static Drug kratom() {
        return drug("kratom", "kratom-related");
    }

    private static Drug drug(String substance, String... groups) {
        return new Drug(substance.toUpperCase(java.util.Locale.ROOT), substance, List.of(groups),
                DrugRole.PRIMARY_SUSPECT, RecognitionMethod.EXACT);
    }

    private static AdverseEventReport report(int n, String period, AgeBand age, Sex sex, List<Outcome> outcomes,
            List<Drug> drugs, List<String> reactions) {
        return AdverseEventReport.newBuilder()
                .setCaseKey(CASE_KEY_PREFIX + String.format(java.util.Locale.ROOT, "%04d", n))
                .setCaseVersion(1).setSource(Source.FAERS).setReceivedMonth(null).setDataPeriod(period)
                .setAgeBand(age).setSex(sex).setReporterType(ReporterType.CONSUMER).setReporterCountry("US")
                .setSerious(!outcomes.isEmpty()).setOutcomes(outcomes).setDrugs(drugs).setReactions(reactions)
                .setKratomFlags(new KratomFlags(true, true, false, false, List.of()))
                .build();
    }

    /** The whole model, as the app would assemble it (case series of the shown rows). */
    public static ReportModel model() {
        List<DisproportionalitySignal> signals = signals();
        List<PairKey> shown = SignalRows.shown(SignalRows.rows(signals, PERIOD)).stream().map(PairRow::key).toList();
        CaseSeriesCollector collector = new CaseSeriesCollector(shown, PERIOD, ReportFixtures::groupsOf);
        for (AdverseEventReport r : reports()) {
            collector.accept(r.getCaseKey(), r);
        }
        return new ReportModel(PERIOD, new Provenance("hand-built fixture records",
                List.of("ae.signals.v1: 27 records", "ae.reports.v1: " + reports().size() + " reports"),
                "kratomwatch test"), ReportModel.KRATOM_RELATED, signals, history(), interactions(),
                collector.result());
    }
}
