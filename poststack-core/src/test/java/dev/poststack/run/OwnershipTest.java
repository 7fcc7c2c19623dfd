package dev.poststack.run;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OwnershipTest {

    @Test
    void aVolumeOfAnotherCheckoutsPasswordOffersEveryWayOutWithTakeOver() {
        String message = Ownership.otherPasswordMessage("db", "acme-pgdata", "db-password",
                "/work/b/.poststack/secrets/db-password", Optional.of("/work/a"));

        assertThat(message).startsWith("service `db`: volume acme-pgdata holds a database cluster initialised by the"
                        + " checkout at /work/a with another superuser password")
                .contains("copy /work/a/.poststack/secrets/db-password to /work/b/.poststack/secrets/db-password")
                .contains("`poststack reset-password db --take-over`")
                .contains("`poststack down --volumes --take-over`")
                .contains("--project NAME");
    }

    @Test
    void aVolumeOfAnOlderPasswordOfThisCheckoutOffersTheResetWithoutTakeOver() {
        String message = Ownership.otherPasswordMessage("db", "acme-pgdata", "db-password",
                "/work/b/.poststack/secrets/db-password", Optional.empty());

        assertThat(message).contains("`poststack reset-password db`").contains("`poststack down --volumes`")
                .doesNotContain("--take-over").contains("that checkout's secret file");
    }
}
