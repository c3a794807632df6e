package org.kratomwatch.app.score;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.stats.count.PairCount;
import org.kratomwatch.stats.mgps.MgpsFit;
import org.kratomwatch.stats.mgps.MgpsFitException;
import org.kratomwatch.stats.mgps.MgpsFitter;
import org.kratomwatch.stats.mgps.MgpsHyperparameters;
import org.kratomwatch.stats.mgps.MgpsPosterior;
import org.kratomwatch.stats.ratio.ReportingOddsRatio.ZeroCellCorrection;
import org.kratomwatch.stats.score.PairScore;
import org.kratomwatch.stats.score.PairScorer;
import org.kratomwatch.stats.signal.SignalCriteria;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kratomwatch score}: batch disproportionality scoring of an exported table. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Scores every drug-event pair of a table with PRR, ROR, chi-square, IC and MGPS (EBGM) and the signal rules.",
            "Writes one CSV row per pair with a >= 1: drug,event,a,b,c,d,expected,prr,prr_lo95,prr_hi95,chi2,chi2_yates,"
                + "ror,ror_lo95,ror_hi95,ic,ic025,ic975,ebgm,eb05,eb95,signals.",
            "Reads FDA openEBGM's raw format directly: --drug-col var1 --event-col var2 --strata-cols strat1."})
public final class ScoreCommand implements Callable<Integer> {

    /** Input layouts. */
    public enum Format { pairs, counts }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Input CSV with a header line ('-' for standard input).")
    String input;

    @Option(names = "--format", paramLabel = "pairs|counts", defaultValue = "pairs",
            description = "pairs: one row per (report, drug, event); counts: drug,event,a,b,c,d. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--id-col", defaultValue = "id", description = "Report id column (pairs). Default: ${DEFAULT-VALUE}.")
    String idCol;

    @Option(names = "--drug-col", defaultValue = "drug", description = "Drug column (pairs). Default: ${DEFAULT-VALUE}.")
    String drugCol;

    @Option(names = "--event-col", defaultValue = "event", description = "Event column (pairs). Default: ${DEFAULT-VALUE}.")
    String eventCol;

    @Option(names = "--strata-cols", split = ",", paramLabel = "COL[,COL...]",
            description = "Stratify the expected count (E11) by these columns (pairs).")
    List<String> strataCols = List.of();

    @Option(names = "--out", paramLabel = "FILE", description = "Output CSV (default: standard output).")
    Path out;

    @Option(names = "--hyper", paramLabel = "a1,b1,a2,b2,p",
            description = "Fixed MGPS hyperparameters (alpha1,beta1,alpha2,beta2,p); fitted by maximum likelihood otherwise.")
    String hyper;

    @Option(names = "--allow-boundary-prior",
            description = "Where the data have no interior likelihood maximum (nearly null data), use the best prior on the edge"
                    + " of the parameter space instead of stopping (the run says so).")
    boolean allowBoundaryPrior;

    @Option(names = "--hyper-out", paramLabel = "FILE",
            description = "Write the MGPS hyperparameters used and the log-likelihood at them as JSON.")
    Path hyperOut;

    @Option(names = "--drug", paramLabel = "REGEX",
            description = "Only output drugs matching this regular expression (the background still uses all).")
    String drugRegex;

    @Option(names = "--min-a", paramLabel = "N", defaultValue = "1", description = "Only output pairs with a >= N. Default: ${DEFAULT-VALUE}.")
    long minA;

    @Option(names = "--rules", split = ",", paramLabel = "RULE[,RULE...]",
            description = "Signal rules to evaluate (evans, ror025, ic025, eb05). Default: all.")
    List<String> rules;

    @Option(names = "--ror-correction", paramLabel = "none|haldane", defaultValue = "none",
            description = "ROR zero-cell handling: none (infinite/undefined) or haldane (+0.5 to all cells when any is zero).")
    String rorCorrection;

