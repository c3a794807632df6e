package org.kratomwatch.app.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every log line of this JVM (broker, Kafka clients, Kafka Streams, KratomWatch) to one file
 * instead of the terminal, so that the demo's terminal shows progress and signals only: an
 * embedded broker alone writes thousands of INFO lines.
 *
 * <p>Configured in code rather than with a second logback file, so that it holds whichever
 * logback configuration the classpath brought (the jar's, or a test's).
 */
final class DemoLog {

    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    private DemoLog() {
    }

    /**
     * Replaces every appender with one writing {@code file} (truncated) at INFO, or at the level
     * {@code KRATOMWATCH_LOG_LEVEL} names.
     *
     * @return false when the logging backend is not logback (then nothing was changed)
     */
    static boolean toFile(Path file) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return false;
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("demo-file");
        appender.setFile(file.toAbsolutePath().toString());
        appender.setAppend(false);
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("KRATOMWATCH_LOG_LEVEL"), Level.INFO));
        root.addAppender(appender);
        return true;
    }
}
