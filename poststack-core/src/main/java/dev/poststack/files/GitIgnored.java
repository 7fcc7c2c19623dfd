package dev.poststack.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Folders poststack writes into and git must never see, whatever the project's own {@code .gitignore} says. */
public final class GitIgnored {

    private GitIgnored() {
    }

    /**
     * Creates {@code folder} when missing and writes its {@code .gitignore}, which ignores all of it, unless
     * one is there already (the user's own wins): call it before anything is written into the folder.
     *
     * @param why the comment line of the {@code .gitignore}, e.g. "poststack's build logs"
     */
    public static void folder(Path folder, String why) throws IOException {
        Files.createDirectories(folder);
        Path ignore = folder.resolve(".gitignore");
        if (!Files.exists(ignore)) {
            Files.writeString(ignore, "# " + why + "; never commit them\n*\n");
        }
    }

    /**
     * Makes {@code link} name the same file as {@code target} (a hard link, else a copy), replacing what
     * {@code link} named in one step; the old file itself is left untouched for whoever else links to it.
     */
    public static void linkOrCopy(Path target, Path link) throws IOException {
        Path temp = link.resolveSibling(link.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        try {
            try {
                Files.createLink(temp, target);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(target, temp);
            }
            AtomicFiles.replace(temp, link);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
