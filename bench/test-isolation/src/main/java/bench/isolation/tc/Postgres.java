package bench.isolation.tc;

import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Testcontainers' PostgreSQLContainer on poststack's image, as both Testcontainers sides start it. The log wait
 * counts the ready line once (PostgreSQLContainer's own waits for it twice, which poststack's image, having no
 * temporary init server, prints once), and {@link #connect} retries the first connection, so it works either way.
 */
public final class Postgres {

    private Postgres() {
    }

    /** Not started yet. */
    public static PostgreSQLContainer<?> container() {
        return new PostgreSQLContainer<>(DockerImageName.parse("poststack/postgres:latest").asCompatibleSubstituteFor("postgres"))
                .withUsername("postgres").withPassword(System.getenv("BENCH_PG_PASSWORD"))
                .withEnv("POSTGRES_SETTING_cron__database_name", "test")
                .withLabel("dev.poststack.bench", System.getenv("BENCH_RUN"))
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 1)
                        .withStartupTimeout(Duration.ofSeconds(60)));
    }

    public static DataSource dataSource(PostgreSQLContainer<?> db) {
        PGSimpleDataSource s = new PGSimpleDataSource();
        s.setUrl(db.getJdbcUrl());
        s.setUser(db.getUsername());
        s.setPassword(db.getPassword());
        return s;
    }

    /** The first connection, retried for up to 30 s (the server may still be finishing its start). */
    public static Connection connect(DataSource source) throws SQLException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return source.getConnection();
            } catch (SQLException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
