package dev.poststack.build.dockerfile;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContextArchiveTest {

    @TempDir
    Path context;

    private byte[] archive() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContextArchive.write(context, context.resolve("Dockerfile"), "FROM sha256:abc\n", out);
        return out.toByteArray();
    }

    @Test
    void replacesTheDockerfileKeepsExecBitsAndSortsEntries() throws IOException {
        Files.writeString(context.resolve("Dockerfile"), "FROM base\n");
        Files.createDirectories(context.resolve("b"));
        Files.writeString(context.resolve("b/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(context.resolve("b/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(context.resolve("a.conf"), "x\n");

        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        String dockerfile = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive()))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.put(entry.getName(), entry);
                if (entry.getName().equals("Dockerfile")) {
                    dockerfile = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(entries.keySet()).containsExactly("Dockerfile", "a.conf", "b/", "b/run.sh");
        assertThat(dockerfile).isEqualTo("FROM sha256:abc\n");
        assertThat(entries.get("b/run.sh").getMode()).isEqualTo(0755);
        assertThat(entries.get("a.conf").getMode()).isEqualTo(0644);
    }

    @Test
    void equalFoldersGiveEqualBytesWhateverTheirTimestamps() throws IOException {
        Files.writeString(context.resolve("Dockerfile"), "FROM base\n");
        Files.writeString(context.resolve("a.conf"), "x\n");
        byte[] first = archive();
        Files.setLastModifiedTime(context.resolve("a.conf"), FileTime.fromMillis(123_456_789));
        assertThat(archive()).isEqualTo(first);
    }
}
