package com.example.orders;

import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.testcontainers.PoststackContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The database service as a Testcontainers container whose wait strategy is poststack's checks. Started by
 * hand rather than with {@code @Testcontainers}, whose JUnit module has another artifact id in 2.0 than in
 * 1.21: this class runs unchanged on both.
 */
class OrdersContainerTest {

    static final Poststack POSTSTACK = Poststack.open(Path.of("images.yaml"));
    static final PoststackContainer DB = PoststackContainer.of(POSTSTACK, "db");

    @BeforeAll
    static void start() {
        DB.start();
    }

    @AfterAll
    static void stop() {
        DB.stop();
    }

    @Test
    void theServerHasTheCatalogsExtensions() throws Exception {
        DatabaseAccess db = DB.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "select count(*) from pg_available_extensions where name in ('vector', 'age', 'pg_cron')")) {
            rs.next();
            assertEquals(3, rs.getInt(1));
        }
    }
}
