package org.kratomwatch.app.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.ingest.synthetic.FaersGenerator;
import org.kratomwatch.ingest.synthetic.GeneratorOptions;
import org.kratomwatch.ingest.synthetic.GroundTruth;
import org.kratomwatch.ingest.synthetic.PlantedSignal;
import org.kratomwatch.ingest.synthetic.Quarter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kratomwatch generate faers}: synthetic FAERS quarterly files with planted kratom signals. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes synthetic FAERS-format quarterly files (one faers_ascii_yyyyQq.zip per quarter) with realistic skew,",
            "follow-up versions, deletions, malformed rows and planted kratom signals, and prints the ground truth it planted",
            "(also written to DIR/ground-truth.json)."})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "faers (the only format generated).")
    String format;

    @Option(names = "--reports", defaultValue = "10000", description = "Cases to generate (follow-up versions come on top). Default: ${DEFAULT-VALUE}.")
    long reports;

    @Option(names = "--quarters", defaultValue = "2021Q1..2024Q4", paramLabel = "FIRST..LAST", description = "Quarter range. Default: ${DEFAULT-VALUE}.")
    String quarters;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed: the same seed gives byte-identical files. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--malformed-rate", defaultValue = "0.001", description = "Malformed rows per report version. Default: ${DEFAULT-VALUE}.")
    double malformedRate;

    @Option(names = "--follow-up-rate", defaultValue = "0.2", description = "Share of cases with follow-up versions. Default: ${DEFAULT-VALUE}.")
    double followUpRate;

    @Option(names = "--deletion-rate", defaultValue = "0.01", description = "Share of cases FDA later deletes. Default: ${DEFAULT-VALUE}.")
    double deletionRate;

    @Option(names = "--signal", paramLabel = "SUBSTANCE[+CLASS]:EVENT:STRENGTH[:ONSET]",
            description = "A planted signal (repeatable; replaces the defaults), e.g. kratom:Drug withdrawal syndrome:8:2021Q3"
                    + " or kratom+benzodiazepine:Respiratory depression:5:+2.")
    List<String> signals;

    @Option(names = "--no-signals", description = "Plant no signals (a null database).")
    boolean noSignals;

    @Option(names = "--identifier-cases", defaultValue = "0",
            description = "Cases into whose free-text fields fake personal identifiers are planted (for privacy tests). Default: ${DEFAULT-VALUE}.")
    int identifierCases;

    @Option(names = "--folders", description = "Write quarter folders instead of zips.")
    boolean folders;

    @Override
    public Integer call() throws IOException {
        if (!"faers".equals(format)) {
            throw new UserInputException("generate: unknown format '" + format + "' (only faers is generated)");
        }
        GeneratorOptions options;
        try {
            Quarter[] range = Quarter.parseRange(quarters);
            GeneratorOptions.Builder b = GeneratorOptions.builder(out).reports(reports).quarters(range[0], range[1]).seed(seed)
                    .malformedRate(malformedRate).followUpRate(followUpRate).deletionRate(deletionRate)
                    .identifierCases(identifierCases)
                    .layout(folders ? GeneratorOptions.Layout.DIRECTORY : GeneratorOptions.Layout.ZIP);
            if (noSignals) {
                b.signals(List.of());
            } else if (signals != null) {
                List<PlantedSignal> planted = new ArrayList<>();
                for (String s : signals) {
                    planted.add(PlantedSignal.parse(s, range[0]));
                }
                b.signals(planted);
            }
            options = b.build();
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        GroundTruth truth = FaersGenerator.generate(options);
        spec.commandLine().getOut().println(truth.summary());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
