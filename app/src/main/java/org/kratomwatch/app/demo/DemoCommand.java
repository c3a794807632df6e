package org.kratomwatch.app.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.app.score.ScoreTableWriter;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.ingest.anonymize.CaseKeyer;
import org.kratomwatch.ingest.run.IngestRun;
import org.kratomwatch.ingest.run.IngestSummary;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.ingest.substance.SubstanceDictionary;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;
import org.kratomwatch.ingest.synthetic.GroundTruth;
import org.kratomwatch.ingest.synthetic.PlantedSignal;
import org.kratomwatch.stats.count.PairCount;
import org.kratomwatch.stats.count.ReportPairCounter;
import org.kratomwatch.stats.mgps.MgpsFit;
import org.kratomwatch.stats.mgps.MgpsFitException;
import org.kratomwatch.stats.mgps.MgpsFitter;
import org.kratomwatch.stats.mgps.MgpsPosterior;
import org.kratomwatch.stats.score.Measures;
import org.kratomwatch.stats.score.PairScore;
import org.kratomwatch.stats.score.PairScorer;
import org.kratomwatch.stats.signal.SignalRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kratomwatch demo}: KratomWatch finding planted kratom signals in synthetic FAERS data,
 * quarter by quarter.
 *
 * <p>Generates FAERS-format quarterly zips with planted signals ({@code generate}), ingests them
 * quarter by quarter with the real reader, recognizer and anonymizer ({@code ingest}), and after
 * each quarter scores every kratom-related pair cumulatively with the same code the streaming
 * engine calls, printing each signal when a rule first fires. At the end it reports, for each
 * planted signal, the quarter each rule first detected it and how many quarters after onset.
 *
 * <p>This is the batch form of the demo; the streaming form (in-JVM Kafka broker, Kafka Streams,
 * query API) replaces the per-quarter batch scoring when the streaming engine lands.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generates a few years of synthetic FAERS data with planted kratom signals, ingests it quarter by quarter",
            "and shows the kratom signals as they emerge, then where each planted signal was found."})
public final class DemoCommand implements Callable<Integer> {

    private static final List<String> RULES = List.of(SignalRule.Evans.NAME, SignalRule.RorLowerLimit.NAME,
            SignalRule.IcLowerLimit.NAME, SignalRule.EbLowerLimit.NAME);

    /** Rules that must agree before the demo calls a pair a signal on screen (all are kept in signals.csv). */
    static final int AGREEING_RULES = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--cases", defaultValue = "20000", description = "Synthetic cases to generate. Default: ${DEFAULT-VALUE}.")
    long cases;

    @Option(names = "--quarters", defaultValue = "2021Q1..2024Q4", description = "Quarter range. Default: ${DEFAULT-VALUE}.")
    String quarters;

