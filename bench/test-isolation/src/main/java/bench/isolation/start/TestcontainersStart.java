package bench.isolation.start;

import bench.isolation.Work;
import bench.isolation.tc.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.PostgreSQLContainer;

import java.sql.Connection;

/**
 * JVM start to first test body with Testcontainers' PostgreSQLContainer on the same image, started in
 * {@code @BeforeAll} and connected to once (so the body gets a server that answers, as poststack's checks prove
 * before its first body); no schema, so this is the least a Testcontainers suite pays before its first test.
 */
class TestcontainersStart {

    static PostgreSQLContainer<?> db;

    @BeforeAll
    static void start() throws Exception {
        db = Postgres.container();
        db.start();
        Work.note("tc-container", db.getContainerId());
        try (Connection c = Postgres.connect(Postgres.dataSource(db))) {
            c.isValid(5);
        }
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.stop();
        }
    }

    @Test
    void firstTestBody() {
        Work.note("body", Work.epochMicros());
    }
}
