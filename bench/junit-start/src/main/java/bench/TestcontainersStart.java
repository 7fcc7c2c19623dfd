package bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.sql.DriverManager;

/**
 * Testcontainers' stock GenericContainer on the same image, ready at its log line, started in @BeforeAll.
 * The password comes from the script (generated per run): Testcontainers publishes on all interfaces.
 */
class TestcontainersStart {

    static {
        Marks.mark("clinit");
    }

    static final GenericContainer<?> DB = new GenericContainer<>(DockerImageName.parse("poststack/postgres:latest"))
            .withEnv("POSTGRES_PASSWORD", System.getenv("BENCH_PG_PASSWORD"))
            .withExposedPorts(5432)
            .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 1));

    @BeforeAll
    static void start() {
        Marks.mark("before-all");
        DB.start();
        Marks.mark("started");
    }

    @Test
    void firstBody() throws Exception {
        Marks.mark("body");
        Marks.note("container", DB.getContainerId());
        Marks.afterBody(() -> DriverManager.getConnection(
                "jdbc:postgresql://" + DB.getHost() + ":" + DB.getMappedPort(5432) + "/postgres",
                "postgres", System.getenv("BENCH_PG_PASSWORD")));
    }
}
