package dev.poststack.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.Abbreviator;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
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
        LineLayout layout = new LineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
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

    /**
     * {@code LEVEL logger: message}, the logger's name shortened to about 20 characters, then the stack trace if
     * there is one: what the pattern {@code %level %logger{20}: %msg%n} prints, without {@code PatternLayout}, whose
     * pattern parser and converter table are 150 classes to load at every start for these few lines.
     */
    static final class LineLayout extends LayoutBase<ILoggingEvent> {
        private final Abbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(20);

        @Override
        public String doLayout(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(128)
                    .append(event.getLevel()).append(' ')
                    .append(abbreviator.abbreviate(event.getLoggerName())).append(": ")
                    .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
            }
            return line.toString();
        }
    }

    /** {@code --verbose}: the libraries' informational lines, and poststack's own debug lines. */
    static void verbose() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            context.getLogger("dev.poststack").setLevel(Level.DEBUG);
        }
    }
}
