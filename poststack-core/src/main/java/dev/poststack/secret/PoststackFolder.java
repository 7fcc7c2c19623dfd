package dev.poststack.secret;

import dev.poststack.files.GitIgnored;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The project's {@code .poststack} folder next to the manifest: generated secrets and poststack's state,
 * which git must never see, whatever the project's own {@code .gitignore} says.
 */
public final class PoststackFolder {

    private PoststackFolder() {
    }

    /** The {@code .poststack} folder of the project in {@code projectDir}. */
    public static Path of(Path projectDir) {
        return projectDir.resolve(".poststack");
    }

    /**
     * Creates the folder when missing and writes its {@code .gitignore}, which ignores all of it, unless it is
     * there already: called before anything is written into it.
     */
    public static void ignoreInGit(Path poststackFolder) throws IOException {
        GitIgnored.folder(poststackFolder, "poststack's generated secrets and state");
    }
}
