package dev.poststack.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code database.upgrade}: the old major's image and the upgrade image, both of the manifest; and rootfs apt-options. */
class UpgradeSpecTest {

    @TempDir
    Path dir;

    @Test
    void namesTheOldImageAndTheUpgradeImage() throws Exception {
        Manifest manifest = load("database: {password: db-password, upgrade: {from: postgres, image: postgres-upgrade}}");

        assertThat(manifest.services().get("db").database().orElseThrow().upgrade())
                .contains(new UpgradeSpec("postgres", "postgres-upgrade"));
        assertThat(load("database: {password: db-password}").services().get("db").database().orElseThrow().upgrade())
                .isEmpty();
    }

    @Test
    void imagesThatAreNotInTheManifestAndUnknownKeysAreReportedWithTheirLines() {
        assertThatThrownBy(() -> load("database: {password: db-password, upgrade: {from: postgres17, colour: red}}"))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("images.yaml:12:")
                .hasMessageContaining("postgres17")
                .hasMessageContaining("colour")
                .hasMessageContaining("image");
    }

    @Test
    void rootfsAptOptionsGoToMmdebstrapAndAreOneLineEach() throws Exception {
        RootfsSpec sid = (RootfsSpec) load("database: {password: db-password}").images().get("base-debian-sid").build();

        assertThat(sid.aptOptions()).containsExactly("Acquire::Check-Valid-Until \"false\"");
        assertThat(new dev.poststack.build.rootfs.RootfsBackend(null).recipe(load("database: {password: db-password}")
                .images().get("base-debian-sid"))).contains("--aptopt=Acquire::Check-Valid-Until \"false\"");
    }

    private Manifest load(String database) throws Exception {
        String yaml = """
                images:
                  postgres: {rootfs: {suite: trixie}}
                  postgres18: {rootfs: {suite: sid}}
                  postgres-upgrade: {rootfs: {suite: sid}}
                  base-debian-sid: {rootfs: {suite: sid, apt-options: ['Acquire::Check-Valid-Until "false"']}}
                secrets:
                  db-password: {generate: 32}
                services:
                  db:
                    image: postgres18
                    volumes: {pgdata: /var/lib/postgresql/data}
                """ + database.indent(4);
        return ManifestLoader.load(Files.writeString(dir.resolve("images.yaml"), yaml));
    }
}
