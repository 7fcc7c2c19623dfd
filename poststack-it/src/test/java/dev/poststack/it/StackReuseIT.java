package dev.poststack.it;

import dev.poststack.Poststack;
import dev.poststack.junit.PoststackExtension;
import dev.poststack.junit.PoststackStack;
import dev.poststack.junit.PoststackTest;
import dev.poststack.testing.StackReuse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stacks reused across runs: each run is a JVM of its own (as two {@code mvn test} runs are). The second run,
 * with no switch outside CI (reuse is the default there), finds the first one's stack, put back to the migrated
 * schema when the first run ended, and runs only its health checks; with {@code CI=true} a run gets a fresh stack
 * of its own instead; a run after one that was killed (nothing closed) and a database container restarted since
 * its checks finds the killed run's rows gone and checks in full; after a changelog changed, the stack is
 * replaced, not reused. A failed test's database is kept with DATABASE_PER_TEST.
 */
class StackReuseIT {

    private static final String MANIFEST = "poststack.it.reuseManifest";
    private static final String REPORT = "poststack.it.reuseReport";
    /** With {@code true}, the probe's JVM ends at once after its test, closing nothing (as a killed run). */
    private static final String HALT = "poststack.it.halt";
    /** The example's db service: one health check, seven verify checks. */
    private static final int DB_CHECKS = 8;
    private static final int DB_HEALTH_CHECKS = 1;

    @Test
    void aSecondRunReusesTheStackAndAChangedChangelogReplacesIt(@TempDir Path dir) throws Exception {
        Path project = TestProject.copyOfRepo(dir.resolve("project"), SharedImages.namespace()).manifest();
        Path report = dir.resolve("report.txt");
        String[] props = {"-Dpoststack.reuse=true", "-D" + MANIFEST + "=" + project, "-D" + REPORT + "=" + report};
        String[] noSwitch = {"-D" + MANIFEST + "=" + project, "-D" + REPORT + "=" + report};
        String[] noSwitchHalting = {"-D" + MANIFEST + "=" + project, "-D" + REPORT + "=" + report, "-D" + HALT + "=true"};
        try {
            ForkedRun.run(Probe.class, dir.resolve("run1.log"), props);
            // no switch at all, outside CI: reuse is the default; this run ends without closing its stack
            ForkedRun.run(Probe.class, dir.resolve("run2.log"), Map.of("CI", "", "POSTSTACK_REUSE", ""), noSwitchHalting);
            List<String> runs = Files.readAllLines(report);
            assertThat(runs).hasSize(2);
            String first = runs.get(0).split(" ")[0];
            assertThat(first).matches("pstest-r-[0-9a-f]{8}-[0-9a-f]{10}");
            assertThat(runs.get(0)).as("made: every check").endsWith(" reused=true rows=0 checks=" + DB_CHECKS + " STARTED early=false");
            assertThat(runs.get(1)).as("the same stack, put back when the first run ended; health checks only")
                    .isEqualTo(first + " reused=true rows=0 checks=" + DB_HEALTH_CHECKS + " REUSED early=false");
            assertThat(projectsLike(project, first)).containsExactly(first);
            assertDataInMemory(first + "-db");

            // CI=true and no switch: a fresh stack of that JVM's own, removed at its end; the kept one untouched
            ForkedRun.run(Probe.class, dir.resolve("run-ci.log"), Map.of("CI", "true", "POSTSTACK_REUSE", ""), noSwitch);
            String onCi = Files.readAllLines(report).get(2);
            assertThat(onCi).matches("pstest-\\d+ reused=false rows=0 checks=" + DB_CHECKS + " STARTED early=false");
            assertThat(projectsLike(project, onCi.split(" ")[0])).as("removed when its JVM ended").isEmpty();
            assertThat(projectsLike(project, first)).containsExactly(first);

            // the database restarted since its checks passed: its data was in memory, so it is replaced (checked in
            // full, the schema applied again); the halted run's row is gone with it
            try (EngineFixture engine = new EngineFixture()) {
                engine.docker().restartContainerCmd(first + "-db").exec();
            }
            ForkedRun.run(Probe.class, dir.resolve("run3.log"), props);
            assertThat(Files.readAllLines(report).get(3)).as("the run before ended without putting its rows back")
                    .isEqualTo(first + " reused=true rows=0 checks=" + DB_CHECKS + " REPLACED early=false");

            Path changes = project.getParent().resolve("liquibase/changes/001-accounts.yaml");
            Files.writeString(changes, "# changed by StackReuseIT\n", StandardOpenOption.APPEND);
            ForkedRun.run(Probe.class, dir.resolve("run4.log"), props);
            String fourth = Files.readAllLines(report).get(4).split(" ")[0];
            assertThat(fourth).isNotEqualTo(first).startsWith(first.substring(0, "pstest-r-".length() + 8));
            assertThat(projectsLike(project, first)).as("the stale stack is gone").isEmpty();
        } finally {
            try (Poststack poststack = Poststack.open(project)) {
                poststack.removeProjects(StackReuse::isReused).forEach(StackReuse.ofThisJvm()::forget);
            }
        }
    }

