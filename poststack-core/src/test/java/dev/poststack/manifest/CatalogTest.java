package dev.poststack.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

    @TempDir
    Path dir;

    @Test
    void fromACatalogImagePullsItAndItsCatalogParentsIn() throws Exception {
        Files.createDirectories(dir.resolve("pg"));
        Files.writeString(dir.resolve("pg/Dockerfile"), "FROM poststack:postgres\n");
        Manifest manifest = load("""
                defaults: {namespace: acme}
                images:
                  orders-db:
                    dockerfile: {from: poststack:postgres, context: pg}
                """);

        assertThat(manifest.imageNames()).containsExactly("base-debian", "postgres", "orders-db");
        assertThat(manifest.image("orders-db").orElseThrow().parent()).contains("postgres");
        assertThat(manifest.referenceOf("postgres")).isEqualTo("acme/postgres:latest");
        DockerfileSpec postgres = (DockerfileSpec) manifest.image("postgres").orElseThrow().build();
        assertThat(postgres.from()).contains("base-debian");
        Path context = dir.relativize(postgres.context());
        assertThat(context.toString()).matches("\\.poststack/catalog/[0-9a-f]{16}/postgres");
        assertThat(postgres.context().resolve("entrypoint/docker-entrypoint.sh")).isRegularFile();
    }

    @Test
    void aCatalogEntryTakesTheUsersLayersOnTopAndItsTagAndLabels() throws Exception {
        Files.createDirectories(dir.resolve("changes"));
        Files.writeString(dir.resolve("changes/changelog.yaml"), "databaseChangeLog: []\n");
        Manifest manifest = load("""
                images:
                  migrations:
                    catalog: liquibase
                    tag: "2"
                    labels: {team: orders}
                    layers:
                      - {name: changelogs, files: changes, into: /liquibase/changelog}
                """);

        assertThat(manifest.imageNames()).containsExactly("base-debian", "jre", "migrations");
        ImageSpec migrations = manifest.image("migrations").orElseThrow();
        assertThat(migrations.tag()).isEqualTo("2");
        assertThat(migrations.labels()).containsEntry("team", "orders");
        JibSpec jib = (JibSpec) migrations.build();
        assertThat(jib.from()).isEqualTo("jre");
        assertThat(jib.layers()).extracting(LayerSpec::name).containsExactly("liquibase", "jdbc", "changelogs");
        assertThat(jib.workdir()).contains("/liquibase");
    }

    @Test
    void theCatalogIsCopiedOncePerContent() throws Exception {
        load("images: {pg: {catalog: postgres}}\n");
        load("images: {pg: {catalog: postgres}}\n");
        try (Stream<Path> folders = Files.list(dir.resolve(".poststack/catalog"))) {
            assertThat(folders.map(p -> p.getFileName().toString()).toList()).singleElement()
                    .asString().matches("[0-9a-f]{16}");
        }
    }

    @Test
    void theShippedManifestUsesTheCatalogForEveryImage() throws Exception {
        Manifest shipped = ManifestLoader.load(Path.of("images.yaml"));
        assertThat(shipped.imageNames()).containsExactly("base-debian", "postgres", "postgres-gis", "postgres-citus",
                "jre", "liquibase");
        JibSpec liquibase = (JibSpec) shipped.image("liquibase").orElseThrow().build();
        assertThat(liquibase.layers()).extracting(LayerSpec::name).containsExactly("liquibase", "jdbc", "changelogs");
    }

    @Test
    void unknownCatalogNamesAndClashesAreReportedWithAFix() throws Exception {
        Files.createDirectories(dir.resolve("pg"));
        Files.writeString(dir.resolve("pg/Dockerfile"), "FROM postgres\n");
        assertThatThrownBy(() -> load("""
                images:
                  a: {catalog: postgress}
                  b:
                    dockerfile: {from: poststack:postgres, context: pg}
                  postgres:
                    rootfs: {suite: trixie}
                """)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("images.yaml:2:16: `images.a.catalog` names `postgress`, but poststack's catalog"
                        + " has no such image")
                .hasMessageContaining("did you mean `postgres`?")
                .hasMessageContaining("images.yaml:4:24: image `b` is built on catalog image `poststack:postgres`,"
                        + " but the manifest declares an image `postgres` of its own");
    }

    @Test
    void extraLayersOnlyExtendJibImages() {
        assertThatThrownBy(() -> load("""
                images:
                  pg:
                    catalog: postgres
                    layers: [{name: x, files: images.yaml, into: /x}]
                """)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("catalog image `postgres` is a dockerfile image; only jib images take extra"
                        + " `layers:`");
    }

    private Manifest load(String yaml) throws IOException, ManifestException {
        return ManifestLoader.load(Files.writeString(dir.resolve("images.yaml"), yaml));
    }
}
