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
}
