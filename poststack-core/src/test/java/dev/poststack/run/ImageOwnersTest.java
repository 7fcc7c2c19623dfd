package dev.poststack.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ImageOwnersTest {

    @TempDir
    Path project;

    private final String imageId = "sha256:" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void anOwnerIsLookedUpOnceAndThenRemembered() {
        AtomicInteger lookups = new AtomicInteger();
        ImageOwners owners = new ImageOwners(project.resolve(".poststack"));

        SecretFiles.Owner first = owners.ownerOf(imageId, "postgres", () -> {
            lookups.incrementAndGet();
            return new SecretFiles.Owner(999, 998);
        });
        SecretFiles.Owner again = owners.ownerOf(imageId, "postgres", () -> {
            throw new AssertionError("looked up twice");
        });

        assertThat(first).isEqualTo(new SecretFiles.Owner(999, 998)).isEqualTo(again);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void theNextProcessReadsTheAnswerFromTheStateFolderWhichGitIgnores() throws Exception {
        new ImageOwners(project.resolve(".poststack")).ownerOf(imageId, "app:staff", () -> new SecretFiles.Owner(1000, 50));

        Path file = project.resolve(".poststack/state/owners").resolve(ImageOwners.fileName(imageId, "app:staff"));
        assertThat(file).hasContent("1000:50");
        assertThat(project.resolve(".poststack/.gitignore")).content().contains("*");
        assertThat(ImageOwners.fileName(imageId, "app:staff")).doesNotContain(":", "/");
    }

    @Test
    void anUnreadableAnswerIsLookedUpAgain() throws Exception {
        Path folder = Files.createDirectories(project.resolve(".poststack/state/owners"));
        Files.writeString(folder.resolve(ImageOwners.fileName(imageId, "postgres")), "garbage");

        SecretFiles.Owner owner = new ImageOwners(project.resolve(".poststack"))
                .ownerOf(imageId, "postgres", () -> new SecretFiles.Owner(999, 999));

        assertThat(owner).isEqualTo(new SecretFiles.Owner(999, 999));
        assertThat(folder.resolve(ImageOwners.fileName(imageId, "postgres"))).hasContent("999:999");
    }
}
