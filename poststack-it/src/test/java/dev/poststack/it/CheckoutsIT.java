package dev.poststack.it;

import com.github.dockerjava.api.model.Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two checkouts of one project on one machine: each has a stack of its own by default; one that shares the
 * other's project name does not take its stack over unless told, and a volume made with another password is
 * named as such at once. Health checks that see an error that cannot heal end early.
 */
class CheckoutsIT {

    @TempDir
    Path dir;

    private TestProject clone(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name).resolve("poststack"));
        return TestProject.copyOfRepo(folder, SharedImages.namespace());
    }

    private static List<Container> containersOf(EngineFixture engine, TestProject clone) throws Exception {
        return engine.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of("dev.poststack.checkout=" + clone.dir().toRealPath())).exec();
    }

    private static Cli.Run run(Cli cli, String... args) {
        try {
            return cli.run(args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoClonesEachRunTheirOwnSetupAtTheSameTimeAndBothAreVerified() throws Exception {
        TestProject a = clone("a");
        TestProject b = clone("b");
        try (EngineFixture engine = new EngineFixture()) {
            try {
                CompletableFuture<Cli.Run> setupA = CompletableFuture.supplyAsync(() -> run(a.cli(), "setup"));
                CompletableFuture<Cli.Run> setupB = CompletableFuture.supplyAsync(() -> run(b.cli(), "setup"));
                Cli.Run ranA = setupA.join();
                Cli.Run ranB = setupB.join();
                assertThat(ranA.exitCode()).as(ranA.output()).isZero();
                assertThat(ranB.exitCode()).as(ranB.output()).isZero();

                Cli.Run verifyA = a.cli().run("verify-db");
                Cli.Run verifyB = b.cli().run("verify-db");
                assertThat(verifyA.exitCode()).as(verifyA.output()).isZero();
                assertThat(verifyB.exitCode()).as(verifyB.output()).isZero();

                List<Container> ofA = containersOf(engine, a);
                List<Container> ofB = containersOf(engine, b);
                assertThat(ofA).hasSize(1);
                assertThat(ofB).hasSize(1);
                String projectA = ofA.get(0).getLabels().get("dev.poststack.project");
                String projectB = ofB.get(0).getLabels().get("dev.poststack.project");
                assertThat(projectA).as("named after the checkout").startsWith(SharedImages.namespace() + "-")
                        .isNotEqualTo(projectB);
                assertThat(ofA.get(0).getState()).isEqualTo("running");
                assertThat(ofB.get(0).getState()).isEqualTo("running");
            } finally {
                a.cli().run("down", "--volumes");
                b.cli().run("down", "--volumes");
            }
        }
    }

    @Test
    void aCheckoutSharingTheProjectNameIsRefusedAndTakesOverOnlyWhenToldAndWithTheVolumesPassword()
            throws Exception {
        String project = "psit-own-" + UUID.randomUUID().toString().substring(0, 8);
        TestProject a = clone("a");
        TestProject b = clone("b");
        Cli cliA = a.cli().withEnv(Map.of("POSTSTACK_PROJECT", project));
        Cli cliB = b.cli().withEnv(Map.of("POSTSTACK_PROJECT", project));
        try (EngineFixture engine = new EngineFixture()) {
            try {
                Cli.Run upA = cliA.run("up");
                assertThat(upA.exitCode()).as(upA.output()).isZero();
                String containerOfA = containersOf(engine, a).get(0).getId();
                String checkoutA = a.dir().toRealPath().toString();

                Cli.Run upB = cliB.run("up");
                assertThat(upB.exitCode()).as(upB.output()).isEqualTo(1);
                assertThat(upB.stderr()).contains("belongs to the checkout at " + checkoutA)
                        .contains("--take-over").contains("POSTSTACK_PROJECT");
                assertThat(upB.stdout()).doesNotContain("stopped and removed");
                Cli.Run downB = cliB.run("down", "--volumes");
                assertThat(downB.exitCode()).as(downB.output()).isEqualTo(1);
                assertThat(downB.stderr()).contains("belongs to the checkout at " + checkoutA)
                        .contains("removed nothing");
                assertThat(containersOf(engine, a)).extracting(Container::getId).containsExactly(containerOfA);

                Cli.Run takeOver = cliB.run("up", "--take-over");
                assertThat(takeOver.exitCode()).as(takeOver.output()).isEqualTo(1);
                assertThat(takeOver.stderr()).contains("volume " + project + "-pgdata holds a database cluster"
                                + " initialised by the checkout at " + checkoutA + " with another superuser password")
                        .contains(checkoutA + "/.poststack/secrets/db-password").contains("down --volumes");
                assertThat(takeOver.wall()).as("says so at once").isLessThan(Duration.ofSeconds(5));
                assertThat(containersOf(engine, a)).extracting(Container::getId).containsExactly(containerOfA);

                b.secret("db-password", Files.readString(a.file(".poststack/secrets/db-password")).strip());
                Cli.Run tookOver = cliB.run("up", "--take-over");
                assertThat(tookOver.exitCode()).as(tookOver.output()).isZero();
                assertThat(containersOf(engine, a)).isEmpty();
                assertThat(containersOf(engine, b)).hasSize(1);

                assertThat(tookOver.stdout()).contains("taken over from the checkout at " + checkoutA);

                // Same project name and secrets: A shares B's running database, but may not remove it.
                Cli.Run upAAgain = cliA.run("up");
                assertThat(upAAgain.exitCode()).as(upAAgain.output()).isZero();
                assertThat(upAAgain.stdout()).contains("already running and current, kept");
                Cli.Run downA = cliA.run("down");
                assertThat(downA.exitCode()).as(downA.output()).isEqualTo(1);
                assertThat(downA.stderr()).contains("belongs to the checkout at " + b.dir().toRealPath());
                assertThat(containersOf(engine, b)).hasSize(1);
            } finally {
                cliB.run("down", "--volumes", "--take-over");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong password | password: db-password, name: postgres | password: other, name: postgres"
                    + " | password authentication failed for user \"postgres\"",
            // The server tells a client of a missing role only that its password failed (the role is named in its log).
            "missing role | {user: postgres, password | {user: nobody, password"
                    + " | password authentication failed for user \"nobody\"",
            "missing database | password: db-password, name: postgres | password: db-password, name: nodb"
                    + " | database \"nodb\" does not exist"})
    void anErrorThatCannotHealFailsTheHealthCheckSoonWithTheErrorAsSeen(String kind, String find, String replace,
                                                                       String error) throws Exception {
        try (StackProject project = SharedImages.project(dir,
                "psit-perm-" + UUID.randomUUID().toString().substring(0, 8))) {
            project.files().editManifest("  app-password: {generate: 32}\n",
                    "  app-password: {generate: 32}\n  other: {generate: 32}\n");
            project.files().editManifest(find, replace);

            Cli.Run up = project.run("up");

            assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
            assertThat(up.stderr()).contains("health check `sql: select 1`").containsPattern("seen: .*" + java.util.regex.Pattern.quote(error));
            assertThat(up.wall()).as("a few attempts, not the 120 s timeout").isLessThan(Duration.ofSeconds(30));
            assertThat(up.stderr()).as("repeated log lines collapsed").contains("more like this");
            assertThat(up.stderr()).doesNotContainPattern("(?s)(" + java.util.regex.Pattern.quote(error) + ".*){12}");
            assertThat(project.containers()).isEmpty();
        }
    }
}
