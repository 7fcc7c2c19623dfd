package dev.poststack.run;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import dev.poststack.engine.Labels;
import dev.poststack.thread.Daemons;
import dev.poststack.thread.Interrupts;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A one-off container of a tool's image with no network and no volume (pgBadger on a server log): files copied
 * into a folder of it before it starts (owned by the image's user), files copied out of that folder after it
 * exited, the container removed, also on Ctrl-C. Nothing of the host is mounted into it.
 */
final class FileTask {

    private final RunContext context;
    private final ContainerRemoval removal;

    FileTask(RunContext context, ContainerRemoval removal) {
        this.context = context;
        this.removal = removal;
    }

    /**
     * @param inputs  host files, copied into {@code folder} under the names given
     * @param outputs names of files in {@code folder} copied to {@code into} once it exited (those it made)
     * @return its exit code and output (also in {@code logs/containers/<task>.log})
     */
    TaskResult run(String task, LocalImage image, List<String> command, String folder, Map<String, Path> inputs,
                   List<String> outputs, Path into) throws InterruptedException {
        String action = "task " + task + " ran";
        Map<String, String> labels = context.resources().projectLabels();
        labels.put(Labels.TASK, task);
        String id;
        try {
            id = context.docker().createContainerCmd(image.id())
                    .withName(context.resources().prefix() + "-" + task + "-"
                            + Long.toHexString(System.nanoTime() & 0xffffffL))
                    .withLabels(labels)
                    .withCmd(command)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                    .exec().getId();
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, action);
            throw e;
        }
        try {
            SecretFiles.Owner owner = context.owners().ownerOf(image.id(), image.user(),
                    () -> SecretFiles.resolveOwner(context.docker(), id, image.user()));
            copyIn(id, folder, inputs, owner);
            TaskResult result = TaskOutput.startAndWait(context, id, task, line -> { });
            Files.createDirectories(into);
            for (String name : outputs) {
                copyOut(id, folder + "/" + name, into.resolve(name));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("task " + task + ": cannot write into " + into, e);
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, action);
            throw e;
        } finally {
            removal.removeWithoutInterruption(Map.of(id, id));
        }
    }

    /** The files as one tar streamed to the engine while it is written, so a large log is never held in memory. */
    private void copyIn(String id, String folder, Map<String, Path> inputs, SecretFiles.Owner owner)
            throws InterruptedException {
        AtomicReference<IOException> failed = new AtomicReference<>();
        try (PipedInputStream in = new PipedInputStream(1 << 16)) {
            PipedOutputStream out = new PipedOutputStream(in);
            Thread writer = Daemons.start("file-task-tar", () -> {
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    for (Map.Entry<String, Path> input : inputs.entrySet()) {
                        TarArchiveEntry entry = new TarArchiveEntry(input.getKey());
                        entry.setMode(0100644);
                        entry.setIds(owner.uid(), owner.gid());
                        entry.setSize(Files.size(input.getValue()));
                        tar.putArchiveEntry(entry);
                        Files.copy(input.getValue(), tar);
                        tar.closeArchiveEntry();
                    }
                } catch (IOException e) {
                    failed.set(e);
                }
            });
            context.docker().copyArchiveToContainerCmd(id).withRemotePath(folder).withTarInputStream(in).exec();
            writer.join();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy files into the task container", e);
        }
        if (failed.get() != null) {
            throw new UncheckedIOException("cannot copy files into the task container", failed.get());
        }
    }

    private void copyOut(String id, String path, Path target) throws IOException {
        try (InputStream in = context.docker().copyArchiveFromContainerCmd(id, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            if (tar.getNextEntry() != null) {
                Path part = target.resolveSibling(target.getFileName() + ".part");
                Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (NotFoundException e) {
            Files.deleteIfExists(target);
        }
    }
}
