package dev.poststack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every shell script shipped in a container image passes shellcheck. */
class ContainerScriptsTest {

    private static final Path CONTAINERS = Path.of("poststack-core/src/main/resources/dev/poststack/catalog");

    @Test
    void everyContainerScriptIsShellcheckClean() throws Exception {
        assumeTrue(shellcheckInstalled(), "shellcheck is not installed (./run-tests installs it)");
        List<String> scripts;
        try (Stream<Path> walk = Files.walk(CONTAINERS)) {
            scripts = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".sh"))
                    .map(Path::toString).sorted().toList();
        }
        assertThat(scripts).as("scripts of the image catalog").isNotEmpty();

        List<String> command = new ArrayList<>(List.of("shellcheck", "--format=gcc", "--severity=style"));
        command.addAll(scripts);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("shellcheck finishes").isTrue();

        assertThat(process.exitValue()).as("shellcheck %s:%n%s", scripts, output).isZero();
    }

    private static boolean shellcheckInstalled() {
        try {
            Process process = new ProcessBuilder("shellcheck", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
