package dev.poststack.cli;

import dev.poststack.Poststack;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --manifest} option every command shares. */
final class ManifestOption {

    @Option(names = "--manifest", paramLabel = "FILE", description = "The manifest. Default: ${DEFAULT-VALUE}.")
    Path manifest = Path.of("images.yaml");

    Poststack open() {
        return Poststack.open(manifest);
    }
}
