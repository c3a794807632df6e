package org.kratomwatch.app.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension giving every test class in the JVM the same real, in-JVM Kafka broker (started
 * on first use, about 2–4 s; closed when the JVM's test run ends). Test classes use distinct topic
 * names so that they do not see each other's data.
 *
 * <pre>
 *   {@literal @}ExtendWith(SharedBroker.class)
 *   class MyIT { ... SharedBroker.bootstrapServers() ... }
 * </pre>
 */
public final class SharedBroker implements BeforeAllCallback {

    private static EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        get();
    }

    /** The shared broker, started on first call. */
    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("kratomwatch-test-broker");
                broker = EmbeddedKafkaBroker.start(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-broker-shutdown"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker;
    }

    public static String bootstrapServers() {
        return get().bootstrapServers();
    }
}