    /**
     * A run in the manifest's folder (as Surefire runs in the project's) begins reusing the stack used last from
     * there when its session opens, and its test takes that stack; a run whose test asks for another stack makes
     * that one, and the stack begun for nothing is closed at the session's end, put back clean for the next run.
     */
    @Test
    void aRunInTheManifestsFolderBeginsReusingItsLastStackBeforeATestAsks(@TempDir Path dir) throws Exception {
        Path project = TestProject.copyOfRepo(dir.resolve("project"), SharedImages.namespace()).manifest();
        Path folder = project.getParent();
        Path report = dir.resolve("report.txt");
        Map<String, String> local = Map.of("CI", "", "POSTSTACK_REUSE", "");
        String[] props = {"-D" + MANIFEST + "=" + project, "-D" + REPORT + "=" + report};
        try {
            ForkedRun.runIn(folder, Probe.class, dir.resolve("run1.log"), local, props);
            ForkedRun.runIn(folder, Probe.class, dir.resolve("run2.log"), local, props);
            ForkedRun.runIn(folder, DbOnlyProbe.class, dir.resolve("run3.log"), local, props);
            ForkedRun.runIn(folder, Probe.class, dir.resolve("run4.log"), local, props);
            List<String> runs = Files.readAllLines(report);
            assertThat(runs).hasSize(4);
            String first = runs.get(0).split(" ")[0];
            assertThat(runs.get(0)).as("nothing to begin: made").isEqualTo(first + " reused=true rows=0 checks="
                    + DB_CHECKS + " STARTED early=false");
            assertThat(runs.get(1)).as("begun when the session opened, taken by the test")
                    .isEqualTo(first + " reused=true rows=0 checks=" + DB_HEALTH_CHECKS + " REUSED early=true");
            String other = runs.get(2).split(" ")[0];
            assertThat(other).as("another shape, another stack").isNotEqualTo(first);
            assertThat(runs.get(2)).endsWith(" early=false");
            assertThat(runs.get(3)).as("the stack begun for nothing was put back clean when run 3 ended")
                    .isEqualTo(first + " reused=true rows=0 checks=" + DB_HEALTH_CHECKS + " REUSED early=true");
            assertThat(projectsLike(project, first)).containsExactly(first);
        } finally {
            try (Poststack poststack = Poststack.open(project)) {
                poststack.removeProjects(StackReuse::isReused).forEach(StackReuse.ofThisJvm()::forget);
            }
        }
    }

    /** The database's data is on a tmpfs owned by the image's postgres user, and no volume is mounted or made. */
    private static void assertDataInMemory(String container) {
        try (EngineFixture engine = new EngineFixture()) {
            var inspect = engine.docker().inspectContainerCmd(container).exec();
            assertThat(inspect.getHostConfig().getTmpFs()).containsOnlyKeys("/var/lib/postgresql/data");
            assertThat(inspect.getHostConfig().getTmpFs().get("/var/lib/postgresql/data")).contains("uid=999", "gid=999",
                    "mode=0700");
            assertThat(inspect.getMounts()).as("no volume, named or anonymous").noneMatch(m -> m.getName() != null);
            String project = inspect.getConfig().getLabels().get("dev.poststack.project");
            assertThat(engine.docker().listVolumesCmd().withFilter("label", List.of("dev.poststack.project=" + project))
                    .exec().getVolumes()).isNullOrEmpty();
        }
    }

