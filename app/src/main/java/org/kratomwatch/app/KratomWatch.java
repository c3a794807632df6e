package org.kratomwatch.app;

import java.io.PrintWriter;
import org.kratomwatch.app.cli.ConfigFileDefaults;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.app.bench.BenchCommand;
import org.kratomwatch.app.demo.DemoCommand;
import org.kratomwatch.app.generate.GenerateCommand;
import org.kratomwatch.app.ingest.IngestCommand;
import org.kratomwatch.app.names.NamesCommand;
import org.kratomwatch.app.score.ScoreCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kratomwatch} command line. */
@Command(name = "kratomwatch", mixinStandardHelpOptions = true, versionProvider = KratomWatch.Version.class,
        description = "Continuous, exact disproportionality analysis of adverse-event reports for kratom.",
        subcommands = {DemoCommand.class, org.kratomwatch.app.pipeline.PipelineCommand.class, org.kratomwatch.app.engine.EngineCommand.class, org.kratomwatch.app.report.ReportCommand.class, ScoreCommand.class, NamesCommand.class, IngestCommand.class, GenerateCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class KratomWatch {

    /** Read by the logging configuration (logback.xml), not by a command: the level of KratomWatch's own log lines. */
    public static final String LOG_LEVEL_ENV = "KRATOMWATCH_LOG_LEVEL";


    /** Exit status for a user's mistake (bad option, bad file): the message says what and where. */
    public static final int USER_ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (tests call this; only main exits). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line, with one-line error reporting for user mistakes. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new KratomWatch());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof UserInputException) {
                err.println("kratomwatch " + commandLine.getCommandName() + ": error: " + ex.getMessage());
                err.flush();
                return USER_ERROR;
            }
            err.println("kratomwatch " + commandLine.getCommandName() + ": internal error (please report): " + ex);
            ex.printStackTrace(err);
            err.flush();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String name = ex.getCommandLine().getCommandName();
            UserInputException mistake = userInputCause(ex);
            if (mistake != null) { // a bad --config file, found while picocli applied defaults
                err.println("kratomwatch " + name + ": error: " + mistake.getMessage());
                err.flush();
                return USER_ERROR;
            }
            String origin = ex.getArgSpec() != null
                    && ex.getCommandLine().getCommandSpec().defaultValueProvider() instanceof ConfigFileDefaults defaults
                    ? defaults.origin(ex.getArgSpec()) : null;
            err.println("kratomwatch " + name + ": error: " + ex.getMessage() + (origin == null ? "" : " (from " + origin + ")"));
            err.println("Try 'kratomwatch " + name + " --help'.");
            err.flush();
            return USER_ERROR;
        });
        return cl;
    }

    private static UserInputException userInputCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UserInputException u) {
                return u;
            }
        }
        return null;
    }

    /** Version from the jar manifest (or "development" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = KratomWatch.class.getPackage().getImplementationVersion();
            return new String[] {"kratomwatch " + (v == null ? "development" : v)};
        }
    }
}
