package org.kratomwatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.kratomwatch.app.KratomWatch;
import org.kratomwatch.app.ingest.IngestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's configuration table against the application, both ways, so that neither can drift:
 * every setting (an option whose default names a {@code KRATOMWATCH_*} variable, in any command)
 * and every variable read directly is one row with the same option, variable, built-in default and
 * commands; every row is one of them; and every {@code KRATOMWATCH_*} variable the README or
 * docker-compose.yml mentions is in the table.
 */
class ConfigurationTableTest {

    private static final Pattern VARIABLE = Pattern.compile("KRATOMWATCH_[A-Z][A-Z_]*[A-Z]");
    private static final String NONE = "none";

    /** One setting: option ({@value #NONE} for a variable without one), variable, built-in default, commands. */
    private record Row(String option, String variable, String defaultValue, Set<String> commands) {
    }

    @Test
    void tableHasOneRowPerSettingWithItsOptionDefaultAndCommands() throws IOException {
        Map<String, Row> table = readmeTable();
        Map<String, Row> application = applicationSettings();
        CommandLine.Model.CommandSpec ingest = KratomWatch.commandLine().getSubcommands().get("ingest").getCommandSpec();

        assertThat(table.keySet()).as("variables in the README table vs. the application").isEqualTo(application.keySet());
        for (Row app : application.values()) {
            Row row = table.get(app.variable());
            assertThat(row.commands()).as(app.variable() + " commands").isEqualTo(app.commands());
            if (app.option() == null) { // read directly: the README may name the option that overrides it
                assertThat(row.option().equals(NONE) || ingest.findOption(row.option()) != null)
                        .as(app.variable() + ": option '" + row.option() + "' exists").isTrue();
                continue;
            }
            assertThat(row.option()).as(app.variable() + " option").isEqualTo(app.option());
            if (app.defaultValue() != null) {
                assertThat(row.defaultValue()).as(app.variable() + " default").startsWith("`" + app.defaultValue() + "`");
            } else {
                assertThat(row.defaultValue()).as(app.variable() + " default (computed or none)").isNotBlank();
            }
        }
    }

    @Test
    void everyVariableTheReadmeOrComposeFileMentionsIsInTheTable() throws IOException {
        Set<String> table = readmeTable().keySet();
        for (String file : List.of("README.md", "docker-compose.yml")) {
            Matcher m = VARIABLE.matcher(Files.readString(root().resolve(file)));
            Set<String> mentioned = new TreeSet<>();
            while (m.find()) {
                mentioned.add(m.group());
            }
            assertThat(table).as(file + " mentions").containsAll(mentioned);
        }
    }

    /** Settings of every command, by variable; a variable must mean the same option everywhere. */
    private static Map<String, Row> applicationSettings() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Map.Entry<String, CommandLine> command : KratomWatch.commandLine().getSubcommands().entrySet()) {
            for (OptionSpec o : ConfigFileDefaults.settings(command.getValue().getCommandSpec())) {
                String variable = ConfigFileDefaults.variable(o).orElseThrow();
                Row row = rows.computeIfAbsent(variable, v -> new Row(o.longestName(), v,
                        ConfigFileDefaults.fallback(o).orElse(null), new TreeSet<>()));
                assertThat(row.option()).as(variable + " is the same option in every command").isEqualTo(o.longestName());
                row.commands().add(command.getKey());
            }
        }
        for (String variable : IngestCommand.KEY_ENVIRONMENT) {
            rows.put(variable, new Row(null, variable, null, new TreeSet<>(Set.of("ingest"))));
        }
        rows.put(KratomWatch.LOG_LEVEL_ENV, new Row(null, KratomWatch.LOG_LEVEL_ENV, null, new TreeSet<>(Set.of("all"))));
        return rows;
    }

    /** The table under "## Configuration", by variable. */
    private static Map<String, Row> readmeTable() throws IOException {
        List<String> lines = Files.readAllLines(root().resolve("README.md"));
        int section = lines.indexOf("## Configuration");
        assertThat(section).as("README has a '## Configuration' section").isNotNegative();
        int header = section;
        while (header < lines.size() && !lines.get(header).startsWith("| option | environment variable | default | commands |")) {
            header++;
        }
        assertThat(header).as("the configuration table").isLessThan(lines.size());
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            assertThat(cells).as("README line " + (i + 1)).hasSize(5);
            Matcher option = Pattern.compile("`(--[a-z-]+)[` ]").matcher(cells.get(0));
            String optionName = cells.get(0).equals(NONE) ? NONE : option.lookingAt() ? option.group(1) : null;
            assertThat(optionName).as("README line " + (i + 1) + ": option cell '" + cells.get(0) + "'").isNotNull();
            Matcher variable = Pattern.compile("`(" + VARIABLE.pattern() + ")`").matcher(cells.get(1));
            assertThat(variable.matches()).as("README line " + (i + 1) + ": variable cell '" + cells.get(1) + "'").isTrue();
            Set<String> commands = new TreeSet<>(List.of(cells.get(3).split(",\\s*")));
            Row row = new Row(optionName, variable.group(1), cells.get(2), commands);
            assertThat(rows.put(row.variable(), row)).as("README: " + row.variable() + " twice").isNull();
        }
        return rows;
    }

    /** A Markdown table row's cells; {@code \|} is a bar inside a cell. */
    private static List<String> cells(String line) {
        String inner = line.trim().replaceAll("^\\|", "").replaceAll("(?<!\\\\)\\|$", "");
        List<String> cells = new ArrayList<>();
        for (String c : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(c.trim().replace("\\|", "|"));
        }
        return cells;
    }

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("README.md")) && Files.exists(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("app"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
