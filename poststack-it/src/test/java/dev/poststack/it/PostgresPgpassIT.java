package dev.poststack.it;

import dev.poststack.Poststack;
import dev.poststack.testcontainers.PoststackContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static dev.poststack.it.Sql.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The postgres image gives its server a pgpass file for the server's own libpq connections (what Citus does
 * between nodes and to itself), proven without Citus: dblink, in the server, connects back over TCP to
 * 127.0.0.1, where pg_hba.conf asks for scram-sha-256. The database service runs as the shipped manifest
 * declares it (the password from {@code POSTGRES_PASSWORD_FILE}, a secret file), on the images built by this
 * checkout's own {@code build-images} ({@link SharedImages}), so the changed entrypoint is the one tested.
 */
class PostgresPgpassIT {

    private static final String PASSWORD = "it-pgpass-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private static final String PGPASS = "/run/poststack-postgres/pgpass";
    private static final String SELF = "SELECT x FROM dblink('host=127.0.0.1 dbname=postgres user=postgres',"
            + " 'select 1') AS t(x int)";

    @TempDir
    static Path dir;
    private static Poststack poststack;

    @BeforeAll
    static void copyTheProjectWithAKnownPassword() throws Exception {
        TestProject project = TestProject.copyOfRepo(dir.resolve("project"), SharedImages.namespace())
                .secret("db-password", PASSWORD);
        poststack = Poststack.open(project.manifest());
    }

    @AfterAll
    static void close() {
        if (poststack != null) {
            poststack.close();
        }
    }

    @Test
    void theServerReachesItselfOverTcpWithThePgpassFileAndNotWithoutIt() throws Exception {
        try (PoststackContainer db = PoststackContainer.of(poststack, "db")) {
            db.start();
            try (Connection c = Sql.connect(db.database()); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION dblink");
                assertThat(single(s, SELF)).isEqualTo("1");
                // The connection really went over TCP with a password: the server says so about itself.
                assertThat(single(s, "SELECT x FROM dblink('host=127.0.0.1 dbname=postgres user=postgres',"
                        + " 'select inet_client_addr()::text') AS t(x text)")).isEqualTo("127.0.0.1/32");

                Container.ExecResult removed = db.execInContainer("rm", PGPASS);
                assertThat(removed.getExitCode()).as(removed.getStderr()).isZero();
                assertThatThrownBy(() -> single(s, SELF))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("fe_sendauth: no password supplied");
            }
        }
    }

    @Test
    void theFileIsTheServersAloneAndThePasswordIsNowhereElse() throws Exception {
        try (PoststackContainer db = PoststackContainer.of(poststack, "db")) {
            db.start();

            Container.ExecResult stat = db.execInContainer("stat", "-c", "%a %U:%G %F", PGPASS,
                    "/run/poststack-postgres");
            assertThat(stat.getStdout().lines().toList()).as(stat.getStderr())
                    .containsExactly("600 postgres:postgres regular file", "1733 postgres:postgres directory");
            assertThat(db.execInContainer("cat", PGPASS).getStdout()).isEqualTo("*:*:*:postgres:" + PASSWORD + "\n");
            Container.ExecResult other = db.execInContainerWithUser("nobody", "cat", PGPASS);
            assertThat(other.getExitCode()).isNotZero();
            assertThat(other.getStderr()).contains("Permission denied");
            Container.ExecResult list = db.execInContainerWithUser("nobody", "ls", "/run/poststack-postgres");
            assertThat(list.getExitCode()).isNotZero();

            // The server (postmaster) has PGPASSFILE; no process has the password in its environment or arguments.
            String postmaster = db.execInContainer("head", "-1", "/var/lib/postgresql/data/postmaster.pid")
                    .getStdout().strip();
            assertThat(db.execInContainer("sh", "-c", "tr '\\0' '\\n' </proc/" + postmaster + "/environ").getStdout())
                    .contains("PGPASSFILE=" + PGPASS).doesNotContain(PASSWORD);
            Container.ExecResult processes = db.execInContainerWithUser("root", "sh", "-c",
                    "for p in /proc/[0-9]*; do tr '\\0' ' ' <$p/cmdline; echo; tr '\\0' '\\n' <$p/environ; done"
                            + " 2>/dev/null");
            assertThat(processes.getStdout()).contains("postgres").doesNotContain(PASSWORD);

            assertThat(docker("inspect", db.getContainerId())).contains("POSTGRES_PASSWORD_FILE")
                    .doesNotContain(PASSWORD).doesNotContain("PGPASSFILE");
            assertThat(db.getLogs()).doesNotContain(PASSWORD);
        }
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "docker";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
