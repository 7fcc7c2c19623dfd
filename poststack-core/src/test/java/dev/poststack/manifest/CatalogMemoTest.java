package dev.poststack.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogMemoTest {

    @TempDir
    Path dir;

    private Path jar(String name, String content) throws Exception {
        Path jar = dir.resolve(name);
        Files.writeString(jar, content);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-12-01T10:00:00Z")));
        return jar;
    }

    @Test
    void anUnchangedJarFindsItsFolder() throws Exception {
        Path jar = jar("poststack-cli.jar", "jar bytes");
        CatalogMemo memo = new CatalogMemo(dir);
        assertThat(memo.folderFor(jar)).isEmpty();

        memo.remember(jar, "0123456789abcdef");

        assertThat(new CatalogMemo(dir).folderFor(jar)).contains("0123456789abcdef");
    }

    @Test
    void aRebuiltJarIsReadAgain() throws Exception {
        Path jar = jar("poststack-cli.jar", "jar bytes");
        CatalogMemo memo = new CatalogMemo(dir);
        memo.remember(jar, "0123456789abcdef");

        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-12-01T10:00:01Z")));
        assertThat(memo.folderFor(jar)).as("same size, newer").isEmpty();

        Files.writeString(jar, "other jar bytes");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-12-01T10:00:00Z")));
        assertThat(memo.folderFor(jar)).as("same time, other size").isEmpty();
    }

    @Test
    void eachJarKeepsItsOwnLineAndTheNewestReplacesItsOld() throws Exception {
        Path cli = jar("cli.jar", "cli");
        Path plugin = jar("plugin.jar", "plugin jar");
        CatalogMemo memo = new CatalogMemo(dir);
        memo.remember(cli, "1111111111111111");
        memo.remember(plugin, "2222222222222222");
        memo.remember(cli, "3333333333333333");

        assertThat(memo.folderFor(cli)).contains("3333333333333333");
        assertThat(memo.folderFor(plugin)).contains("2222222222222222");
        assertThat(Files.readAllLines(dir.resolve(CatalogMemo.FILE))).hasSize(2);
    }

    @Test
    void aDamagedFileMeansAFreshRead() throws Exception {
        Path jar = jar("cli.jar", "cli");
        Files.writeString(dir.resolve(CatalogMemo.FILE), dir.resolve("cli.jar").toAbsolutePath()
                + "\t3\t1764583200000000000\t../../etc\n\0garbage");

        assertThat(new CatalogMemo(dir).folderFor(jar)).isEmpty();
        assertThat(new CatalogMemo(dir).folderFor(dir.resolve("missing.jar"))).isEmpty();
    }
}
