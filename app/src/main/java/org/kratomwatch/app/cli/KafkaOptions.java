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
 * SASL, TLS), from options, a properties file, or the environment.
 *
 * <p>Precedence: {@code --bootstrap-server}, then {@code KRATOMWATCH_BOOTSTRAP_SERVERS}, then
 * {@code bootstrap.servers} in the {@code --kafka-config} file, then {@code 127.0.0.1:9092}.
 * Every other property of the file is passed to the Kafka clients unchanged.
 */
public final class KafkaOptions {

    public static final String BOOTSTRAP_ENV = "KRATOMWATCH_BOOTSTRAP_SERVERS";
    public static final String CONFIG_ENV = "KRATOMWATCH_KAFKA_CONFIG";

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: $" + BOOTSTRAP_ENV + ", else 127.0.0.1:9092).")
    String bootstrapServer;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, ...) passed to every client"
                    + " (default: $" + CONFIG_ENV + ").")
    Path kafkaConfig;

    /** The client configuration. */
    public Map<String, Object> clientConfig() {
        return clientConfig(System.getenv());
    }

    Map<String, Object> clientConfig(Map<String, String> env) {
        Map<String, Object> c = new HashMap<>();
        Path file = kafkaConfig != null ? kafkaConfig : env.containsKey(CONFIG_ENV) ? Path.of(env.get(CONFIG_ENV)) : null;
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (NoSuchFileException e) {
                throw UserInputException.in(file, "no such file (--kafka-config)");
            } catch (IOException | IllegalArgumentException e) {
                throw UserInputException.in(file, "cannot read Kafka client properties: " + e.getMessage());
            }
            p.forEach((k, v) -> c.put(k.toString(), v.toString()));
        }
        String bootstrap = bootstrapServer != null ? bootstrapServer
                : env.get(BOOTSTRAP_ENV) != null ? env.get(BOOTSTRAP_ENV)
                : c.containsKey("bootstrap.servers") ? c.get("bootstrap.servers").toString() : "127.0.0.1:9092";
        c.put("bootstrap.servers", bootstrap);
        return c;
    }
}
