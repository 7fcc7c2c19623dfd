package dev.poststack.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poststack.cli.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compose's everyday commands (ps, exec, restart) and the --json documents of the commands that need the
 * engine (logs, the schema commands, build-images, setup, clone, clones and drop-clone too), each checked against
 * its schema in docs/json/, errors included.
 */
class CliParityIT {

    @TempDir
    Path dir;

    @Test
    void statusExecRestartAndVerifyAsJsonAgainstARunningDatabase() throws Exception {
        String name = "psit-cli-" + UUID.randomUUID().toString().substring(0, 8);
        try (StackProject project = SharedImages.project(dir, name)) {
            Cli.Run absent = project.run("--json", "status");
            assertThat(absent.exitCode()).as(absent.output()).isZero();
            JsonNode before = JsonSchemas.assertValid(absent.stdout(), "poststack/status/v1");
            assertThat(before.path("project").asText()).isEqualTo(name);
            assertThat(before.path("services").get(0).path("state").asText()).isEqualTo("absent");

            Cli.Run up = project.run("up", "--json");
            assertThat(up.exitCode()).as(up.output()).isZero();
            JsonNode started = JsonSchemas.assertValid(up.stdout(), "poststack/up/v1");
            JsonNode db = started.path("services").get(0);
            assertThat(db.path("action").asText()).isEqualTo("started");
            assertThat(db.path("connect").path("passwordFile").asText()).endsWith(".poststack/secrets/db-password");
            assertThat(up.stdout()).doesNotContain(project.secret("db-password"));
            assertThat(up.stderr()).contains("db: ready");

            Cli.Run ps = project.run("ps", "--json");
            JsonNode running = JsonSchemas.assertValid(ps.stdout(), "poststack/status/v1");
            JsonNode dbStatus = running.path("services").get(0);
            assertThat(dbStatus.path("state").asText()).isEqualTo("running");
            assertThat(dbStatus.path("current").asBoolean()).isTrue();
            assertThat(dbStatus.path("ports").get(0).path("container").asInt()).isEqualTo(5432);
            assertThat(dbStatus.path("containerId").asText()).isEqualTo(project.containerId("db"));

            // exec streams both outputs and ends with the command's exit code.
            Cli.Run exec = project.run("exec", "db", "--", "sh", "-c", "echo to-out; echo to-err >&2; exit 7");
            assertThat(exec.exitCode()).as(exec.output()).isEqualTo(7);
            assertThat(exec.stdout()).isEqualTo("to-out\n");
            assertThat(exec.stderr()).isEqualTo("to-err\n");
            Cli.Run execJson = project.run("--json", "exec", "db", "sh", "-c", "echo hi; exit 3");
            assertThat(execJson.exitCode()).isEqualTo(3);
            JsonNode execDoc = JsonSchemas.assertValid(execJson.stdout(), "poststack/exec/v1");
            assertThat(execDoc.path("stdout").asText()).isEqualTo("hi\n");
            assertThat(execDoc.path("exitCode").asInt()).isEqualTo(3);

            // Data written before a restart is there after it: same container, same volume.
            String container = project.containerId("db");
            Cli.Run write = project.run("exec", "db", "psql", "-U", "postgres", "-c",
                    "create table kept (v text); insert into kept values ('survives')");
            assertThat(write.exitCode()).as(write.output()).isZero();
            String startedAt = project.docker().inspectContainerCmd(container).exec().getState().getStartedAt();
            Cli.Run restart = project.run("restart", "db", "--json");
            assertThat(restart.exitCode()).as(restart.output()).isZero();
            JsonNode restarted = JsonSchemas.assertValid(restart.stdout(), "poststack/restart/v1");
            assertThat(restarted.path("services").get(0).path("action").asText()).isEqualTo("restarted");
            assertThat(restarted.path("services").get(0).path("checksPassed").asInt()).isEqualTo(8);
            assertThat(project.containerId("db")).isEqualTo(container);
            assertThat(project.docker().inspectContainerCmd(container).exec().getState().getStartedAt())
                    .isNotEqualTo(startedAt);
            Cli.Run read = project.run("exec", "db", "psql", "-U", "postgres", "-tAc", "select v from kept");
            assertThat(read.stdout().strip()).isEqualTo("survives");
            Cli.Run plainRestart = project.run("restart");
            assertThat(plainRestart.exitCode()).as(plainRestart.output()).isZero();
            assertThat(plainRestart.stdout()).contains("db: restarted");

            Cli.Run verify = project.run("verify-db", "--json");
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            assertThat(JsonSchemas.assertValid(verify.stdout(), "poststack/verify-db/v1").path("passed").asBoolean())
                    .isTrue();

            clonesAsJson(project);
            schemaBuildAndSetupAsJson(project);

            Cli.Run down = project.run("down", "--json");
            assertThat(JsonSchemas.assertValid(down.stdout(), "poststack/down/v1").path("removed").get(0).asText())
                    .isEqualTo("db");

            // With the database down: an error document, and the exit code of the failure.
            Cli.Run verifyDown = project.run("verify-db", "--json");
            assertThat(verifyDown.exitCode()).isEqualTo(1);
            JsonNode error = JsonSchemas.assertValid(verifyDown.stdout(), "poststack/error/v1");
            assertThat(error.path("command").asText()).isEqualTo("verify-db");
            assertThat(error.path("error").path("kind").asText()).isEqualTo("FAILED");
            assertThat(error.path("error").path("message").asText()).contains("not running");
            assertThat(error.path("error").path("exitCode").asInt()).isEqualTo(1);

            Cli.Run clonesDown = project.run("clones", "--json");
            assertThat(clonesDown.exitCode()).isEqualTo(1);
            assertThat(JsonSchemas.assertValid(clonesDown.stdout(), "poststack/error/v1").path("error").path("message")
                    .asText()).contains("not running");

            Cli.Run restartDown = project.run("restart", "db");
            assertThat(restartDown.exitCode()).isEqualTo(1);
            assertThat(restartDown.stderr()).contains("has no container to restart", "poststack up db");
            Cli.Run execDown = project.run("--json", "exec", "db", "true");
            assertThat(execDown.exitCode()).isEqualTo(1);
            JsonSchemas.assertValid(execDown.stdout(), "poststack/error/v1");
        }
    }

