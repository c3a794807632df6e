package org.kratomwatch.app.names;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.ingest.substance.DictionaryFormatException;
import org.kratomwatch.ingest.substance.NamesTable;
import org.kratomwatch.ingest.substance.SubstanceDictionary;
import org.kratomwatch.ingest.substance.SubstanceRecognizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kratomwatch names}: how drug names map to substances, for analysts reviewing unmapped names. */
@Command(name = "names", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads drug names (one per line; optionally name<TAB>active ingredient) and prints TSV",
            "name<TAB>substance<TAB>method, method being exact, synonym, fuzzy or none (substance empty when none)."})
public final class NamesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE", description = "Names file (default: standard input).")
    Path input;

    @Option(names = "--dictionary", paramLabel = "FILE",
            description = "An additional substance dictionary (TSV, same columns as the bundled one) that extends or overrides it.")
    Path dictionary;

    @Option(names = "--no-header", description = "Do not print the header row.")
    boolean noHeader;

    @Option(names = "--no-fuzzy", description = "Exact and synonym matching only.")
    boolean noFuzzy;

    @Override
    public Integer call() throws IOException {
        SubstanceDictionary dict = SubstanceDictionary.loadDefault();
        if (dictionary != null) {
            try {
                dict = dict.withUserDictionary(dictionary);
            } catch (NoSuchFileException e) {
                throw UserInputException.in(dictionary, "no such file");
            } catch (DictionaryFormatException e) {
                throw new UserInputException(e.getMessage());
            }
        }
        SubstanceRecognizer recognizer = SubstanceRecognizer.builder(dict).fuzzy(!noFuzzy).build();
        Writer out = spec.commandLine().getOut();
        NamesTable.Summary summary;
        try (Reader in = open()) {
            summary = NamesTable.write(in, out, recognizer, !noHeader);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw UserInputException.in(input, "not valid UTF-8 text");
        }
        out.flush();
        spec.commandLine().getErr().printf("kratomwatch names: %d names, %d recognized (%d exact, %d synonym, %d fuzzy), %d none;"
                + " dictionary %s%n", summary.rows(), summary.recognized(), summary.exact(), summary.synonym(), summary.fuzzy(),
                summary.none(), dict.version());
        spec.commandLine().getErr().flush();
        return 0;
    }

    private Reader open() throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        if (input == null) {
            return new BufferedReader(new InputStreamReader(System.in, decoder));
        }
        try {
            return new BufferedReader(new InputStreamReader(Files.newInputStream(input), decoder));
        } catch (NoSuchFileException e) {
            throw UserInputException.in(input, "no such file");
        }
    }
}
