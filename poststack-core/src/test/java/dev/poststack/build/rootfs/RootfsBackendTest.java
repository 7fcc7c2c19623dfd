package dev.poststack.build.rootfs;

import dev.poststack.manifest.RootfsSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RootfsBackendTest {

    @Test
    void bootstrapsTheSuiteWithPackagesIntoATarAndTheMirrorLast() {
        RootfsSpec spec = new RootfsSpec("trixie", "minbase", List.of("ca-certificates", "less"),
                Optional.of("http://mirror.example/debian"), Map.of());
        List<String> command = RootfsBackend.command(spec, Path.of("/tmp/out.tar"));
        assertThat(command).startsWith("mmdebstrap", "--variant=minbase")
                .contains("--format=tar", "--include=ca-certificates,less")
                .endsWith("trixie", "/tmp/out.tar", "http://mirror.example/debian");
    }

    @Test
    void leavesTheMirrorToMmdebstrapWhenNoneIsGiven() {
        RootfsSpec spec = new RootfsSpec("trixie", "minbase", List.of(), Optional.empty(), Map.of());
        assertThat(RootfsBackend.command(spec, Path.of("/o.tar"))).endsWith("trixie", "/o.tar")
                .noneMatch(arg -> arg.startsWith("--include"));
    }

    @Test
    void slimHookWritesTheDpkgExcludesAndKeepsMan1ForUpdateAlternatives(@org.junit.jupiter.api.io.TempDir Path root)
            throws Exception {
        java.nio.file.Files.createDirectories(root.resolve("etc/dpkg/dpkg.cfg.d"));
        java.nio.file.Files.createDirectories(root.resolve("etc/apt/apt.conf.d"));
        java.nio.file.Files.createDirectories(root.resolve("usr/share/doc/bash/examples"));
        java.nio.file.Files.writeString(root.resolve("usr/share/doc/bash/copyright"), "GPL");
        java.nio.file.Files.writeString(root.resolve("usr/share/doc/bash/examples/x.sh"), "echo");
        java.nio.file.Files.createDirectories(root.resolve("usr/share/locale/de/LC_MESSAGES"));
        java.nio.file.Files.writeString(root.resolve("usr/share/locale/de/LC_MESSAGES/bash.mo"), "");
        java.nio.file.Files.createDirectories(root.resolve("usr/share/man/man8"));
        Process sh = new ProcessBuilder("sh", "-c", RootfsBackend.SLIM_HOOK, "sh", root.toString())
                .redirectErrorStream(true).start();
        assertThat(sh.waitFor()).as(new String(sh.getInputStream().readAllBytes())).isZero();

        assertThat(root.resolve("usr/share/man/man1")).isDirectory();
        assertThat(root.resolve("usr/share/man/man8")).doesNotExist();
        assertThat(root.resolve("usr/share/doc/bash/copyright")).hasContent("GPL");
        assertThat(root.resolve("usr/share/doc/bash/examples")).doesNotExist();
        assertThat(root.resolve("usr/share/locale/de")).doesNotExist();
        assertThat(java.nio.file.Files.readAllLines(root.resolve("etc/dpkg/dpkg.cfg.d/poststack-slim")))
                .containsExactly("path-exclude=/usr/share/doc/*", "path-include=/usr/share/doc/*/copyright",
                        "path-exclude=/usr/share/man/*", "path-exclude=/usr/share/info/*",
                        "path-exclude=/usr/share/locale/*");
        assertThat(java.nio.file.Files.readString(root.resolve("etc/apt/apt.conf.d/docker-clean")))
                .contains("DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb")
                .contains("Dir::Cache::pkgcache \"\";");
    }

    @Test
    void appliesTheSlimHookAfterTheBootstrap() {
        RootfsSpec spec = new RootfsSpec("trixie", "minbase", List.of(), Optional.empty(), Map.of());
        assertThat(RootfsBackend.command(spec, Path.of("/o.tar")))
                .contains("--customize-hook=" + RootfsBackend.SLIM_HOOK, "--dpkgopt=force-unsafe-io")
                .noneMatch(arg -> arg.startsWith("--dpkgopt=path-exclude"));
    }
}
