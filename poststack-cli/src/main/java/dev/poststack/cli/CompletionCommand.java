package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code poststack completion bash|zsh|fish}: the shell completion script. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints the shell completion script for bash, zsh or fish.",
                "Completes commands, options, and the image and service names of the manifest on the line (or ./images.yaml). The names are kept in a cache under .poststack/state/ that is made again when the manifest changes, so completing needs no JVM start."},
        footer = {"", "Install:",
                "  bash:  echo 'source <(poststack completion bash)' >> ~/.bashrc",
                "  zsh:   echo 'source <(poststack completion zsh)' >> ~/.zshrc",
                "  fish:  poststack completion fish > ~/.config/fish/completions/poststack.fish"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh, fish }

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // The launcher says where it is; a completion then works with ./poststack as well as with one on PATH.
        String launcher = System.getenv().getOrDefault("POSTSTACK_LAUNCHER", "poststack");
        CompletionScripts scripts = new CompletionScripts(spec.root(), launcher);
        String script = switch (shell) {
            case bash -> scripts.bash();
            case zsh -> scripts.zsh();
            case fish -> scripts.fish();
        };
        if (main.globals.json) {
            ObjectNode document = JsonOutput.document("completion");
            document.put("shell", shell.name().toLowerCase(Locale.ROOT));
            document.put("script", script);
            JsonOutput.print(document);
        } else {
            System.out.print(script);
        }
        return 0;
    }
}
