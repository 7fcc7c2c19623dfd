package com.example.orders.isolation.tc;

import com.example.orders.isolation.OrdersWork;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The same suite without poststack: Testcontainers' PostgreSQLContainer on the same image (orders/postgres,
 * which poststack built), a container per class migrated by Liquibase in the JVM from this project's changelogs,
 * TRUNCATE before each test. Run with {@code -Pisolation-ways} (Testcontainers 1.21: its PostgreSQL module).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerPerClassSuite {

    private PostgreSQLContainer<?> db;
    private DataSource source;

    @BeforeAll
    void startAndMigrate() throws Exception {
        byte[] password = new byte[16];
        new SecureRandom().nextBytes(password);
        // The catalog's image prints the ready line once (PostgreSQLContainer's own wait counts two).
        db = new PostgreSQLContainer<>(DockerImageName.parse("orders/postgres:latest").asCompatibleSubstituteFor("postgres"))
                .withUsername("postgres").withPassword(HexFormat.of().formatHex(password))
                .withEnv("POSTGRES_SETTING_cron__database_name", "test")
                // Without Testcontainers' reaper (Ryuk), a killed run's containers are found by this label.
                .withLabel("com.example.orders.isolation.run", System.getProperty("orders.isolation.run", "manual"))
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 1)
                        .withStartupTimeout(Duration.ofSeconds(60)));
        db.start();
        PGSimpleDataSource s = new PGSimpleDataSource();
        s.setUrl(db.getJdbcUrl());
        s.setUser(db.getUsername());
        s.setPassword(db.getPassword());
        source = s;
        // Testcontainers' own connection, retried until the server answers (the ready line may come from the
        // entrypoint's temporary server while it creates the database).
        try (Connection c = db.createConnection("")) {
            new Liquibase("changelog.yaml", new DirectoryResourceAccessor(Path.of("liquibase")), new JdbcConnection(c))
                    .update("");
        }
    }

    @AfterAll
    void stop() {
        if (db != null) {
            db.stop();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate " + OrdersWork.TABLES + " restart identity cascade");
        }
    }

    @RepeatedTest(5)
    void needsAnEmptyMigratedSchema() throws Exception {
        OrdersWork.needsAnEmptySchema(source);
    }
}
