package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.files.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code poststack __complete}, hidden: what the completion scripts call when their cache of the manifest's
 * names is missing or stale. Reads the names without validating the manifest, writes the cache the scripts read
 * ({@link #cacheOf}) and prints it.
 */
@Command(name = "__complete", hidden = true, description = "Writes and prints the names shell completion offers.")
final class CompleteCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws IOException {
        Path manifest = main.globals.manifest;
        // The key first: a manifest edited while it is read gets a stale key, and is read again next time.
        String key = key(manifest);
        Map<String, List<String>> names = Poststack.declaredNames(manifest);
        if (main.globals.json) {
            ObjectNode document = JsonOutput.document("complete");
            names.forEach((section, list) -> list.forEach(document.putArray(section)::add));
            JsonOutput.print(document);
            return 0;
        }
        String text = render(key, names);
        if (Files.isRegularFile(manifest)) {
            AtomicFiles.writeString(cacheOf(manifest), text);
        }
        System.out.print(text);
        return 0;
    }

    /**
     * The cache of {@code manifest}'s names, beside its other state:
     * {@code .poststack/state/completion-<file name>.names}. The scripts compute the same path.
     */
    static Path cacheOf(Path manifest) throws IOException {
        Path dir = manifest.toAbsolutePath().getParent();
        return Poststack.stateFolder(dir).resolve("completion-" + manifest.getFileName() + ".names");
    }

    /** {@code key MTIME SIZE}: what {@code stat -L -c '%Y %s'} prints for the manifest, checked by the scripts. */
    static String key(Path manifest) throws IOException {
        if (!Files.exists(manifest)) {
            return "key - -";
        }
        return "key " + Files.getLastModifiedTime(manifest).to(TimeUnit.SECONDS) + " " + Files.size(manifest);
    }

    /**
     * The key line, then {@code image NAME} and {@code service NAME} lines; names a shell word cannot hold as it is
     * (the loader refuses them anyway) are left out.
     */
    static String render(String key, Map<String, List<String>> names) {
        StringBuilder text = new StringBuilder(key).append('\n');
        names.getOrDefault("images", List.of()).stream().filter(CompleteCommand::plain)
                .forEach(n -> text.append("image ").append(n).append('\n'));
        names.getOrDefault("services", List.of()).stream().filter(CompleteCommand::plain)
                .forEach(n -> text.append("service ").append(n).append('\n'));
        return text.toString();
    }

    private static boolean plain(String name) {
        return name.matches("[A-Za-z0-9][A-Za-z0-9._-]*");
    }
}
