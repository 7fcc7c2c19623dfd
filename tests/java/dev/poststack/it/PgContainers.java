package dev.poststack.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds the postgres image under a test namespace and runs labelled containers and volumes of it,
 * publishing 5432 on 127.0.0.1 only; {@link #close()} removes them and the namespace's images.
 */
final class PgContainers implements AutoCloseable {

    static final ExposedPort PG = ExposedPort.tcp(5432);

    private final String namespace;
    private final Map<String, String> labels;
    private final EngineFixture engine = new EngineFixture();
    private final DockerClient docker = engine.docker();
    private final List<String> containers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> volumes = Collections.synchronizedList(new ArrayList<>());

    private final String image;
    private final boolean removeImages;

    private PgContainers(String namespace, String image, boolean removeImages) {
        this.namespace = namespace;
        this.image = image;
        this.removeImages = removeImages;
        this.labels = Map.of("dev.poststack.managed", "true", "dev.poststack.test", namespace);
    }

    /** Builds {@code namespace/postgres:latest} with the CLI from a copy of the repository in {@code dir}. */
    static PgContainers build(Path dir, String namespace) throws Exception {
        return build(dir, namespace, "postgres");
    }

    /** Builds {@code namespace/image:latest} (and its parents) with the CLI from a copy of the repository. */
    static PgContainers build(Path dir, String namespace, String image) throws Exception {
        PgContainers pg = new PgContainers(namespace, image, true);
        pg.engine.removeImages(namespace);
        TestProject project = TestProject.copyOfRepo(dir, namespace);
        Cli.Run run = project.cli().run("build-images", image);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(pg.engine.imageId(namespace + "/" + image + ":latest")).isPresent();
        return pg;
    }

    /**
     * Runs containers of the already built {@code namespace/image:latest}; builds nothing, and {@link #close()}
     * leaves the images alone.
     */
    static PgContainers of(String namespace, String image) {
        return new PgContainers(namespace, image, false);
    }

    DockerClient docker() {
        return docker;
    }

    String volume() {
        String name = namespace + "-" + UUID.randomUUID().toString().substring(0, 8);
        docker.createVolumeCmd().withName(name).withLabels(labels).exec();
        volumes.add(name);
        return name;
    }

    /** Creates and starts a container with {@code env} and the volume as PGDATA. */
    String start(Map<String, String> env, String volume) {
        return start(create(env, volume));
    }

    /** Creates (without starting) a container with {@code env}, the volume as PGDATA and {@code extra} binds. */
    String create(Map<String, String> env, String volume, Bind... extra) {
        return create(env, volume, UnaryOperator.identity(), extra);
    }

    /**
     * Like {@link #create(Map, String, Bind...)}, with the create command changed by {@code adjust} before it
     * runs (more published ports, another health check or entrypoint).
     */
    String create(Map<String, String> env, String volume, UnaryOperator<CreateContainerCmd> adjust, Bind... extra) {
        List<Bind> binds = new ArrayList<>(List.of(new Bind(volume, new Volume("/var/lib/postgresql/data"))));
        binds.addAll(List.of(extra));
        Ports ports = new Ports();
        ports.bind(PG, Ports.Binding.bindIp("127.0.0.1"));
        String id = adjust.apply(docker.createContainerCmd(namespace + "/" + image + ":latest")
                .withName(namespace + "-" + UUID.randomUUID().toString().substring(0, 8))
                .withLabels(labels)
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withExposedPorts(PG)
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(ports).withBinds(binds)))
                .exec().getId();
        containers.add(id);
        return id;
    }

    /** Starts a created container; returns its id. */
    String start(String id) {
        docker.startContainerCmd(id).exec();
        return id;
    }

    int port(String id) {
        return port(id, PG);
    }

    /** The host port {@code exposed} is published on, on 127.0.0.1. */
    int port(String id, ExposedPort exposed) {
        Ports.Binding[] bindings = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings().get(exposed);
        assertThat(bindings).as("%s published", exposed).isNotEmpty();
        assertThat(bindings[0].getHostIp()).isEqualTo("127.0.0.1");
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    /** Polls until {@code select 1} answers over TCP; returns the host port. */
    int awaitQuery(String id, String user, String password, String db, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
            assertThat(state.getRunning()).as("container running; logs:%n%s", logs(id)).isTrue();
            int port = port(id);
            try (Connection c = connect(port, user, password, db); Statement s = c.createStatement()) {
                if ("1".equals(single(s, "select 1"))) {
                    return port;
                }
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no answer within " + timeout + "; last error " + last + "; logs:\n" + logs(id));
    }

    static Connection connect(int port, String user, String password, String db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, props);
    }

    /** The first column of the first row; the query must return a row. */
    static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getString(1);
        }
    }

    /** Every row's columns joined by '|', rows joined by newlines. */
    static String rows(Statement s, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    String logs(String id) {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }

    String exec(String id, String... command) throws InterruptedException {
        String execId = docker.execCreateCmd(id).withCmd(command).withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder out = new StringBuilder();
        docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return out.toString().strip();
    }

    /** Removes this fixture's containers (with their anonymous volumes), volumes and the namespace's images. */
    @Override
    public void close() {
        for (String id : containers) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        for (String name : volumes) {
            try {
                docker.removeVolumeCmd(name).exec();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        if (removeImages) {
            engine.removeImages(namespace);
        }
        engine.close();
    }
}
