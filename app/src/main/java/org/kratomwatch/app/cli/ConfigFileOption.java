package org.kratomwatch.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: defaults of a command's settings from a properties file (read by
 * {@link ConfigFileDefaults}, which the command must name as its default provider). A picocli mixin.
 */
public final class ConfigFileOption {

    @Option(names = ConfigFileDefaults.CONFIG_OPTION, defaultValue = "${env:" + ConfigFileDefaults.CONFIG_ENV + "}",
            paramLabel = "FILE",
            description = "Properties file of settings: keys are option names without the dashes (replication-factor=3)"
                    + " or their environment variables; the command line and the environment win over it."
                    + " Default: $" + ConfigFileDefaults.CONFIG_ENV + ".")
    Path file;
}
