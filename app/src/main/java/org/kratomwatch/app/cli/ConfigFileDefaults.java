package org.kratomwatch.app.cli;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.AnnotatedElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Defaults of a command's settings from the environment or a configuration file, so that a
 * container or a service manager can configure {@code engine} and {@code ingest} without a
 * command line. Set on a command with {@code @Command(defaultValueProvider = ConfigFileDefaults.class)}
 * next to the {@link ConfigFileOption} mixin.
 *
 * <p>A setting is an option whose picocli default names an environment variable
 * ({@code defaultValue = "${env:KRATOMWATCH_X:-fallback}"}): the annotation is the one place that
 * says which variable configures which option. Precedence: the command line, then the variable,
 * then the file, then the fallback of the annotation.
 *
 * <p>The file ({@code --config FILE}, else {@value #CONFIG_ENV}) is a Java properties file whose
 * keys are option names without the dashes ({@code replication-factor=3}) or variable names
 * ({@code KRATOMWATCH_REPLICATION_FACTOR=3}). A key that names no setting of the command is an
 * error rather than ignored, so that a typo cannot silently leave a default in place.
 */
public final class ConfigFileDefaults implements IDefaultValueProvider {

    public static final String CONFIG_OPTION = "--config";
    public static final String CONFIG_ENV = "KRATOMWATCH_CONFIG";

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)(?::-(.*))?}", Pattern.DOTALL);

    private final Function<String, String> environment;
    /** Where each default this provider gave came from, for error messages ("$VAR" or "file: key"). */
    private final Map<ArgSpec, String> origins = new IdentityHashMap<>();
    private Path loadedFile;
    private Properties loaded;

    /** Reads the process environment (picocli instantiates it this way). */
    public ConfigFileDefaults() {
        this(System::getenv);
    }

    /** Reads {@code environment} instead of the process environment (tests). */
    public ConfigFileDefaults(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        Optional<String> variable = variable(option);
        if (variable.isEmpty()) {
            return null;
        }
        String fromEnvironment = environment.apply(variable.get());
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            origins.put(option, "$" + variable.get());
            return fromEnvironment;
        }
        if (option.longestName().equals(CONFIG_OPTION)) {
            return null;
        }
        Path file = configFile(option.command());
        if (file == null) {
            return null;
        }
        Properties p = load(file, option.command());
        for (String key : List.of(key(option), variable.get())) {
            if (p.containsKey(key)) {
                origins.put(option, file + ": " + key);
                return p.getProperty(key).strip();
            }
        }
        return null;
    }

    /**
     * Where the default of {@code arg} came from ({@code $VARIABLE} or {@code FILE: key}), or null
     * when this provider gave none: appended to a picocli conversion error so that a bad value
     * names its source.
     */
    public String origin(ArgSpec arg) {
        return origins.get(arg);
    }

    /** The environment variable named in an option's default, if any. */
    public static Optional<String> variable(ArgSpec arg) {
        return annotationDefault(arg).map(ENV_DEFAULT::matcher).filter(Matcher::matches).map(m -> m.group(1));
    }

    /** The built-in fallback of a setting ({@code 6} in {@code ${env:X:-6}}), if it has one. */
    public static Optional<String> fallback(ArgSpec arg) {
        return annotationDefault(arg).map(ENV_DEFAULT::matcher).filter(Matcher::matches).map(m -> m.group(2));
    }

    /** The settings of a command: its options whose default names an environment variable. */
    public static List<OptionSpec> settings(CommandSpec command) {
        return command.options().stream().filter(o -> variable(o).isPresent()).toList();
    }

    /** The key of an option in the file: its longest name without the dashes. */
    public static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    private static Optional<String> annotationDefault(ArgSpec arg) {
        if (arg.userObject() instanceof AnnotatedElement element && element.getAnnotation(Option.class) != null) {
            return Optional.of(element.getAnnotation(Option.class).defaultValue());
        }
        return Optional.empty();
    }

    /** {@code --config} when given, else the variable; null for none (or a command without the option). */
    private Path configFile(CommandSpec command) {
        OptionSpec option = command.findOption(CONFIG_OPTION);
        if (option == null) {
            return null;
        }
        Object given = option.getValue();
        String name = given != null ? given.toString() : environment.apply(CONFIG_ENV);
        return name == null || name.isBlank() ? null : Path.of(name.strip());
    }

    private Properties load(Path file, CommandSpec command) {
        if (file.equals(loadedFile)) {
            return loaded;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw UserInputException.in(file, "no such file (" + CONFIG_OPTION + ")");
        } catch (IOException | IllegalArgumentException e) {
            throw UserInputException.in(file, "cannot read the configuration (" + CONFIG_OPTION + "): " + e.getMessage());
        }
        TreeSet<String> known = new TreeSet<>();
        for (OptionSpec o : settings(command)) {
            if (!o.longestName().equals(CONFIG_OPTION)) {
                known.add(key(o));
                known.add(variable(o).orElseThrow());
            }
        }
        for (String key : p.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw UserInputException.in(file, "'" + key + "' is not a setting of '" + command.qualifiedName(" ")
                        + "' (settings: " + String.join(", ", known.stream().filter(k -> !k.startsWith("KRATOMWATCH_")).toList())
                        + ", or their KRATOMWATCH_* variable names)");
            }
        }
        loadedFile = file;
        loaded = p;
        return p;
    }
}
