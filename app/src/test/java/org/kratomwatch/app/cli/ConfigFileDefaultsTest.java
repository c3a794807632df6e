package org.kratomwatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.KratomWatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code --config FILE} and the environment as sources of {@code engine} and {@code ingest}
 * settings, through the real commands: precedence option > variable > file > built-in default,
 * and a mistake in any of them is one line naming where the value came from.
 */
class ConfigFileDefaultsTest {

    @TempDir
    Path dir;

    @Test
    void optionBeatsVariableBeatsFileBeatsDefault() throws IOException {
        Path file = Files.writeString(dir.resolve("engine.properties"), """
                # option names without the dashes, or the variable names
                partitions = 4
                replication-factor=2
                KRATOMWATCH_APPLICATION_ID=from-file
                query-port=8080
                bootstrap-server=kafka-1:9092,kafka-2:9092
                """);
        CommandSpec engine = parse("engine", Map.of("KRATOMWATCH_REPLICATION_FACTOR", "3"),
                "--config", file.toString(), "--query-port", "9090");

        assertThat(value(engine, "--partitions")).isEqualTo(4);                    // file
        assertThat(value(engine, "--replication-factor")).isEqualTo((short) 3);    // variable beats file
        assertThat(value(engine, "--application-id")).isEqualTo("from-file");      // file, by variable name
        assertThat(value(engine, "--query-port")).isEqualTo(9090);                 // option beats file
        assertThat(value(engine, "--bootstrap-server")).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(value(engine, "--threads")).isEqualTo(1);                       // built-in default
        assertThat(value(engine, "--query-bind")).isEqualTo("127.0.0.1");
    }

    @Test
    void fileNamedByTheVariableServesIngestToo() throws IOException {
        Path file = Files.writeString(dir.resolve("ingest.properties"), "partitions=12\nKRATOMWATCH_REPLICATION_FACTOR=3\n");
        CommandSpec ingest = parse("ingest", Map.of(ConfigFileDefaults.CONFIG_ENV, file.toString()),
                "faers", dir.toString(), "--dry-run");

        assertThat(value(ingest, "--partitions")).isEqualTo(12);
        assertThat(value(ingest, "--replication-factor")).isEqualTo((short) 3);
    }

    @Test
    void settingsAreTheOptionsWhoseDefaultNamesAVariable() {
        CommandSpec engine = KratomWatch.commandLine().getSubcommands().get("engine").getCommandSpec();
        assertThat(ConfigFileDefaults.settings(engine)).extracting(o -> o.longestName())
                .contains("--partitions", "--replication-factor", "--bootstrap-server", "--kafka-config", "--config")
                .doesNotContain("--help");
        assertThat(ConfigFileDefaults.variable(engine.findOption("--partitions"))).contains("KRATOMWATCH_PARTITIONS");
        assertThat(ConfigFileDefaults.fallback(engine.findOption("--partitions"))).contains("6");
        assertThat(ConfigFileDefaults.fallback(engine.findOption("--advertised"))).isEmpty();
    }

    @Test
    void unknownKeyMissingFileAndBadValuesAreOneLineErrorsNamingTheirSource() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.properties"), "partiton=3\n");
        Result unknown = execute(Map.of(), "engine", "--config", typo.toString());
        assertThat(unknown.status).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(unknown.err.lines().toList()).hasSize(1);
        assertThat(unknown.err).contains("typo.properties: 'partiton' is not a setting of 'kratomwatch engine'")
                .contains("partitions");

        Result missing = execute(Map.of(), "ingest", "faers", dir.toString(), "--config", dir.resolve("nope.properties").toString());
        assertThat(missing.status).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(missing.err).contains("nope.properties: no such file (--config)").doesNotContain("\tat ");

        Path bad = Files.writeString(dir.resolve("bad.properties"), "partitions=six\n");
        Result badValue = execute(Map.of(), "engine", "--config", bad.toString());
        assertThat(badValue.status).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(badValue.err).contains("'six' is not an int").contains("(from " + bad + ": partitions)");

        Result badVariable = execute(Map.of("KRATOMWATCH_QUERY_PORT", "http"), "engine");
        assertThat(badVariable.status).isEqualTo(KratomWatch.USER_ERROR);
        assertThat(badVariable.err).contains("'http' is not an int").contains("(from $KRATOMWATCH_QUERY_PORT)");
    }

    /** Parses {@code args} with {@code environment} in place of the process environment; the subcommand's spec. */
    private static CommandSpec parse(String command, Map<String, String> environment, String... args) {
        CommandLine cl = KratomWatch.commandLine();
        CommandLine sub = cl.getSubcommands().get(command);
        sub.setDefaultValueProvider(new ConfigFileDefaults(environment::get));
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        cl.parseArgs(all);
        return sub.getCommandSpec();
    }

    private static Object value(CommandSpec spec, String option) {
        return spec.findOption(option).getValue();
    }

    private record Result(int status, String err) {
    }

    private static Result execute(Map<String, String> environment, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = KratomWatch.commandLine();
        cl.getSubcommands().get(args[0]).setDefaultValueProvider(new ConfigFileDefaults(environment::get));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), err.toString());
    }
}
