package dev.poststack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The postgres images' config step (entrypoint/lib/30-write-config.sh, run by real bash): Citus's node-to-node
 * connections ask for TLS exactly when the server has TLS, so nodes that refuse connections without it still
 * reach each other.
 */
class CitusTlsConfigTest {

    @TempDir
    Path pgdata;

    @Test
    void citusNodesConnectWithTlsWhenTheServerHasIt() throws Exception {
        String conf = writeConfig(true, "self-signed", "on");

        assertThat(conf).contains("citus.node_conninfo = 'sslmode=require'")
                .contains("shared_preload_libraries = 'citus,");
    }

    @Test
    void citusKeepsItsOwnDefaultWithoutTls() throws Exception {
        String conf = writeConfig(true, "off", "off");

        assertThat(conf).doesNotContain("node_conninfo").contains("shared_preload_libraries = 'citus,");
    }

    @Test
    void serversWithoutCitusGetNoCitusSetting() throws Exception {
        String conf = writeConfig(false, "self-signed", "on");

        assertThat(conf).doesNotContain("citus");
    }

    @Test
    void aSettingOfTheUserComesAfterAndWins() throws Exception {
        writeConfig(true, "self-signed", "on", "POSTGRES_SETTING_citus__node_conninfo=sslmode=verify-full");

        assertThat(Files.readString(pgdata.resolve("conf.d/poststack-env.conf")))
                .contains("citus.node_conninfo = 'sslmode=verify-full'");
    }

    /** Runs pg_write_config (the entrypoint's steps sourced as it does) with Citus installed or not; the server's config check is left to the image tests. */
    private String writeConfig(boolean citus, String ssl, String require, String... env) throws Exception {
        Path tls = Files.createDirectories(pgdata.resolve("tls"));
        // An existing certificate: the self-signed branch keeps it rather than calling openssl.
        Files.writeString(tls.resolve("server.crt"), "certificate");
        Files.writeString(tls.resolve("server.key"), "key");
        Files.writeString(pgdata.resolve("pg_hba.conf"), "host all all all scram-sha-256\n");
        String script = "set -euo pipefail; for step in \"$1\"/[0-9][0-9]-*.sh; do source \"$step\"; done; "
                + "pg_has_citus() { " + (citus ? "return 0" : "return 1") + "; }; "
                + "pg_check_config() { :; }; pg_log() { :; }; pg_die() { echo \"$*\" >&2; exit 1; }; "
                + "pg_write_config postgres";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script, "bash", library().toString())
                .redirectErrorStream(true);
        builder.environment().putAll(java.util.Map.of("PGDATA", pgdata.toString(), "POSTGRES_DB", "app",
                "POSTGRES_SSL", ssl, "POSTGRES_SSL_REQUIRE", require));
        for (String variable : env) {
            String[] parts = variable.split("=", 2);
            builder.environment().put(parts[0], parts[1]);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Files.readString(pgdata.resolve("conf.d/poststack.conf"));
    }

    private static Path library() throws URISyntaxException {
        return Path.of(CitusTlsConfigTest.class.getResource(
                "/dev/poststack/catalog/postgres/entrypoint/lib/30-write-config.sh").toURI()).getParent();
    }

}
