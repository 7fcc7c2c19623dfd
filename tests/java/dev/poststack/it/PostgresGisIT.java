package dev.poststack.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The postgres-gis image built by {@code poststack build-images postgres-gis} (which builds its parents
 * too), run in the real engine: PostGIS installs as an extension and computes with GEOS and PROJ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresGisIT {

    private static final String NS = "poststack-it-gis";
    private static final String IMAGE = NS + "/postgres-gis:latest";
    private static final String PASSWORD = "it-gis-pw";
    private static final ExposedPort PG = ExposedPort.tcp(5432);
    private static final Map<String, String> LABELS = Map.of("dev.poststack.managed", "true", "dev.poststack.test", NS);

    @TempDir
    static Path dir;
    private EngineFixture engine;
    private DockerClient docker;
    private final List<String> containers = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void buildTheImage() throws Exception {
        engine = new EngineFixture();
        docker = engine.docker();
        engine.removeImages(NS);
        TestProject project = TestProject.copyOfRepo(dir.resolve("project"), NS);
        Cli.Run run = project.cli().run("build-images", "postgres-gis");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(engine.imageId(IMAGE)).isPresent();
    }

    @AfterAll
    void removeContainersAndImages() {
        for (String id : containers) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        engine.removeImages(NS);
        engine.close();
    }

    @Test
    void postgisComputesAGeodesicDistanceWithGeosAndProj() throws Exception {
        String id = start();
        int port = awaitQuery(id, Duration.ofSeconds(120));

        try (Connection c = connect(port); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION postgis");
            // One degree of latitude at the equator on the WGS 84 spheroid: 110574.39 m.
            double metres = Double.parseDouble(single(s,
                    "SELECT ST_Distance('SRID=4326;POINT(0 0)'::geography, 'SRID=4326;POINT(0 1)'::geography)"));
            assertThat(metres).isCloseTo(110574, within(1105.74));
            assertThat(single(s, "SELECT postgis_full_version()")).contains("GEOS=").contains("PROJ=");
            // PROJ finds its database (proj.db): a transformation between two reference systems works.
            String transformed = single(s, "SELECT ST_AsText(ST_SnapToGrid(ST_Transform("
                    + "'SRID=4326;POINT(0 0)'::geometry, 3857), 0.001))");
            assertThat(transformed).isEqualTo("POINT(0 0)");
        }
        // The parent's entrypoint, user and health check are inherited.
        InspectContainerResponse inspect = docker.inspectContainerCmd(id).exec();
        assertThat(inspect.getConfig().getUser()).isEqualTo("postgres");
        assertThat(inspect.getConfig().getEntrypoint()).containsExactly("/usr/local/bin/docker-entrypoint.sh");
        assertThat(inspect.getConfig().getHealthcheck()).isNotNull();
    }

    // --- helpers ---

    private String start() {
        Ports ports = new Ports();
        ports.bind(PG, Ports.Binding.bindIp("127.0.0.1"));
        String id = docker.createContainerCmd(IMAGE)
                .withName(NS + "-" + UUID.randomUUID().toString().substring(0, 8))
                .withLabels(LABELS)
                .withEnv("POSTGRES_PASSWORD=" + PASSWORD)
                .withExposedPorts(PG)
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(ports))
                .exec().getId();
        containers.add(id);
        docker.startContainerCmd(id).exec();
        return id;
    }

    private int port(String id) {
        Ports.Binding[] bindings = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings().get(PG);
        assertThat(bindings).as("5432 published").isNotEmpty();
        assertThat(bindings[0].getHostIp()).isEqualTo("127.0.0.1");
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    /** Polls until {@code select 1} answers over TCP; returns the host port. */
    private int awaitQuery(String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
            assertThat(state.getRunning()).as("container running; logs:%n%s", logs(id)).isTrue();
            int port = port(id);
            try (Connection c = connect(port); Statement s = c.createStatement()) {
                if ("1".equals(single(s, "select 1"))) {
                    return port;
                }
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no answer within " + timeout + "; last error " + last + "; logs:\n" + logs(id));
    }

    private static Connection connect(int port) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private String logs(String id) {
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
}
