package dev.poststack.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poststack.manifest.TlsSpec.Mode;
import dev.poststack.manifest.TlsSpec.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code database.tls}: the server's TLS written once, and the mode poststack's connections use. */
class TlsSpecTest {

    private static final Path TLS = TestManifests.named("tls");

    @TempDir
    Path dir;

    @Test
    void selfSignedServerRequiresTlsAndConnectionsRequireIt() throws Exception {
        ServiceSpec db = service("database: {password: db-password, tls: {server: self-signed}}");

        TlsSpec tls = db.database().orElseThrow().tls();
        assertThat(tls.server()).isEqualTo(Server.SELF_SIGNED);
        assertThat(tls.require()).isTrue();
        assertThat(tls.mode()).contains(Mode.REQUIRE);
        assertThat(db.env()).containsEntry("POSTGRES_SSL", "self-signed").containsEntry("POSTGRES_SSL_REQUIRE", "on")
                .doesNotContainKeys("POSTGRES_SSL_CERT_FILE", "POSTGRES_SSL_KEY_FILE");
    }

    @Test
    void filesServerPlacesCertificateAndKeyAsSecretFilesAndVerifiesWithTheCa() throws Exception {
        ServiceSpec db = service("""
                database:
                  password: db-password
                  tls: {server: files, cert: tls/server.crt, key: tls/server.key, ca: tls/ca.crt}
                """);

        TlsSpec tls = db.database().orElseThrow().tls();
        assertThat(tls.server()).isEqualTo(Server.FILES);
        assertThat(tls.cert()).contains(dirOf(db).resolve("tls/server.crt"));
        assertThat(tls.key()).contains(dirOf(db).resolve("tls/server.key"));
        assertThat(tls.ca()).contains(dirOf(db).resolve("tls/ca.crt"));
        assertThat(tls.mode()).as("a ca means verify-full").contains(Mode.VERIFY_FULL);
        // Only paths in the environment: the key's content travels as a secret file.
        assertThat(db.env()).containsAllEntriesOf(Map.of("POSTGRES_SSL", "on",
                "POSTGRES_SSL_CERT_FILE", "/run/secrets/poststack-tls.crt",
                "POSTGRES_SSL_KEY_FILE", "/run/secrets/poststack-tls.key", "POSTGRES_SSL_REQUIRE", "on"));
    }

    @Test
    void requireFalseAcceptsConnectionsWithoutTls() throws Exception {
        ServiceSpec db = service("database: {password: db-password, tls: {server: self-signed, require: false}}");

        assertThat(db.env()).containsEntry("POSTGRES_SSL_REQUIRE", "off");
        assertThat(db.database().orElseThrow().tls().mode()).contains(Mode.REQUIRE);
    }

    @Test
    void theServicesOwnTlsEnvironmentMakesConnectionsRequireTls() throws Exception {
        ServiceSpec db = service("""
                env: {POSTGRES_SSL: self-signed, POSTGRES_SSL_REQUIRE: "on"}
                database: {password: db-password}
                """);

        assertThat(db.database().orElseThrow().tls()).isEqualTo(new TlsSpec(Server.IMAGE, Optional.empty(),
                Optional.empty(), false, Optional.of(Mode.REQUIRE), Optional.empty()));
    }

    @Test
    void withoutTlsNothingChanges() throws Exception {
        ServiceSpec db = service("database: {password: db-password}");

        assertThat(db.database().orElseThrow().tls()).isEqualTo(TlsSpec.NONE);
        assertThat(db.env()).isEmpty();
    }

    @Test
    void anExplicitModeWins() throws Exception {
        ServiceSpec db = service("""
                env: {POSTGRES_SSL: "on", CERT_PATH: /certs}
                database: {password: db-password, tls: {mode: verify-ca, ca: tls/ca.crt}}
                """);

        TlsSpec tls = db.database().orElseThrow().tls();
        assertThat(tls.mode()).contains(Mode.VERIFY_CA);
        assertThat(tls.server()).isEqualTo(Server.IMAGE);
        assertThat(Mode.VERIFY_CA.text()).isEqualTo("verify-ca");
    }

    private static Path dirOf(ServiceSpec db) {
        return db.location().file().getParent();
    }

    /** Service {@code db} of a manifest next to a copy of the test certificates ({@code tls/}). */
    private ServiceSpec service(String body) throws Exception {
        Files.createDirectories(dir.resolve("tls"));
        for (String file : new String[] {"ca.crt", "server.crt", "server.key"}) {
            Files.copy(TLS.resolve(file), dir.resolve("tls").resolve(file));
        }
        String yaml = """
                images:
                  postgres: {rootfs: {suite: trixie}}
                secrets:
                  db-password: {generate: 32}
                services:
                  db:
                    image: postgres
                """ + body.indent(4);
        Manifest manifest = ManifestLoader.load(Files.writeString(dir.resolve("images.yaml"), yaml));
        return manifest.services().get("db");
    }
}