    @Override
    public Integer call() {
        Path file = "-".equals(input) ? null : Path.of(input);
        Pattern drugFilter = compile(drugRegex);
        if (minA < 1) {
            throw new UserInputException("--min-a must be at least 1 (pairs with a = 0 are not output): " + minA);
        }
        SignalCriteria criteria = criteria();
        ZeroCellCorrection correction = correction();
        MgpsHyperparameters fixed = hyper == null ? null : parseHyper(hyper);

        List<PairCount> pairs = format == Format.pairs
                ? InputTables.readPairs(file, new InputTables.PairColumns(idCol, drugCol, eventCol, strataCols))
                : InputTables.readCounts(file);
        List<PairCount> observed = pairs.stream().filter(p -> p.table().a() >= 1).toList();

        long[] n = observed.stream().mapToLong(p -> p.table().a()).toArray();
        double[] e = observed.stream().mapToDouble(PairCount::expected).toArray();
        MgpsFitter fitter = new MgpsFitter();
        MgpsHyperparameters used;
        double logLikelihood;
        if (fixed != null) {
            used = fixed;
            logLikelihood = fitter.logLikelihood(fixed, n, e);
        } else {
            try {
                MgpsFit fit = fitter.withBoundaryFallback(allowBoundaryPrior).fit(n, e);
                used = fit.hyperparameters();
                logLikelihood = fit.logLikelihood();
                if (!fit.interior()) {
                    spec.commandLine().getErr().println("kratomwatch score: no interior maximum of the MGPS likelihood;"
                            + " using the best prior on the edge of the parameter space (--allow-boundary-prior)");
                }
            } catch (MgpsFitException ex) {
                throw new UserInputException("MGPS hyperparameters could not be fitted on these " + n.length
                        + " pairs (" + ex.getMessage() + "); give them with --hyper a1,b1,a2,b2,p, or accept an edge prior with"
                        + " --allow-boundary-prior");
            }
        }
        if (hyperOut != null) {
            HyperparameterJson.write(hyperOut, used, logLikelihood);
        }
        PairScorer scorer = PairScorer.builder().criteria(criteria).rorCorrection(correction)
                .ebgm(new MgpsPosterior(used)::score).build();

        List<PairCount> selected = observed.stream()
                .filter(p -> p.table().a() >= minA)
                .filter(p -> drugFilter == null || drugFilter.matcher(p.drug()).find())
                .toList();
        PairScore[] scores = new PairScore[selected.size()];
        java.util.stream.IntStream.range(0, scores.length).parallel()
                .forEach(i -> scores[i] = scorer.score(selected.get(i).table(), selected.get(i).expected()));
        try (Writer w = output()) {
            ScoreTableWriter.write(w, selected, Arrays.asList(scores));
        } catch (IOException | UncheckedIOException ex) {
            throw new UserInputException("cannot write " + (out == null ? "standard output" : out) + ": " + ex.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("kratomwatch score: %d pairs scored (%d written), MGPS %s %s, log-likelihood %s%n",
                observed.size(), selected.size(), fixed != null ? "given" : "fitted", used, logLikelihood);
        err.flush();
        return 0;
    }

    private Writer output() throws IOException {
        if (out == null) {
            return new java.io.FilterWriter(spec.commandLine().getOut()) {
                @Override
                public void close() throws IOException {
                    flush(); // never close standard output
                }
            };
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserInputException("--out " + out + ": folder " + parent + " does not exist");
        }
        return Files.newBufferedWriter(out, StandardCharsets.UTF_8);
    }

    private static Pattern compile(String regex) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException ex) {
            throw new UserInputException("--drug: not a valid regular expression: " + ex.getDescription() + " in '" + regex + "'");
        }
    }

    private SignalCriteria criteria() {
        if (rules == null) {
            return SignalCriteria.defaults();
        }
        try {
            return SignalCriteria.named(rules);
        } catch (IllegalArgumentException ex) {
            throw new UserInputException("--rules: " + ex.getMessage());
        }
    }

    private ZeroCellCorrection correction() {
        return switch (rorCorrection) {
            case "none" -> ZeroCellCorrection.NONE;
            case "haldane" -> ZeroCellCorrection.HALDANE_ANSCOMBE;
            default -> throw new UserInputException("--ror-correction: expected none or haldane, got '" + rorCorrection + "'");
        };
    }

    /** Parses {@code a1,b1,a2,b2,p}. */
    public static MgpsHyperparameters parseHyper(String text) {
        String[] f = text.split(",");
        if (f.length != 5) {
            throw new UserInputException("--hyper: expected 5 numbers alpha1,beta1,alpha2,beta2,p; got '" + text + "'");
        }
        double[] v = new double[5];
        for (int i = 0; i < 5; i++) {
            try {
                v[i] = Double.parseDouble(f[i].trim());
            } catch (NumberFormatException ex) {
                throw new UserInputException("--hyper: not a number: '" + f[i].trim() + "'");
            }
        }
        try {
            return new MgpsHyperparameters(v[0], v[1], v[2], v[3], v[4]);
        } catch (IllegalArgumentException ex) {
            throw new UserInputException("--hyper: " + ex.getMessage());
        }
    }
}
