package dev.poststack.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogConfiguratorTest {

    @AfterEach
    void forgetTheCommandLine() {
        System.clearProperty(LogConfigurator.CLI_PROPERTY);
    }

    @Test
    void outsideTheCommandLineItLeavesLoggingToTheApplicationsOwnConfiguration() {
        LoggerContext context = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);

        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void theCommandLineLogsWarningsToStandardErrorOnly() {
        System.setProperty(LogConfigurator.CLI_PROPERTY, "true");
        LoggerContext context = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);

        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("stderr")).isNotNull();
    }

    @Test
    void aLineIsLevelShortLoggerNameAndMessageThenTheStackTrace() {
        LoggerContext context = new LoggerContext();
        LogConfigurator.LineLayout layout = new LogConfigurator.LineLayout();
        layout.setContext(context);
        layout.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("com.github.dockerjava.core.DockerClientConfig");

        String plain = layout.doLayout(new ch.qos.logback.classic.spi.LoggingEvent(
                "fqcn", logger, Level.WARN, "engine {} is slow", null, new Object[] {"unix:///var/run/docker.sock"}));
        String withTrace = layout.doLayout(new ch.qos.logback.classic.spi.LoggingEvent(
                "fqcn", logger, Level.ERROR, "failed", new IllegalStateException("boom"), null));

        assertThat(plain).isEqualTo("WARN c.g.d.c.DockerClientConfig: engine unix:///var/run/docker.sock is slow"
                + System.lineSeparator());
        assertThat(withTrace).startsWith("ERROR c.g.d.c.DockerClientConfig: failed" + System.lineSeparator()
                + "java.lang.IllegalStateException: boom");
        assertThat(withTrace).contains("\tat dev.poststack.cli.LogConfiguratorTest");
    }
}
