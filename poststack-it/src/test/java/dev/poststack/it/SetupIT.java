package dev.poststack.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** `poststack setup`, `init-schema`, `update-schema` and `schema-status` end to end against the real engine. */
class SetupIT {

    private static final String INCLUDE_NEXT = """
              - include:
                  file: changes/%s.yaml
                  relativeToChangelogFile: true
            """;

    @TempDir
    Path dir;

    private StackProject project() throws Exception {
        return SharedImages.project(dir, "psit-setup-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static void addChangeSet(StackProject project, String name, String sql) {
        project.files().write("liquibase/changes/" + name + ".yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: %s
                      author: test
                      changes:
                        - sql:
                            sql: %s
                """.formatted(name, sql));
        project.files().append("liquibase/changelog.yaml", INCLUDE_NEXT.formatted(name));
    }

    private static Cli.Run setup(StackProject project) throws Exception {
        return project.run("setup");
    }

    private static long count(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void freshSetupAppliesTheSchemaAndASecondSetupChangesNothing() throws Exception {
        try (StackProject project = project()) {
            Cli.Run first = setup(project);
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.stdout()).contains("created role app", "created database app owned by app",
                    "applied 11 changesets to app", "db started; 8 checks passed")
                    .contains("application: psql -h 127.0.0.1 -p ").contains(".poststack/secrets/app-password");
            assertThat(first.output()).doesNotContain(project.secret("app-password"))
                    .doesNotContain(project.secret("db-password"));
            try (Connection admin = project.connect("app", "postgres", "db-password")) {
                assertThat(count(admin, "select count(*) from databasechangelog")).isEqualTo(11);
            }
            try (Connection app = project.connect("app", "app", "app-password"); Statement s = app.createStatement()) {
                s.execute("insert into account (email, display_name) values ('a@example.org', 'A')");
            }
            String container = project.containerId("db");

            Cli.Run second = setup(project);

            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(second.stdout()).contains("0 built", "db reused", "nothing to apply",
                    "nothing changed: every image was cached, every service kept, nothing applied");
            assertThat(second.stdout()).doesNotContain("liquibase update against");
            assertThat(project.containerId("db")).isEqualTo(container);
        }
    }

    @Test
    void aChangelogEditRebuildsOnlyTheChangelogsLayerAndAppliesOnlyTheNewChangeSet() throws Exception {
        try (StackProject project = project()) {
            assertThat(setup(project).exitCode()).isZero();
            addChangeSet(project, "006-note", "create table note (id bigint primary key, body text not null)");

            Cli.Run run = setup(project);

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.stdout()).contains("[liquibase] layer changelogs rebuilt", "1 built, 4 cached")
                    .contains("db reused").contains("applied 1 changeset to app").doesNotContain("nothing changed");
            assertThat(Reports.read(project.files().dir()).status("liquibase")).isEqualTo("built");
            try (Connection admin = project.connect("app", "postgres", "db-password")) {
                assertThat(count(admin, "select count(*) from note")).isZero();
                assertThat(count(admin, "select count(*) from databasechangelog")).isEqualTo(12);
            }
            Cli.Run status = project.run("schema-status");
            assertThat(status.stdout()).contains("12 applied, 0 pending");
        }
    }

    @Test
    void aFailingChangeSetIsNamedAndLeavesTheDatabaseAsItWas() throws Exception {
        try (StackProject project = project()) {
            assertThat(setup(project).exitCode()).isZero();
            addChangeSet(project, "006-broken",
                    "\"create table half_done (id int); insert into missing_table values (1)\"");

            Cli.Run run = setup(project);

            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.stderr()).contains("changeset `006-broken` by test in changes/006-broken.yaml failed")
                    .contains("relation \"missing_table\" does not exist")
                    .contains("the Liquibase lock was released");
            try (Connection admin = project.connect("app", "postgres", "db-password")) {
                assertThat(count(admin, "select count(*) from databasechangelog")).isEqualTo(11);
                assertThat(count(admin, "select count(*) from pg_tables where tablename = 'half_done'")).isZero();
            }
            assertThat(project.run("status").stdout()).as("db ran healthy before: it keeps running")
                    .containsPattern("db\\s+running");
            assertThat(project.run("schema-status").stdout()).contains("pending  006-broken")
                    .doesNotContain("lock is held");
        }
    }

    @Test
    void aFailedFirstSetupStopsTheServicesItStartedAndKeepsTheirVolume() throws Exception {
        try (StackProject project = project()) {
            addChangeSet(project, "006-broken", "select * from missing_table");

            Cli.Run run = setup(project);

            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.stderr()).contains("changeset `006-broken`").contains("stopping db, which this run started");
            assertThat(project.containers()).as("nothing ran before this setup, nothing runs after it").isEmpty();
            assertThat(project.docker().listVolumesCmd().withFilter("label",
                    java.util.List.of("dev.poststack.project=" + project.name())).exec().getVolumes())
                    .as("data volume kept").hasSize(1);
        }
    }

    @Test
    void aStaleLockIsReportedWithHowToReleaseIt() throws Exception {
        try (StackProject project = project()) {
            assertThat(setup(project).exitCode()).isZero();
            try (Connection admin = project.connect("app", "postgres", "db-password");
                 Statement s = admin.createStatement()) {
                s.executeUpdate("update databasechangeloglock set locked = true, lockgranted = now(),"
                        + " lockedby = 'killed-run (10.0.0.9)'");
            }
            addChangeSet(project, "006-after-lock", "create table after_lock (id int)");

            Cli.Run blocked = project.run("update-schema");
            assertThat(blocked.exitCode()).as(blocked.output()).isEqualTo(1);
            assertThat(blocked.stderr()).contains("the Liquibase lock of database app is held by killed-run")
                    .contains("poststack update-schema --release-lock");
            assertThat(project.run("schema-status").stdout()).contains("lock is held by killed-run");

            assertThat(project.run("build-images", "liquibase").exitCode()).isZero();
            Cli.Run released = project.run("update-schema", "--release-lock");
            assertThat(released.exitCode()).as(released.output()).isZero();
            assertThat(released.stdout()).contains("released the Liquibase lock held by killed-run")
                    .contains("applied 1 changeset");
        }
    }

    @Test
    void changelogProblemsAreListedWithFileAndLineBeforeAnythingRuns() throws Exception {
        try (StackProject project = project()) {
            assertThat(project.run("up").exitCode()).isZero();
            project.files().append("liquibase/changelog.yaml", INCLUDE_NEXT.formatted("007-missing"));

            Cli.Run run = project.run("init-schema");

            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.stderr()).contains("changelog.yaml:").contains("007-missing.yaml").contains("fix:")
                    .contains("nothing was applied");
            try (Connection admin = project.connect("postgres", "postgres", "db-password")) {
                assertThat(count(admin, "select count(*) from pg_database where datname = 'app'"))
                        .as("the changelogs are checked before anything is created").isZero();
            }
        }
    }

    @Test
    void aDryRunPrintsTheSqlAndAppliesNothing() throws Exception {
        try (StackProject project = project()) {
            assertThat(project.run("up").exitCode()).isZero();

            Cli.Run run = project.run("init-schema", "--dry-run");

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.stdout()).contains("11 pending changesets").contains("CREATE TABLE public.account");
            try (Connection app = project.connect("app", "postgres", "db-password")) {
                assertThat(count(app, "select count(*) from pg_tables where tablename = 'account'")).isZero();
            }
        }
    }

    @Test
    void dataSurvivesARebuiltPostgresImage() throws Exception {
        try (StackProject project = project()) {
            assertThat(setup(project).exitCode()).isZero();
            try (Connection app = project.connect("app", "app", "app-password"); Statement s = app.createStatement()) {
                s.execute("insert into account (email, display_name) values ('kept@example.org', 'Kept')");
            }
            String before = project.containerId("db");
            project.files().editManifest("postgres: {catalog: postgres}",
                    "postgres: {catalog: postgres, labels: {dev.poststack.test.rebuilt: \"yes\"}}");

            Cli.Run run = setup(project);

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.stdout()).contains("db: starting").contains("its image or configuration changed")
                    .contains("db replaced").contains("nothing to apply");
            assertThat(project.containerId("db")).isNotEqualTo(before);
            try (Connection app = project.connect("app", "app", "app-password")) {
                assertThat(count(app, "select count(*) from account where email = 'kept@example.org'")).isOne();
            }
        }
    }

    @Test
    void setupWithoutAnEngineSaysSoAndExitsThree() throws Exception {
        try (StackProject project = project()) {
            Cli.Run run = project.cli().withEnv(Map.of("DOCKER_HOST", "unix:///tmp/no-engine-here.sock"))
                    .run("setup");

            assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
            assertThat(run.stderr()).contains("Docker engine").contains("/tmp/no-engine-here.sock");
        }
    }
}
