package dev.poststack.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration for the command line, in code: poststack reports progress through typed events, so
 * libraries only get to print warnings, to stderr. Found by Logback through {@code META-INF/services}; doing
 * it in code spares every start an XML parser.
 * <p>
 * Only the command line is configured ({@link Main} sets {@link #CLI_PROPERTY} before anything logs). In any
 * other JVM (a user's test suite with poststack on its class path) this does nothing and Logback goes on to
 * the application's own configuration ({@code logback-test.xml}, {@code logback.xml}).
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    /** Set to {@code true} by the command line's {@code main}. */
    static final String CLI_PROPERTY = "poststack.cli";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!Boolean.getBoolean(CLI_PROPERTY)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{20}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code --verbose}: the libraries' informational lines, and poststack's own debug lines. */
    static void verbose() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            context.getLogger("dev.poststack").setLevel(Level.DEBUG);
        }
    }
}
