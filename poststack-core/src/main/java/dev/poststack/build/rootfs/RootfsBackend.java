package dev.poststack.build.rootfs;

import com.github.dockerjava.api.DockerClient;
import dev.poststack.api.CacheResult;
import dev.poststack.build.BuildBackend;
import dev.poststack.build.BuildFailure;
import dev.poststack.build.BuildJob;
import dev.poststack.build.ImageEvents;
import dev.poststack.engine.WrittenStream;
import dev.poststack.manifest.RootfsSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Bootstraps a Debian root filesystem with mmdebstrap (no registry involved) and loads it into the
 * engine as a one-layer image. mmdebstrap writes a tar sorted by name with every mtime clamped to
 * {@code SOURCE_DATE_EPOCH}, so the same archive state gives the same bytes.
 */
public final class RootfsBackend implements BuildBackend {

    /** The fixed time used for mtimes and the image's creation date. */
    static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000L);
    private static final int TAIL_LINES = 30;
    /**
     * Runs after the bootstrap: removes the docs (but not the copyright files), man pages and translations it
     * installed, and makes dpkg leave them out of every package installed later. man1 must stay, or
     * update-alternatives fails (e.g. for Java). Like Debian's official images, apt deletes the packages it
     * downloaded once they are installed, so they never end up in a layer (the bootstrap's own included).
     */
    static final String SLIM_HOOK = "find \"$1/usr/share/doc\" -depth ! -type d ! -name copyright -delete"
            + " && find \"$1/usr/share/doc\" -depth -mindepth 1 -type d -empty -delete"
            + " && rm -rf \"$1\"/usr/share/man/* \"$1\"/usr/share/info/* \"$1\"/usr/share/locale/*"
            + " && mkdir -p \"$1/usr/share/man/man1\" && printf '%s\\n'"
            + " 'path-exclude=/usr/share/doc/*' 'path-include=/usr/share/doc/*/copyright'"
            + " 'path-exclude=/usr/share/man/*' 'path-exclude=/usr/share/info/*'"
            + " 'path-exclude=/usr/share/locale/*' > \"$1/etc/dpkg/dpkg.cfg.d/poststack-slim\""
            + " && printf '%s\\n'"
            + " 'DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb"
            + " /var/cache/apt/*.bin || true\"; };'"
            + " 'APT::Update::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb"
            + " /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true\"; };'"
            + " 'Dir::Cache::pkgcache \"\";' 'Dir::Cache::srcpkgcache \"\";'"
            + " > \"$1/etc/apt/apt.conf.d/docker-clean\""
            // mmdebstrap's own clean-up no longer removes them once that configuration is in place.
            + " && rm -f \"$1\"/var/cache/apt/archives/*.deb \"$1\"/var/cache/apt/archives/partial/*.deb"
            + " \"$1\"/var/cache/apt/*.bin";
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final DockerClient docker;

    public RootfsBackend(DockerClient docker) {
        this.docker = docker;
    }

    /** The mmdebstrap command line for a spec, writing to {@code output}. */
    static List<String> command(RootfsSpec spec, Path output) {
        List<String> cmd = new ArrayList<>(List.of("mmdebstrap", "--variant=" + spec.variant(),
                "--mode=auto", "--format=tar"));
        if (!spec.packages().isEmpty()) {
            cmd.add("--include=" + String.join(",", spec.packages()));
        }
        // Debian's official images ship the same settings: dpkg without fsync, no translations and no
        // recommends for apt, and docs, man pages and translations left out of packages installed later.
        // The excludes go in by hook, not --dpkgopt: applied during the bootstrap they make it slower than
        // deleting the same files afterwards.
        cmd.add("--dpkgopt=force-unsafe-io");
        cmd.add("--aptopt=Acquire::Languages \"none\"");
        cmd.add("--aptopt=APT::Install-Recommends \"false\"");
        spec.aptOptions().forEach(option -> cmd.add("--aptopt=" + option));
        cmd.add("--customize-hook=" + SLIM_HOOK);
        cmd.add(spec.suite());
        cmd.add(output.toString());
        spec.mirror().ifPresent(cmd::add);
        return cmd;
    }

    /** The mmdebstrap command line (options, hook): changing it rebuilds the base and all built on it. */
    @Override
    public String recipe(dev.poststack.manifest.ImageSpec spec) {
        return String.join("\n", command((RootfsSpec) spec.build(), Path.of("rootfs.tar")));
    }

    @Override
    public String build(BuildJob job) throws BuildFailure, InterruptedException {
        RootfsSpec spec = (RootfsSpec) job.spec().build();
        ImageEvents events = job.events();
        Path rootfs = job.workDir().resolve("rootfs.tar");
        List<String> command = command(spec, rootfs);
        String bootstrap = "mmdebstrap " + spec.variant() + " " + spec.suite()
                + (spec.packages().isEmpty() ? "" : " +" + String.join(",", spec.packages()));

        Instant start = events.now();
        events.stepStarted(1, 2, bootstrap);
        runMmdebstrap(command, events, bootstrap);
        events.stepFinished(1, bootstrap, CacheResult.MISS, Duration.between(start, events.now()));

        Instant loadStart = events.now();
        String load = "load as one layer " + job.reference();
        events.stepStarted(2, 2, load);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("LANG", "C.UTF-8");
        env.putAll(spec.env());
        try {
            SingleLayerImage image = SingleLayerImage.of(rootfs, job.reference(), env, job.labels(), EPOCH,
                    String.join(" ", command.subList(0, command.size() - (spec.mirror().isPresent() ? 2 : 1))));
            loadIntoEngine(image);
            events.stepFinished(2, load, CacheResult.MISS, Duration.between(loadStart, events.now()));
            return image.imageId();
        } catch (IOException | RuntimeException e) {
            throw new BuildFailure("cannot load the root filesystem into the engine: " + e.getMessage(),
                    "Step 2/2", load, List.of(), e);
        } finally {
            deleteQuietly(rootfs);
        }
    }

    private void runMmdebstrap(List<String> command, ImageEvents events, String step)
            throws BuildFailure, InterruptedException {
        Deque<String> tail = new ArrayDeque<>();
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("SOURCE_DATE_EPOCH", String.valueOf(EPOCH.getEpochSecond()));
            process = pb.start();
        } catch (IOException e) {
            throw new BuildFailure("cannot run mmdebstrap (" + e.getMessage() + "); install it with"
                    + " `apt-get install -y mmdebstrap`", "Step 1/2", step, List.of(), e);
        }
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                tail.addLast(events.output(line));
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new BuildFailure("mmdebstrap exited with code " + exit, "Step 1/2", step,
                        new ArrayList<>(tail), null);
            }
        } catch (IOException e) {
            throw new BuildFailure("lost mmdebstrap's output: " + e.getMessage(), "Step 1/2", step,
                    new ArrayList<>(tail), e);
        } finally {
            if (process.isAlive()) {
                // Cancelled: mmdebstrap cleans up its temporary chroot on SIGTERM.
                process.destroy();
                try {
                    if (!process.waitFor(20, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void loadIntoEngine(SingleLayerImage image) throws IOException, InterruptedException {
        try (WrittenStream tar = WrittenStream.start("rootfs-load", 1 << 20, image::writeTo)) {
            docker.loadImageCmd(tar.input()).exec();
            Optional<IOException> failed = tar.awaitWriter();
            if (failed.isPresent()) {
                throw failed.get();
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // The work folder is removed after the build anyway.
        }
    }
}
