package dev.poststack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code poststack export kubernetes}: its files and --json document, and bad input. Needs no engine. */
class ExportCommandTest {

    @TempDir
    Path project;

    private Path manifest() throws Exception {
        Files.createDirectories(project.resolve("liquibase"));
        Files.writeString(project.resolve("liquibase/changelog.yaml"), "databaseChangeLog: []\n");
        return Files.writeString(project.resolve("images.yaml"), """
                images:
                  postgres: {catalog: postgres}
                  liquibase: {catalog: liquibase}
                secrets:
                  db-password: {generate: 32}
                  app-password: {generate: 32}
                services:
                  db:
                    image: postgres
                    secrets: [db-password]
                    database: {password: db-password}
                schema: {image: liquibase, service: db, database: app, owner: app, owner-password: app-password}
                kubernetes:
                  clusters: {db: {pooler: {instances: 2}}}
                """);
    }

    @Test
    void writesTheObjectsAndPrintsAnExportDocument() throws Exception {
        Path manifest = manifest();
        Path out = project.resolve("k8s");
        try (InProcessCli cli = InProcessCli.open()) {
            assertThat(cli.run("export", "kubernetes", "--manifest", manifest.toString(), "--out", out.toString(),
                    "--json")).as(cli.err()).isZero();
            JsonNode document = JsonSchemas.assertValid(cli.out(), "poststack/export/v1");
            assertThat(document.path("objects").toString()).contains("Cluster/db", "Pooler/db-pooler-rw", "Job/db-schema-");
            assertThat(document.path("notes").toString()).contains("image postgres has no pushed digest");
            assertThat(out.resolve("cluster-db.yaml")).exists();
            assertThat(out.resolve("create-secrets.sh")).exists();
        }
    }

    @Test
    void aBadKubernetesSectionIsInvalidInputWithItsLine() throws Exception {
        Path manifest = manifest();
        Files.writeString(manifest, Files.readString(manifest).replace("instances: 2", "instances: many"));
        try (InProcessCli cli = InProcessCli.open()) {
            assertThat(cli.run("export", "kubernetes", "--manifest", manifest.toString(), "--out",
                    project.resolve("k8s").toString())).isEqualTo(2);
            assertThat(cli.err()).contains(manifest + ":14:").contains("`kubernetes.clusters.db.pooler.instances` `many`");
            assertThat(project.resolve("k8s")).doesNotExist();
        }
    }

    @Test
    void anUnknownTargetIsAUsageError() throws Exception {
        Path manifest = manifest();
        try (InProcessCli cli = InProcessCli.open()) {
            assertThat(cli.run("export", "helm", "--manifest", manifest.toString())).isEqualTo(2);
            assertThat(cli.err()).contains("kubernetes");
        }
    }
}