    private static List<String> projectsLike(Path manifest, String project) {
        try (EngineFixture engine = new EngineFixture()) {
            return engine.docker().listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of("dev.poststack.project=" + project)).exec().stream()
                    .map(c -> c.getLabels().get("dev.poststack.project")).distinct().toList();
        }
    }

    /** As {@link Probe}, asking for the db service alone: a stack of another shape. */
    @EnabledIfSystemProperty(named = MANIFEST, matches = ".+")
    static class DbOnlyProbe {

        @RegisterExtension
        static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(Path.of(System.getProperty(MANIFEST, ".")))
                .services("db");

        @Test
        void records(PoststackStack stack, DataSource db) throws Exception {
            Probe.record(stack, db);
        }
    }

    /** Run only in forked JVMs: writes "project reused=... rows=N" (rows seen at the start), then adds a row. */
    @EnabledIfSystemProperty(named = MANIFEST, matches = ".+")
    static class Probe {

        @RegisterExtension
        static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(Path.of(System.getProperty(MANIFEST, ".")));

        @Test
        void recordsTheStackAndWritesARow(PoststackStack stack, DataSource db) throws Exception {
            record(stack, db);
        }

        static void record(PoststackStack stack, DataSource db) throws Exception {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                long rows;
                try (ResultSet rs = s.executeQuery("select count(*) from account")) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                s.execute("insert into account (email, display_name) values ('reuse@example.org', 'R')");
                int checks = stack.services().stream().filter(o -> o.service().equals("db")).findFirst().orElseThrow()
                        .checks().size();
                var action = stack.services().stream().filter(o -> o.service().equals("db")).findFirst().orElseThrow()
                        .action();
                Files.writeString(Path.of(System.getProperty(REPORT)), stack.project() + " reused=" + stack.reused()
                        + " rows=" + rows + " checks=" + checks + " " + action + " early=" + stack.begunEarly() + "\n",
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            if (Boolean.getBoolean(HALT)) {
                Runtime.getRuntime().halt(0);
            }
        }
    }

    @Test
    void aFailedTestsDatabaseIsKeptAndNamed(@TempDir Path dir) throws Exception {
        Path project = TestProject.copyOfRepo(dir.resolve("project"), SharedImages.namespace()).manifest();
        Path log = dir.resolve("run.log");
        // reuse off: the forked JVM gets no system property of this one, and reuse is on by default outside CI
        String[] props = {"-Dpoststack.reuse=false", "-D" + MANIFEST + "=" + project, "-Dpoststack.keepFailed=true",
                "-Dpoststack.it.failing=true"};
        try {
            ForkedRun.run(Failing.class, log, props);
        } catch (AssertionError expected) {
            // the forked class fails on purpose
        }
        String out = Files.readString(log);
        assertThat(out).contains("1 tests failed").containsPattern("poststack: kept database app_\\d+_\\d+ of failed"
                + " keptOnFailure\\(DataSource\\) in " + java.util.regex.Pattern.quote(Failing.class.getName())
                + ": psql -h 127.0.0.1 -p \\d+ -U app app_\\d+_\\d+");
    }

    /** Fails on purpose, in a forked JVM only; its stack is not reused, so the kept database goes with it. */
    @EnabledIfSystemProperty(named = "poststack.it.failing", matches = "true")
    static class Failing {

        @RegisterExtension
        static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(Path.of(System.getProperty(MANIFEST, ".")))
                .isolation(PoststackTest.Isolation.DATABASE_PER_TEST);

        @Test
        void keptOnFailure(DataSource db) throws Exception {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("insert into account (email, display_name) values ('kept@example.org', 'K')");
            }
            throw new AssertionError("fails on purpose");
        }
    }
}