    @Option(names = "--seed", defaultValue = "2026", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Leave signals.csv (every kratom-related pair, final quarter) and planted.json in DIR.")
    Path out;

    @Option(names = "--exit-when-done", description = "Return when the analysis is complete (the batch demo always does;"
            + " kept so that scripts stay the same when the demo starts serving its API).")
    boolean exitWhenDone;

    /** First period each rule fired, per signal key "substance|event". */
    private final Map<String, Map<String, String>> firstFired = new TreeMap<>();

    @Override
    public Integer call() throws IOException {
        if (cases < 1000) {
            throw new UserInputException("--cases must be at least 1000: " + cases);
        }
        PrintWriter o = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        Path work = out != null ? out.resolve("faers") : Files.createTempDirectory("kratomwatch-demo");
        GroundTruth truth;
        try {
            truth = FaersGenerator.generate(GeneratorOptions.builder(work).reports(cases).quarters(quarters).seed(seed).build());
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        o.printf("KratomWatch demo: %,d synthetic FAERS cases, %s, planted signals:%n", cases, quarters);
        for (GroundTruth.SignalTruth s : truth.signals()) {
            o.printf("  %-62s x%-4.0f from %s%n", label(s.signal()), s.signal().strength(), s.signal().onset());
        }
        o.printf("%nIngesting quarter by quarter (real FAERS reader, kratom recognition, anonymization) and scoring"
                + " kratom-related pairs cumulatively.%n%n");

        CaseKeyer keyer = CaseKeyer.throwAway();
        LatestReports latest = new LatestReports();
        Set<String> watch = new HashSet<>(SubstanceDictionary.loadDefault().substancesInGroup(SubstanceDictionary.KRATOM_RELATED));
        List<PairCount> lastPairs = List.of();
        List<PairScore> lastScores = List.of();
        List<Path> zips;
        try (Stream<Path> files = Files.list(work)) {
            zips = files.filter(p -> p.getFileName().toString().endsWith(".zip")).sorted().toList();
        }
        for (Path zip : zips) {
            String quarter = zip.getFileName().toString().replaceAll("\\D*(\\d{4}Q\\d).*", "$1");
            IngestSummary s = new IngestRun(InputFormat.faers, keyer, latest).run(List.of(zip), null, Long.MAX_VALUE);
            ReportPairCounter counter = new ReportPairCounter();
            long kratomCases = 0;
            for (AdverseEventReport r : latest.reports()) {
                boolean kratom = false;
                for (Drug d : r.getDrugs()) {
                    if (d.getSubstance() == null) {
                        continue;
                    }
                    kratom |= watch.contains(d.getSubstance());
                    for (String pt : r.getReactions()) {
                        counter.add(r.getCaseKey(), d.getSubstance(), pt);
                    }
                }
                kratomCases += kratom ? 1 : 0;
            }
            List<PairCount> pairs = counter.counts();
            PairScorer scorer = scorer(pairs);
            List<PairCount> watched = pairs.stream().filter(p -> watch.contains(p.drug())).toList();
            List<PairScore> scores = watched.stream().map(p -> scorer.score(p.table(), p.expected())).toList();
            if (lastFitProblem != null && !fitProblemShown) {
                o.printf("  (MGPS: %s)%n", lastFitProblem);
                fitProblemShown = true;
            }
            o.printf("%s  +%,d report versions, %,d live cases (%,d with kratom), %,d pairs%n", quarter,
                    s.accepted() + s.superseded(), counter.reportCount(), kratomCases, pairs.size());
            for (int i = 0; i < watched.size(); i++) {
                announce(o, quarter, watched.get(i), scores.get(i));
            }
            lastPairs = watched;
            lastScores = scores;
            o.flush();
        }
        summarize(o, truth);
        if (out != null) {
            try (Writer w = Files.newBufferedWriter(out.resolve("signals.csv"), StandardCharsets.UTF_8)) {
                ScoreTableWriter.write(w, lastPairs, lastScores);
            }
            writePlanted(out.resolve("planted.json"), truth);
            o.printf("%nWrote %s and %s (synthetic data in %s)%n", out.resolve("signals.csv"), out.resolve("planted.json"), work);
        } else {
            deleteTree(work);
        }
        o.printf("Done in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
        o.flush();
        return 0;
    }

    private String lastFitProblem;
    private boolean fitProblemShown;

    private PairScorer scorer(List<PairCount> pairs) {
        long[] n = pairs.stream().mapToLong(p -> p.table().a()).toArray();
        double[] e = pairs.stream().mapToDouble(PairCount::expected).toArray();
        try {
            MgpsFit fit = new MgpsFitter().withBoundaryFallback(true).fit(n, e);
            if (!fit.interior() && !fitProblemShown) {
                lastFitProblem = "the data are close to null, so the likelihood has no interior maximum; EBGM uses the best prior"
                        + " on the edge of the parameter space, " + fit.hyperparameters();
            }
            return PairScorer.builder().ebgm(new MgpsPosterior(fit.hyperparameters())::score).build();
        } catch (MgpsFitException ex) {
            lastFitProblem = ex.getMessage();
            return PairScorer.builder().build(); // too little data early on: EBGM undefined this quarter
        }
    }

    /**
     * Remembers when each rule first fired for a pair, and prints the pair when it first becomes a
     * signal (at least {@value #AGREEING_RULES} rules agree) and when a further rule joins later.
     */
    private void announce(PrintWriter o, String quarter, PairCount p, PairScore s) {
        Map<String, String> first = firstFired.computeIfAbsent(p.drug() + "|" + p.event(), k -> new LinkedHashMap<>());
        boolean wasSignal = first.size() >= AGREEING_RULES;
        List<String> newRules = new ArrayList<>();
        for (String rule : s.verdict().fired()) {
            if (first.putIfAbsent(rule, quarter) == null) {
                newRules.add(rule);
            }
        }
        if (newRules.isEmpty() || s.verdict().fired().size() < AGREEING_RULES) {
            return;
        }
        boolean isNew = !wasSignal;
        Measures m = s.measures();
        o.printf("  %s %s x %s: a=%d PRR %.2f ROR %.2f (%.2f-%.2f) IC025 %.2f EB05 %.2f; fired %s%s%n",
                isNew ? "SIGNAL" : "  +   ", p.drug(), p.event(), m.table().a(), m.prr().value(), m.ror().value(),
                m.ror().lower(), m.ror().upper(), m.ic().lower(), m.ebgm().lower(), String.join("|", newRules),
                isNew ? "" : " (first fired: " + first + ")");
    }

    private void summarize(PrintWriter o, GroundTruth truth) {
        o.printf("%nPlanted signals and when each rule first detected them:%n");
        o.printf("  %-62s %-7s %s%n", "signal", "onset", "evans / ror025 / ic025 / eb05 (quarters after onset)");
        for (GroundTruth.SignalTruth st : truth.signals()) {
            PlantedSignal p = st.signal();
            Map<String, String> first = firstFired.getOrDefault(p.substance() + "|" + p.event().toLowerCase(java.util.Locale.ROOT), Map.of());
            List<String> cells = new ArrayList<>();
            for (String rule : RULES) {
                String q = first.get(rule);
                cells.add(q == null ? "not found" : q + " (+" + Math.max(0, quartersBetween(p.onset().toString(), q)) + ")");
            }
            o.printf("  %-62s %-7s %s%n", label(p), p.onset(), String.join(" / ", cells));
        }
        o.printf("  (interaction signals are scored with Omega by the streaming engine; here the kratom pair alone is shown)%n");
    }

    private static String label(PlantedSignal p) {
        return p.substance() + (p.interactingWith() == null ? "" : " + " + p.interactingWith()) + " x " + p.event();
    }

    static int quartersBetween(String from, String to) {
        int f = Integer.parseInt(from.substring(0, 4)) * 4 + from.charAt(5) - '1';
        int t = Integer.parseInt(to.substring(0, 4)) * 4 + to.charAt(5) - '1';
        return t - f;
    }

    private void writePlanted(Path file, GroundTruth truth) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (GroundTruth.SignalTruth st : truth.signals()) {
                PlantedSignal p = st.signal();
                Map<String, String> first = firstFired.getOrDefault(p.substance() + "|" + p.event().toLowerCase(java.util.Locale.ROOT), Map.of());
                g.writeStartObject();
                g.writeStringField("substance", p.substance());
                if (p.interactingWith() != null) {
                    g.writeStringField("interactingWith", p.interactingWith());
                }
                g.writeStringField("event", p.event());
                g.writeNumberField("strength", p.strength());
                g.writeStringField("onsetQuarter", p.onset().toString());
                g.writeObjectFieldStart("firstDetected");
                for (String rule : RULES) {
                    if (first.containsKey(rule)) {
                        g.writeStringField(rule, first.get(rule));
                    } else {
                        g.writeNullField(rule);
                    }
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
