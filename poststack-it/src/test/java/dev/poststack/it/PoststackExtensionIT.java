package dev.poststack.it;

import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.RunListener;
import dev.poststack.junit.PoststackExtension;
import dev.poststack.junit.PoststackStack;
import dev.poststack.junit.PoststackTest;
import dev.poststack.testing.TestProjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The JUnit 5 extension: the stack `setup` makes, started once per JVM and injected into tests. */
class PoststackExtensionIT {

    @RegisterExtension
    static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(SharedImages.manifest());

    @Test
    void injectsTheApplicationDatabaseWithTheSchemaApplied(DataSource db, DatabaseAccess access) throws Exception {
        assertThat(access.host()).isEqualTo("127.0.0.1");
        assertThat(access.database()).isEqualTo("app");
        assertThat(access.user()).isEqualTo("app");
        assertThat(access.toString()).doesNotContain(access.password());
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into account (email, display_name) values ('ext@example.org', 'Ext')");
            try (ResultSet rs = s.executeQuery("select count(*) from account where email = 'ext@example.org'")) {
                rs.next();
                assertThat(rs.getInt(1)).isOne();
            }
        }
    }

    @Test
    void oneStackPerJvmNamedAfterIt(PoststackStack stack) {
        assertThat(stack.project()).isEqualTo(TestProjects.forThisJvm(null));
        assertThat(stack.services()).extracting(s -> s.service()).containsExactly("db");
        assertThat(stack.port("db", 5432)).isEqualTo(stack.admin().port());
        assertThat(stack.services().get(0).checks()).hasSize(8).allMatch(c -> c.passed());
    }

    @Test
    void theStacksOfDeadTestJvmsAreFoundByLabelAndRemoved() throws Exception {
        String dead = "pstest-2147483646";
        assertThat(TestProjects.isAbandoned(dead)).isTrue();
        assertThat(TestProjects.isAbandoned(TestProjects.forThisJvm(null))).isFalse();
        assertThat(TestProjects.isAbandoned("poststack")).isFalse();
        try (Poststack leftover = Poststack.open(SharedImages.manifest(), dead)) {
            leftover.up(List.of("db"), RunListener.none());
        }
        try (EngineFixture engine = new EngineFixture(); Poststack poststack = Poststack.open(SharedImages.manifest())) {
            assertThat(containersOf(engine, dead)).isNotEmpty();

            assertThat(poststack.removeProjects(TestProjects::isAbandoned)).contains(dead);

            assertThat(containersOf(engine, dead)).isEmpty();
            assertThat(engine.docker().listVolumesCmd().withFilter("label", List.of("dev.poststack.project=" + dead))
                    .exec().getVolumes()).isNullOrEmpty();
        }
    }

    private static List<?> containersOf(EngineFixture engine, String project) {
        return engine.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of("dev.poststack.project=" + project)).exec();
    }

    @Test
    void aFailingCheckFailsTheClassBeforeAnyTestRuns() {
        System.setProperty(BrokenStack.ENABLED, "true");
        try {
            Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(BrokenStack.class))
                    .execute().allEvents();

            assertThat(BrokenStack.ran).as("no test body ran").isFalse();
            assertThat(events.failed().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .flatMap(r -> r.getThrowable()).map(Throwable::getMessage).orElse("")))
                    .anySatisfy(message -> assertThat(message).contains("verify check `file /nowhere/at/all")
                            .contains("expected:").contains("seen:"));
        } finally {
            System.clearProperty(BrokenStack.ENABLED);
        }
    }

    /** Run only through the test kit above: failsafe leaves nested classes ({@code *$*}) alone. */
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = BrokenStack.ENABLED, matches = "true")
    static class BrokenStack {
        static final String ENABLED = "poststack.it.brokenStack";
        static volatile boolean ran;

        @RegisterExtension
        static final PoststackExtension BROKEN = PoststackExtension.forManifest(write()).withoutSchema()
                .isolation(PoststackTest.Isolation.FRESH_STACK);

        /** A copy of the project whose database service has a side-effect check that cannot pass. */
        static Path write() {
            try {
                Path dir = Files.createTempDirectory("poststack-broken-stack");
                return TestProject.copyOfRepo(dir, SharedImages.namespace()).editManifest("      - extension: pg_cron\n",
                        "      - extension: pg_cron\n      - file: /nowhere/at/all\n").manifest();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void wouldUseTheDatabase(DataSource db) {
            ran = true;
        }
    }
}
