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
}