    /** clone, clones and drop-clone against the running database: their documents, and their refusals as error documents. */
    private static void clonesAsJson(StackProject project) throws Exception {
        // The schema's database (the default source) is made by init-schema, which this stack never ran.
        Cli.Run noSchemaDatabase = project.run("clone", "app_qa", "--json");
        assertThat(noSchemaDatabase.exitCode()).as(noSchemaDatabase.output()).isEqualTo(2);
        JsonNode missing = JsonSchemas.assertValid(noSchemaDatabase.stdout(), "poststack/error/v1");
        assertThat(missing.path("command").asText()).isEqualTo("clone");
        assertThat(missing.path("error").path("kind").asText()).isEqualTo("INVALID_INPUT");
        assertThat(missing.path("error").path("message").asText()).contains("`app` does not exist");

        Cli.Run seed = project.run("exec", "db", "sh", "-c", "psql -v ON_ERROR_STOP=1 -U postgres -c 'create database src'"
                + " && psql -v ON_ERROR_STOP=1 -U postgres -d src -c 'create table t (v int); insert into t select generate_series(1, 100)'");
        assertThat(seed.exitCode()).as(seed.output()).isZero();
        Cli.Run clone = project.run("clone", "src_qa", "--from", "src", "--json");
        assertThat(clone.exitCode()).as(clone.output()).isZero();
        JsonNode cloned = JsonSchemas.assertValid(clone.stdout(), "poststack/clone/v1");
        assertThat(cloned.path("project").asText()).isEqualTo(project.name());
        assertThat(cloned.path("service").asText()).isEqualTo("db");
        assertThat(cloned.path("source").asText()).isEqualTo("src");
        assertThat(cloned.path("clone").asText()).isEqualTo("src_qa");
        JsonNode connect = cloned.path("connect");
        assertThat(connect.path("role").asText()).isEqualTo("admin");
        assertThat(connect.path("port").asInt()).isEqualTo(project.hostPort("db", 5432));
        assertThat(connect.path("jdbcUrl").asText()).endsWith("/src_qa");
        assertThat(connect.path("passwordFile").asText()).endsWith(".poststack/secrets/db-password");
        assertThat(clone.stdout()).doesNotContain(project.secret("db-password"));
        Cli.Run copied = project.run("exec", "db", "psql", "-U", "postgres", "-d", "src_qa", "-tAc", "select count(*) from t");
        assertThat(copied.stdout().strip()).as(copied.output()).isEqualTo("100");

        Cli.Run again = project.run("--json", "clone", "src_qa", "--from", "src");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(JsonSchemas.assertValid(again.stdout(), "poststack/error/v1").path("error").path("message").asText())
                .contains("`src_qa` exists already", "drop-clone src_qa");
        Cli.Run noSource = project.run("clone", "nosuch_qa", "--from", "nosuch", "--json");
        assertThat(noSource.exitCode()).isEqualTo(2);
        assertThat(JsonSchemas.assertValid(noSource.stdout(), "poststack/error/v1").path("error").path("message").asText())
                .contains("`nosuch` does not exist");

        Cli.Run list = project.run("clones", "--json");
        assertThat(list.exitCode()).as(list.output()).isZero();
        JsonNode clones = JsonSchemas.assertValid(list.stdout(), "poststack/clones/v1").path("clones");
        assertThat(clones).hasSize(1);
        assertThat(clones.get(0).path("name").asText()).isEqualTo("src_qa");
        assertThat(clones.get(0).path("source").asText()).isEqualTo("src");
        assertThat(clones.get(0).path("testRunPid").isNull()).isTrue();
        assertThat(clones.get(0).path("kept").asBoolean()).isTrue();

        // Only what poststack copied is dropped: the source stays.
        Cli.Run notACopy = project.run("drop-clone", "src", "--json");
        assertThat(notACopy.exitCode()).isEqualTo(2);
        assertThat(JsonSchemas.assertValid(notACopy.stdout(), "poststack/error/v1").path("error").path("message")
                .asText()).contains("`src` is not a copy poststack made");
        Cli.Run drop = project.run("drop-clone", "src_qa", "--json");
        assertThat(drop.exitCode()).as(drop.output()).isZero();
        assertThat(JsonSchemas.assertValid(drop.stdout(), "poststack/drop-clone/v1").path("dropped").asText())
                .isEqualTo("src_qa");
        Cli.Run after = project.run("clones", "--json");
        assertThat(JsonSchemas.assertValid(after.stdout(), "poststack/clones/v1").path("clones")).isEmpty();
        Cli.Run databases = project.run("exec", "db", "psql", "-U", "postgres", "-tAc",
                "select string_agg(datname, ',' order by datname) from pg_database where datname like 'src%'");
        assertThat(databases.stdout().strip()).isEqualTo("src");
    }

