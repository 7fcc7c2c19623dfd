package dev.poststack.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** A test project running services under its own project name; {@link #close()} removes all of it. */
final class StackProject implements AutoCloseable {

    private final TestProject project;
    private final String name;
    private final EngineFixture engine = new EngineFixture();

    StackProject(TestProject project, String name) {
        this.project = project;
        this.name = name;
    }

    TestProject files() {
        return project;
    }

    String name() {
        return name;
    }

    DockerClient docker() {
        return engine.docker();
    }

    Cli cli() {
        return project.cli().withEnv(Map.of("POSTSTACK_PROJECT", name));
    }

    Cli.Run run(String... args) throws Exception {
        return cli().run(args);
    }

    /** The project's containers, running or not, found by label as poststack finds them. */
    List<Container> containers() {
        return docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of("dev.poststack.project=" + name)).exec();
    }

    String containerId(String service) {
        return docker().inspectContainerCmd(name + "-" + service).exec().getId();
    }

    int hostPort(String service, int containerPort) {
        return Integer.parseInt(docker().inspectContainerCmd(name + "-" + service).exec().getNetworkSettings()
                .getPorts().getBindings().get(com.github.dockerjava.api.model.ExposedPort.tcp(containerPort))[0]
                .getHostPortSpec());
    }

    String secret(String name) throws Exception {
        return Files.readString(project.file(".poststack/secrets/" + name), StandardCharsets.UTF_8).strip();
    }

    Connection connect(String database, String user, String secret) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", secret(secret));
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + hostPort("db", 5432) + "/" + database,
                props);
    }

    /** The whole project's log files and outputs, to prove a secret appears nowhere. */
    String allLogs() throws Exception {
        StringBuilder text = new StringBuilder();
        Path logs = project.file("logs");
        if (Files.isDirectory(logs)) {
            try (var walk = Files.walk(logs)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    text.append(Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws Exception {
        try {
            cli().run("down", "--volumes");
        } finally {
            engine.close();
        }
    }
}
