package dev.poststack.check;

import dev.poststack.api.CheckPhase;
import dev.poststack.api.CheckResult;
import dev.poststack.manifest.CheckSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a check's outcome becomes its {@link CheckResult}, and how a failure then reads. */
class CheckResultsTest {

    private static final CheckSpec.File PG_VERSION = new CheckSpec.File("/var/lib/postgresql/data/PG_VERSION",
            Optional.of("file"), Optional.of("600"), Optional.of("postgres"), Specs.QUICK, Specs.AT);

    @Test
    void aFailedCheckCarriesExpectedSeenAndWhereItWasDeclared() {
        WaitOutcome timedOut = new WaitOutcome(false, "regular file mode 644 owner root:root", 17,
                Duration.ofMillis(2000), Optional.empty(), Optional.empty());

        CheckResult result = CheckRunner.result("db", CheckPhase.VERIFY, PG_VERSION, Probes.of(PG_VERSION), timedOut,
                List.of("LOG:  database system is ready to accept connections"));

        assertThat(result.failureMessage()).isEqualTo("""
                service `db`: verify check `file /var/lib/postgresql/data/PG_VERSION type file mode 600 owner postgres` \
                (images.yaml:12:9) failed after 2.0 s and 17 attempts
                  expected: a regular file, mode 600, owner postgres
                  seen:     regular file mode 644 owner root:root
                  last 1 log lines:
                    | LOG:  database system is ready to accept connections""");
        assertThat(result.kind()).isEqualTo("file");
        assertThat(result.passed()).isFalse();
        assertThat(result.exitCode()).isEmpty();
    }

    @Test
    void aCheckEndedByTheContainerExitingCarriesItsExitCodeAndLastError() {
        CheckSpec.Sql select1 = new CheckSpec.Sql("select 1", Optional.empty(), Optional.empty(), Specs.QUICK, Specs.AT);
        WaitOutcome died = new WaitOutcome(false, "the container exited with code 1 (the last attempt saw: "
                + "Connection to 127.0.0.1:49153 refused.)", 3, Duration.ofMillis(85),
                Optional.of("Connection to 127.0.0.1:49153 refused."),
                Optional.of(new ContainerExit(OptionalInt.of(1), "exited with code 1")));

        CheckResult result = CheckRunner.result("db", CheckPhase.HEALTH, select1, Probes.of(select1), died,
                List.of("poststack-postgres: error: POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE must be set"));

        assertThat(result.exitCode()).hasValue(1);
        assertThat(result.failureMessage()).isEqualTo("""
                service `db`: health check `sql: select 1` (images.yaml:12:9) failed after 85 ms and 3 attempts
                  expected: the query answers
                  seen:     the container exited with code 1 (the last attempt saw: Connection to 127.0.0.1:49153 refused.)
                  last error: Connection to 127.0.0.1:49153 refused.
                  the container exited with code 1
                  last 1 log lines:
                    | poststack-postgres: error: POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE must be set""");
    }

    @Test
    void aPassedCheckHasEveryFieldFilled() {
        WaitOutcome passed = new WaitOutcome(true, "regular file mode 600 owner postgres:postgres", 1,
                Duration.ofMillis(12), Optional.empty(), Optional.empty());

        CheckResult result = CheckRunner.result("db", CheckPhase.VERIFY, PG_VERSION, Probes.of(PG_VERSION), passed, List.of());

        assertThat(result).isEqualTo(CheckResult.builder().service("db").kind("file")
                .check("file /var/lib/postgresql/data/PG_VERSION type file mode 600 owner postgres")
                .phase(CheckPhase.VERIFY).declaredAt("images.yaml:12:9").expected("a regular file, mode 600, owner postgres")
                .seen("regular file mode 600 owner postgres:postgres").passed(true).took(Duration.ofMillis(12))
                .attempts(1).build());
    }

    @Test
    void aResultNamesTheFirstRequiredFieldItWasBuiltWithout() {
        assertThatThrownBy(() -> CheckResult.builder().service("db").kind("sql").build())
                .isInstanceOf(NullPointerException.class).hasMessage("check");
    }

    @Test
    void aResultRebuiltFromItselfIsEqualToIt() {
        CheckResult failed = CheckResult.builder().service("db").kind("sql").check("sql: select 1")
                .phase(CheckPhase.HEALTH).declaredAt("images.yaml:3:7").expected("the query answers").seen("refused")
                .attempts(3).lastError("refused").exitCode(OptionalInt.of(1)).logTail(List.of("x")).build();

        assertThat(failed.toBuilder().build()).isEqualTo(failed).hasSameHashCodeAs(failed);
        assertThat(failed.toBuilder().passed(true).build()).isNotEqualTo(failed);
    }
}
