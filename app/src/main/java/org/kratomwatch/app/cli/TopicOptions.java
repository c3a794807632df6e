package org.kratomwatch.app.cli;

import picocli.CommandLine.Option;

/**
 * Partitions and replication factor of the topics a command creates where they are missing
 * ({@code ingest} and {@code engine} both create {@code ae.reports.v1}, so they read the same
 * options and variables and whichever starts first creates it alike). A picocli mixin.
 */
public final class TopicOptions {

    public static final String PARTITIONS_ENV = "KRATOMWATCH_PARTITIONS";
    public static final String REPLICATION_FACTOR_ENV = "KRATOMWATCH_REPLICATION_FACTOR";

    @Option(names = "--partitions", defaultValue = "${env:" + PARTITIONS_ENV + ":-6}", paramLabel = "N",
            description = "Partitions of the topics this command creates (existing topics are left as they are)."
                    + " Default: $" + PARTITIONS_ENV + ", else 6.")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "${env:" + REPLICATION_FACTOR_ENV + ":-1}", paramLabel = "N",
            description = "Replication factor of the topics this command creates (the engine's internal topics too);"
                    + " at most the number of brokers. Default: $" + REPLICATION_FACTOR_ENV + ", else 1.")
    short replicationFactor;

    /** {@code --partitions}, checked. */
    public int partitions() {
        if (partitions < 1) {
            throw new UserInputException("--partitions must be at least 1: " + partitions);
        }
        return partitions;
    }

    /** {@code --replication-factor}, checked. */
    public short replicationFactor() {
        if (replicationFactor < 1) {
            throw new UserInputException("--replication-factor must be at least 1: " + replicationFactor);
        }
        return replicationFactor;
    }
}
