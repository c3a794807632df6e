package org.kratomwatch.app.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka: bootstrap servers and any client settings (security protocol,
 * SASL, TLS), from options, the environment, a {@code --config} file or a Kafka properties file.
 *
 * <p>Bootstrap servers: {@code --bootstrap-server}, then {@value #BOOTSTRAP_ENV}, then
 * {@code bootstrap-server} in the {@code --config} file ({@link ConfigFileDefaults}), then
 * {@code bootstrap.servers} in the {@code --kafka-config} file, then {@code 127.0.0.1:9092}.
 * Every other property of the Kafka file is passed to the Kafka clients unchanged.
 */
public final class KafkaOptions {

    public static final String BOOTSTRAP_ENV = "KRATOMWATCH_BOOTSTRAP_SERVERS";
    public static final String CONFIG_ENV = "KRATOMWATCH_KAFKA_CONFIG";

    @Option(names = "--bootstrap-server", defaultValue = "${env:" + BOOTSTRAP_ENV + "}", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers. Default: $" + BOOTSTRAP_ENV
                    + ", else bootstrap.servers of --kafka-config, else 127.0.0.1:9092.")
    String bootstrapServer;

    @Option(names = "--kafka-config", defaultValue = "${env:" + CONFIG_ENV + "}", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, ...) passed to every client."
                    + " Default: $" + CONFIG_ENV + ".")
    Path kafkaConfig;

    /** True when the user named Kafka (an option, its variable, or a client properties file). */
    public boolean given() {
        return bootstrapServer != null && !bootstrapServer.isBlank()
                || kafkaConfig != null && !kafkaConfig.toString().isEmpty();
    }

    /** The client configuration. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        if (kafkaConfig != null && !kafkaConfig.toString().isEmpty()) { // an empty variable: no file
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(kafkaConfig, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (NoSuchFileException e) {
                throw UserInputException.in(kafkaConfig, "no such file (--kafka-config)");
            } catch (IOException | IllegalArgumentException e) {
                throw UserInputException.in(kafkaConfig, "cannot read Kafka client properties: " + e.getMessage());
            }
            p.forEach((k, v) -> c.put(k.toString(), v.toString()));
        }
        String bootstrap = bootstrapServer != null && !bootstrapServer.isBlank() ? bootstrapServer.trim()
                : c.containsKey("bootstrap.servers") ? c.get("bootstrap.servers").toString() : "127.0.0.1:9092";
        c.put("bootstrap.servers", bootstrap);
        return c;
    }
}
