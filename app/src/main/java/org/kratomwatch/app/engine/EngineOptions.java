package org.kratomwatch.app.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.streams.engine.Comparator;
import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.engine.WatchList;
import picocli.CommandLine.Option;

/**
 * What the signal engine watches and compares against ({@code --watch}, {@code --comparators},
 * {@code --stratify}), shared by {@code engine} and {@code pipeline} so that both parse them the
 * same way. A picocli mixin: {@code @Mixin EngineOptions engineOptions;}.
 *
 * <p>The defaults come from the environment ({@value #WATCH_ENV}, {@value #COMPARATORS_ENV},
 * {@value #STRATIFY_ENV}) when set, so that a container can configure an engine without a command
 * line; an option given on the command line wins.
 */
public final class EngineOptions {

    public static final String WATCH_ENV = "KRATOMWATCH_WATCH";
    public static final String COMPARATORS_ENV = "KRATOMWATCH_COMPARATORS";
    public static final String STRATIFY_ENV = "KRATOMWATCH_STRATIFY";

    @Option(names = "--watch", defaultValue = "${env:" + WATCH_ENV + ":-kratom}", paramLabel = "kratom|all|REGEX",
            description = "Substances that get signal records: the kratom-related group and its members (kratom), all,"
                    + " or those matching REGEX. Default: $" + WATCH_ENV + ", else kratom.")
    String watch;

    @Option(names = "--comparators", defaultValue = "${env:" + COMPARATORS_ENV + ":-excl-opioid}", split = ",",
            paramLabel = "excl-CLASS[,...]|none",
            description = "Backgrounds besides the whole database: excl-<class> removes cases with a suspect drug of the"
                    + " class. Default: $" + COMPARATORS_ENV + ", else excl-opioid.")
    List<String> comparators;

    @Option(names = "--stratify", defaultValue = "${env:" + STRATIFY_ENV + ":-false}", fallbackValue = "true",
            arity = "0..1", paramLabel = "true|false",
            description = "Stratify expected counts by age band x sex x year (report formats)."
                    + " Default: $" + STRATIFY_ENV + ", else false.")
    boolean stratify;

    /** Whether {@code --stratify} is on. */
    public boolean stratify() {
        return stratify;
    }

    /** The watch list. */
    public WatchList watchList() {
        try {
            return WatchList.parse(watch);
        } catch (PatternSyntaxException e) {
            throw new UserInputException("--watch: not a valid regular expression: " + e.getDescription());
        }
    }

    /** {@link Comparator#ALL} then one class restriction per {@code excl-CLASS} ({@code none}: only all). */
    public List<Comparator> comparatorList() {
        List<Comparator> list = new ArrayList<>();
        list.add(Comparator.ALL);
        for (String name : comparators) {
            String n = name.trim();
            if (n.equals("none") || n.isEmpty()) {
                continue;
            }
            if (!n.startsWith("excl-") || n.length() == 5) {
                throw new UserInputException("--comparators: expected excl-<class> (e.g. excl-opioid) or none, got '" + n + "'");
            }
            Comparator c = Comparator.excluding(n.substring(5));
            if (list.contains(c)) {
                throw new UserInputException("--comparators: '" + n + "' is given twice");
            }
            list.add(c);
        }
        if (list.size() > EngineConfig.MAX_COMPARATORS + 1) {
            throw new UserInputException("--comparators: at most " + EngineConfig.MAX_COMPARATORS + " class comparators, got "
                    + (list.size() - 1));
        }
        return list;
    }

    /** {@code base} with this watch list, these comparators and, when {@code --stratify} is on, stratification. */
    public EngineConfig applyTo(EngineConfig base) {
        EngineConfig c = base.withWatch(watchList()).withComparators(comparatorList());
        return stratify ? c.withStratify(true) : c;
    }
}
