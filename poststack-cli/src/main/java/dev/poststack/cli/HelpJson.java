package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;

import java.util.List;
import java.util.Optional;

/**
 * {@code --help}, {@code help [COMMAND]} and {@code --version} with {@code --json}: the text picocli prints, as a
 * document, so that a script that passes --json to every call gets JSON from these too.
 */
final class HelpJson {

    private HelpJson() {
    }

    /** The help or version document the parsed line asks for; empty when it asks for neither. */
    static Optional<ObjectNode> of(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult at = parsed; at != null; at = at.subcommand()) {
            CommandLine command = at.commandSpec().commandLine();
            if (at.isVersionHelpRequested()) {
                return Optional.of(version(command));
            }
            if (at.isUsageHelpRequested()) {
                return Optional.of(help(command));
            }
            if (at.commandSpec().userObject() instanceof CommandLine.HelpCommand) {
                List<String> named = at.matchedPositionals().stream().flatMap(p -> p.stringValues().stream()).toList();
                CommandLine parent = command.getParent();
                CommandLine target = named.isEmpty() ? parent : parent.getSubcommands().get(named.get(0));
                // An unknown name is left to picocli's own help command, which says so.
                return target == null ? Optional.empty() : Optional.of(help(target));
            }
        }
        return Optional.empty();
    }

    private static ObjectNode help(CommandLine command) {
        ObjectNode document = JsonOutput.document("help");
        document.put("command", command.getCommandSpec().qualifiedName());
        document.put("usage", command.getUsageMessage(CommandLine.Help.Ansi.OFF));
        return document;
    }

    private static ObjectNode version(CommandLine command) {
        ObjectNode document = JsonOutput.document("version");
        String[] lines = new VersionProvider().getVersion();
        document.put("version", lines[0].substring("poststack ".length()));
        document.put("java", System.getProperty("java.version"));
        document.put("text", String.join("\n", lines));
        return document;
    }
}
