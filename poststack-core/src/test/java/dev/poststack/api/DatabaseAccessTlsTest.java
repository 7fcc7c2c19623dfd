package dev.poststack.api;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseAccessTlsTest {

    private static final DatabaseAccess PLAIN = new DatabaseAccess("db", "127.0.0.1", 15432, "app", "postgres", "pw",
            Optional.empty());

    @Test
    void withoutTlsTheUrlIsAsBefore() {
        assertThat(PLAIN.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/app");
        assertThat(PLAIN.tls()).isEmpty();
    }

    @Test
    void theUrlCarriesPgjdbcsSslModeAndRootCertificate() {
        DatabaseAccess verified = PLAIN.withTls(Optional.of(DatabaseTls.verifyFull(Path.of("/my project/ca.crt"))));

        assertThat(verified.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/app?sslmode=verify-full"
                + "&sslrootcert=%2Fmy+project%2Fca.crt");
        assertThat(verified.withDatabase("other").jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:15432/other?sslmode=verify-full");
        assertThat(PLAIN.withTls(Optional.of(DatabaseTls.require())).jdbcUrl()).endsWith("/app?sslmode=require");
        assertThat(verified.toString()).doesNotContain("pw").contains("sslmode=verify-full");
    }

    @Test
    void verifyingModesNeedACaAndOthersDropIt() {
        assertThatThrownBy(() -> DatabaseTls.of(DatabaseTls.Mode.VERIFY_CA, Optional.empty()))
                .hasMessageContaining("verify-ca needs the CA's certificate");
        assertThat(DatabaseTls.of(DatabaseTls.Mode.REQUIRE, Optional.of(Path.of("ca.crt"))).rootCertificate()).isEmpty();
        assertThat(DatabaseTls.require().withRootCertificate(Path.of("/x"))).isEqualTo(DatabaseTls.require());
    }
}
