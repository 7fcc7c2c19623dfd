package dev.poststack.build.jib;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import dev.poststack.build.maven.ResolvedArtifact;
import dev.poststack.manifest.FilesLayerSpec;
import dev.poststack.manifest.MavenCoordinate;
import dev.poststack.manifest.MavenLayerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerPlannerTest {

    @Test
    void mavenLayerPutsJarsIntoTheFolderAsRoot644() {
        MavenLayerSpec spec = new MavenLayerSpec("libs", List.of(MavenCoordinate.parse("a:b:1")), "/app/lib");
        ResolvedArtifact jar = new ResolvedArtifact("a:b:jar:1", Path.of("/repo/a/b/1/b-1.jar"), 10);

        FileEntriesLayer layer = LayerPlanner.mavenLayer(spec, List.of(jar));

        assertThat(layer.getName()).isEqualTo("libs");
        assertThat(layer.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.getExtractionPath()).hasToString("/app/lib/b-1.jar");
            assertThat(entry.getPermissions().toOctalString()).isEqualTo("644");
            assertThat(entry.getOwnership()).isEqualTo("0:0");
            assertThat(entry.getModificationTime()).isEqualTo(LayerPlanner.MODIFICATION_TIME);
        });
    }

    @Test
    void folderLayerHasEntriesForFoldersAndFilesWithTheirModes(@TempDir Path dir) throws Exception {
        Path source = Files.createDirectories(dir.resolve("conf/sub"));
        Files.writeString(dir.resolve("conf/a.conf"), "a");
        Files.writeString(source.resolve("b.conf"), "b");
        FilesLayerSpec spec = new FilesLayerSpec("config", dir.resolve("conf"), "/etc/app", "640", "750", "70:70");

        List<FileEntry> entries = LayerPlanner.filesLayer(spec).getEntries();

        assertThat(entries).extracting(e -> e.getExtractionPath().toString())
                .containsExactly("/etc/app", "/etc/app/a.conf", "/etc/app/sub", "/etc/app/sub/b.conf");
        assertThat(entries).extracting(e -> e.getPermissions().toOctalString())
                .containsExactly("750", "640", "750", "640");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getOwnership()).isEqualTo("70:70");
            assertThat(e.getModificationTime()).isEqualTo(LayerPlanner.MODIFICATION_TIME);
        });
    }

    @Test
    void singleFileGoesToTheIntoPath(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh");
        FilesLayerSpec spec = new FilesLayerSpec("script", file, "/usr/local/bin/run", "755", "755", "0:0");

        assertThat(LayerPlanner.filesLayer(spec).getEntries()).singleElement()
                .satisfies(e -> assertThat(e.getExtractionPath()).hasToString("/usr/local/bin/run"));
    }

    @Test
    void missingSourceIsReported(@TempDir Path dir) {
        FilesLayerSpec spec = new FilesLayerSpec("gone", dir.resolve("nope"), "/x", "644", "755", "0:0");

        assertThatThrownBy(() -> LayerPlanner.filesLayer(spec)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("gone");
    }
}
