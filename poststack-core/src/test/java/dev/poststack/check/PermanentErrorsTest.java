package dev.poststack.check;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class PermanentErrorsTest {

    @Test
    void authorizationAndMissingDatabaseArePermanentStartingUpAndRefusedAreNot() {
        assertThat(PermanentErrors.isPermanent(new SQLException("password authentication failed", "28P01"))).isTrue();
        assertThat(PermanentErrors.isPermanent(new SQLException("role \"x\" does not exist", "28000"))).isTrue();
        assertThat(PermanentErrors.isPermanent(new SQLException("database \"x\" does not exist", "3D000"))).isTrue();
        assertThat(PermanentErrors.isPermanent(new RuntimeException(new SQLException("wrapped", "28P01")))).isTrue();

        assertThat(PermanentErrors.isPermanent(new SQLException("the database system is starting up", "57P03")))
                .isFalse();
        assertThat(PermanentErrors.isPermanent(new SQLException("Connection refused", "08001"))).isFalse();
        assertThat(PermanentErrors.isPermanent(new ConnectException("Connection refused"))).isFalse();
        assertThat(PermanentErrors.isPermanent(new SQLException("no state"))).isFalse();
    }

    @Test
    void aRefusedServerCertificateIsPermanentAndExplained() {
        // As pgjdbc reports them: the JDK's trust check deep in the causes, or its own host name check.
        SQLException untrusted = new SQLException("SSL error: PKIX path building failed", "08006",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed"));
        untrusted.getCause().initCause(new RuntimeException(
                new java.security.cert.CertificateException("unable to find valid certification path")));
        SQLException wrongHost = new SQLException("The hostname 127.0.0.1 could not be verified by hostnameverifier"
                + " PgjdbcHostnameVerifier.", "08006");

        assertThat(PermanentErrors.isPermanent(untrusted)).isTrue();
        assertThat(PermanentErrors.isPermanent(wrongHost)).isTrue();
        assertThat(Texts.describe(untrusted)).contains("PKIX path building failed")
                .contains("not signed by the CA that `database.tls.ca` names");
        assertThat(PermanentErrors.isPermanent(new SQLException("SSL error: Connection reset", "08006",
                new javax.net.ssl.SSLException("Connection reset")))).isFalse();
        assertThat(Texts.describe(new SQLException("Connection refused", "08001"))).doesNotContain("TLS");
    }
}
