package dev.poststack.it;

import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.DatabaseTls;
import dev.poststack.junit.PoststackStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code database.tls} end to end: the server requires TLS, and poststack's own connections (its sql, setting
 * and extension checks, the Liquibase run on the project network, {@link DatabaseAccess#jdbcUrl()}) use it; with
 * a certificate signed by a CA the manifest names they verify it fully, and a wrong CA fails the check at once.
 * The CA and server certificates are made by the host's openssl in the test.
 */
class DatabaseTlsIT {

    private static final String DATABASE = "database: {user: postgres, password: db-password, name: postgres}";

    @TempDir
    Path dir;

    private StackProject project() throws Exception {
        return SharedImages.project(dir, "psit-tls-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void aSelfSignedServerRefusesPlainConnectionsAndPoststackConnectsOverTls() throws Exception {
        try (StackProject project = project()) {
            project.files().editManifest(DATABASE, "database: {user: postgres, password: db-password, name: postgres,"
                    + " tls: {server: self-signed}}");

            Cli.Run setup = project.run("setup");

            // The checks (sql, setting, extension) passed over TLS, and Liquibase applied the schema over it.
            assertThat(setup.exitCode()).as(setup.output()).isZero();
            assertThat(setup.stdout()).contains("applied 11 changesets to app", "db started; 8 checks passed")
                    .contains("PGSSLMODE=require psql -h 127.0.0.1");
            String url = "jdbc:postgresql://127.0.0.1:" + project.hostPort("db", 5432) + "/postgres";
            assertThatThrownBy(() -> connect(url + "?sslmode=disable", project.secret("db-password")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("no encryption");
            DatabaseAccess access = Poststack.open(project.files().manifest(), project.name()).database("db");
            assertThat(access.tls()).contains(DatabaseTls.require());
            assertThat(access.jdbcUrl()).endsWith("/postgres?sslmode=require");
            try (Connection c = DriverManager.getConnection(access.jdbcUrl(), access.user(), access.password())) {
                assertThat(query(c, "select ssl::text from pg_stat_ssl where pid = pg_backend_pid()")).isEqualTo("true");
            }
            // The JUnit extension's DataSource (also what PoststackContainer's callers use) takes the same URL.
            try (Connection c = PoststackStack.dataSource(access.withDatabase("app")).getConnection()) {
                assertThat(query(c, "select count(*)::text from databasechangelog")).isEqualTo("11");
                assertThat(query(c, "select ssl::text from pg_stat_ssl where pid = pg_backend_pid()")).isEqualTo("true");
            }
        }
    }

    @Test
    void verifyFullWithTheManifestsCaPassesAndAWrongCaFailsAtOnce() throws Exception {
        try (StackProject project = project()) {
            Path tls = Files.createDirectories(project.files().file("tls"));
            certificateAuthority(tls, "ca");
            certificateAuthority(tls, "other-ca");
            serverCertificate(tls, "ca", "DNS:db,DNS:localhost,IP:127.0.0.1");
            project.files().editManifest(DATABASE, "database: {user: postgres, password: db-password, name: postgres,"
                    + " tls: {server: files, cert: tls/server.crt, key: tls/server.key, ca: tls/ca.crt}}");

            Cli.Run setup = project.run("setup");

            assertThat(setup.exitCode()).as(setup.output()).isZero();
            assertThat(setup.stdout()).contains("applied 11 changesets to app", "db started; 8 checks passed");
            DatabaseAccess access = Poststack.open(project.files().manifest(), project.name()).database("db");
            assertThat(access.jdbcUrl()).contains("sslmode=verify-full&sslrootcert=");
            try (Connection c = DriverManager.getConnection(access.jdbcUrl(), access.user(), access.password())) {
                assertThat(query(c, "select ssl::text from pg_stat_ssl where pid = pg_backend_pid()")).isEqualTo("true");
            }
            // The key went in as a secret file: neither its text nor a variable holding it is in docker inspect.
            String key = Files.readString(tls.resolve("server.key"));
            var inspect = project.docker().inspectContainerCmd(project.name() + "-db").exec();
            assertThat(String.join("\n", inspect.getConfig().getEnv()))
                    .contains("POSTGRES_SSL_KEY_FILE=/run/secrets/poststack-tls.key")
                    .doesNotContain(key.lines().skip(1).findFirst().orElseThrow());

            project.files().editManifest("ca: tls/ca.crt", "ca: tls/other-ca.crt");
            long started = System.nanoTime();
            Cli.Run wrongCa = project.run("up");

            assertThat(wrongCa.exitCode()).as(wrongCa.output()).isNotZero();
            assertThat(wrongCa.output()).contains("PKIX path")
                    .contains("not signed by the CA that `database.tls.ca` names");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
                    .as("a refused certificate is not waited on for the 120 s health timeout").isLessThan(60);
        }
    }

    private static Connection connect(String url, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", password);
        return DriverManager.getConnection(url, props);
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A CA made with the host's openssl: {@code name.crt} and {@code name.key} in {@code tls}. */
    private static void certificateAuthority(Path tls, String name) throws Exception {
        openssl(tls, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-days", "2", "-subj", "/CN=poststack it " + name, "-keyout", name + ".key", "-out", name + ".crt");
    }

    /** server.crt signed by {@code ca}, naming {@code names}, and its key server.key. */
    private static void serverCertificate(Path tls, String ca, String names) throws Exception {
        openssl(tls, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=db",
                "-keyout", "server.key", "-out", "server.csr");
        Files.writeString(tls.resolve("server.ext"), "subjectAltName=" + names + "\n");
        openssl(tls, "x509", "-req", "-in", "server.csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
                "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.crt");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", command, output).isZero();
    }
}
