package dev.poststack.cli;

import dev.poststack.Poststack;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The options of every command, given before or after the command's name ({@code poststack --json status} and
 * {@code poststack status --json} are the same): picocli copies {@link ScopeType#INHERIT} options into each
 * subcommand and stores their values here, on the top command.
 */
final class GlobalOptions {

    @Option(names = "--manifest", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The manifest. Default: ${DEFAULT-VALUE} in the current folder.")
    Path manifest = Path.of("images.yaml");

    @Option(names = "--project", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Name the project's containers, network and volumes after NAME, as POSTSTACK_PROJECT does (and in its place).")
    String project;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the result as one JSON document on stdout (schemas in docs/JSON.md), an error too; progress goes to stderr.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print no progress, only results and errors.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Also print the libraries' informational log lines (poststack's own at debug level) on stderr.")
    boolean verbose;

    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "No ANSI escape sequences (no live status lines), even on a terminal. The NO_COLOR environment variable does the same.")
    boolean noColor;

    private final Map<String, String> environment;

    GlobalOptions() {
        this(System.getenv());
    }

    GlobalOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Opens the manifest, named after {@code --project} when given. */
    Poststack open() {
        return project == null ? Poststack.open(manifest) : Poststack.open(manifest, project);
    }

    /** Whether escape sequences may be written: not with --no-color or a non-empty NO_COLOR (no-color.org). */
    boolean color() {
        String noColorVariable = environment.get("NO_COLOR");
        return !noColor && (noColorVariable == null || noColorVariable.isEmpty());
    }

    /** Where progress goes: stdout normally, stderr with --json (stdout holds the document), nowhere with --quiet. */
    PrintStream progress() {
        if (quiet) {
            return new PrintStream(OutputStream.nullOutputStream(), true);
        }
        return json ? System.err : System.out;
    }
}