    /**
     * logs, the schema commands, build-images and setup as documents, on the running stack; then a clone of the
     * schema's database, which is reached as the application reaches it.
     */
    private static void schemaBuildAndSetupAsJson(StackProject project) throws Exception {
        Cli.Run logs = project.run("logs", "db", "--json");
        assertThat(logs.exitCode()).as(logs.output()).isZero();
        assertThat(JsonSchemas.assertValid(logs.stdout(), "poststack/logs/v1").path("output").asText())
                .contains("database system is ready to accept connections");

        Cli.Run init = project.run("init-schema", "--json");
        assertThat(init.exitCode()).as(init.output()).isZero();
        JsonNode initialized = JsonSchemas.assertValid(init.stdout(), "poststack/init-schema/v1");
        assertThat(initialized.path("database").asText()).isEqualTo("app");
        assertThat(initialized.path("createdDatabase").asBoolean()).isTrue();
        assertThat(initialized.path("applied")).isNotEmpty();
        Cli.Run status = project.run("schema-status", "--json");
        assertThat(status.exitCode()).as(status.output()).isZero();
        JsonNode schemaStatus = JsonSchemas.assertValid(status.stdout(), "poststack/schema-status/v1");
        assertThat(schemaStatus.path("applied")).hasSameSizeAs(initialized.path("applied"));
        assertThat(schemaStatus.path("pending")).isEmpty();
        assertThat(schemaStatus.path("lock").isNull()).isTrue();
        Cli.Run update = project.run("update-schema", "--json");
        assertThat(update.exitCode()).as(update.output()).isZero();
        assertThat(JsonSchemas.assertValid(update.stdout(), "poststack/update-schema/v1").path("applied")).isEmpty();

        Cli.Run clone = project.run("clone", "app_qa", "--json");
        assertThat(clone.exitCode()).as(clone.output()).isZero();
        JsonNode connect = JsonSchemas.assertValid(clone.stdout(), "poststack/clone/v1").path("connect");
        assertThat(connect.path("role").asText()).isEqualTo("application");
        assertThat(connect.path("user").asText()).isEqualTo("app");
        assertThat(connect.path("database").asText()).isEqualTo("app_qa");
        assertThat(connect.path("passwordFile").asText()).endsWith(".poststack/secrets/app-password");
        assertThat(clone.stdout()).doesNotContain(project.secret("app-password"));
        Cli.Run drop = project.run("drop-clone", "app_qa", "--json");
        assertThat(drop.exitCode()).as(drop.output()).isZero();

        Cli.Run build = project.run("build-images", "--json");
        assertThat(build.exitCode()).as(build.output()).isZero();
        JsonNode images = JsonSchemas.assertValid(build.stdout(), "poststack/build-images/v1").path("images");
        assertThat(images).isNotEmpty();
        images.forEach(image -> assertThat(image.path("status").asText()).as(image.toString()).isIn("cached", "skipped"));

        Cli.Run setup = project.run("setup", "--json");
        assertThat(setup.exitCode()).as(setup.output()).isZero();
        JsonNode setUp = JsonSchemas.assertValid(setup.stdout(), "poststack/setup/v1");
        assertThat(setUp.path("project").asText()).isEqualTo(project.name());
        assertThat(setUp.path("applied")).isEmpty();
        assertThat(setup.stdout()).doesNotContain(project.secret("db-password"), project.secret("app-password"));
    }

    @Test
    void projectOptionNamesTheProjectAsTheVariableDoes() throws Exception {
        TestProject project = TestProject.copyOfRepo(dir, "psit-cli-ns");
        Cli.Run status = project.cli().run("status", "--json", "--project", "psit-cli-other");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(JsonSchemas.assertValid(status.stdout(), "poststack/status/v1").path("project").asText())
                .isEqualTo("psit-cli-other");
    }

    @Test
    void buildOfAnUnknownImageIsAnErrorDocument() throws Exception {
        TestProject project = TestProject.copyOfRepo(dir, "psit-cli-ns");
        Cli.Run build = project.cli().run("build-images", "nosuch", "--json");
        assertThat(build.exitCode()).isEqualTo(2);
        JsonNode error = JsonSchemas.assertValid(build.stdout(), "poststack/error/v1");
        assertThat(error.path("command").asText()).isEqualTo("build-images");
        assertThat(error.path("error").path("kind").asText()).isEqualTo("INVALID_INPUT");
        assertThat(error.path("error").path("message").asText()).contains("nosuch");
    }
}
