package org.kratomwatch.app.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.app.score.ScoreTableWriter;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.count.PairCount;
import org.kratomwatch.stats.count.ReportPairCounter;
import org.kratomwatch.stats.mgps.MgpsFit;
import org.kratomwatch.stats.mgps.MgpsFitException;
import org.kratomwatch.stats.mgps.MgpsFitter;
import org.kratomwatch.stats.mgps.MgpsPosterior;
import org.kratomwatch.stats.score.Measures;
import org.kratomwatch.stats.score.PairScore;
import org.kratomwatch.stats.score.PairScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kratomwatch demo}: shows KratomWatch find planted kratom signals in a synthetic database.
 *
 * <p>At this stage of the product the demo scores the whole synthetic database in one batch with
 * the same code the streaming engine will call; the streaming demo (in-JVM Kafka broker, quarter
 * by quarter) replaces it when the streaming engine lands.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generates a synthetic report database with planted kratom signals, scores it and shows what was found.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--reports", defaultValue = "50000", description = "Synthetic reports to generate. Default: ${DEFAULT-VALUE}.")
    int reports;

    @Option(names = "--seed", defaultValue = "2026", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--exit-when-done", description = "Return when the analysis is complete (the demo always does at this stage; kept so scripts stay stable when it starts serving).")
    boolean exitWhenDone;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write signals.csv (every kratom pair) into DIR.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (reports < 1000) {
            throw new UserInputException("--reports must be at least 1000: " + reports);
        }
        PrintWriter o = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        o.printf("KratomWatch demo: %,d synthetic reports, 1%% with kratom, planted signals:%n", reports);
        for (SyntheticPairs.Planted p : SyntheticPairs.PLANTED) {
            o.printf("  kratom x %-26s %.0fx more often than background%n", p.event(), p.strength());
        }
        ReportPairCounter counter = SyntheticPairs.generate(reports, 0.01, seed);
        List<PairCount> pairs = counter.counts();
        long[] n = pairs.stream().mapToLong(p -> p.table().a()).toArray();
        double[] e = pairs.stream().mapToDouble(PairCount::expected).toArray();
        PairScorer scorer;
        try {
            MgpsFit fit = new MgpsFitter().fit(n, e);
            scorer = PairScorer.builder().ebgm(new MgpsPosterior(fit.hyperparameters())::score).build();
            o.printf("%n%,d drug-event pairs counted; MGPS prior fitted: %s%n%n", pairs.size(), fit.hyperparameters());
        } catch (MgpsFitException ex) {
            scorer = PairScorer.builder().build();
            o.printf("%n%,d drug-event pairs counted; the MGPS prior could not be fitted (%s): EBGM omitted%n%n",
                    pairs.size(), ex.getMessage());
        }

        List<PairCount> kratom = new ArrayList<>();
        List<PairScore> scores = new ArrayList<>();
        for (PairCount p : pairs) {
            if (p.drug().equals("KRATOM")) {
                kratom.add(p);
                scores.add(scorer.score(p.table(), p.expected()));
            }
        }
        o.printf("%-26s %5s %7s %22s %7s %7s  %s%n", "kratom x event", "a", "PRR", "ROR (95% CI)", "IC025", "EB05", "rules fired");
        int shown = 0;
        for (int i = 0; i < kratom.size(); i++) {
            PairScore s = scores.get(i);
            if (!s.verdict().any()) {
                continue;
            }
            Measures m = s.measures();
            Estimate ror = m.ror();
            o.printf("%-26s %5d %7.2f %7.2f (%5.2f-%6.2f) %7.2f %7.2f  %s%n", kratom.get(i).event(), m.table().a(),
                    m.prr().value(), ror.value(), ror.lower(), ror.upper(), m.ic().lower(), m.ebgm().lower(),
                    s.verdict().joined());
            shown++;
        }
        o.printf("%n%d kratom pairs signalled by at least one rule.%n", shown);
        for (SyntheticPairs.Planted p : SyntheticPairs.PLANTED) {
            int i = indexOf(kratom, p.event());
            String verdict = i < 0 ? "not reported" : scores.get(i).verdict().any()
                    ? "found (" + scores.get(i).verdict().joined() + ")" : "not signalled";
            o.printf("  planted %-26s %s%n", p.event(), verdict);
        }
        if (out != null) {
            Files.createDirectories(out);
            try (Writer w = Files.newBufferedWriter(out.resolve("signals.csv"), StandardCharsets.UTF_8)) {
                ScoreTableWriter.write(w, kratom, scores);
            }
            o.printf("%nWrote %s%n", out.resolve("signals.csv"));
        }
        o.printf("Done in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
        o.flush();
        return 0;
    }

    private static int indexOf(List<PairCount> pairs, String event) {
        for (int i = 0; i < pairs.size(); i++) {
            if (pairs.get(i).event().equals(event)) {
                return i;
            }
        }
        return -1;
    }
}
