package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.PoststackException;
import dev.poststack.clone.CopyInfo;
import dev.poststack.clone.DatabaseCopies;
import dev.poststack.report.RunConsole;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code poststack clone}, {@code clones}, {@code drop-clone}: copies of a database of the running database service. */
final class CloneCommands {

    private CloneCommands() {
    }

    /** The database service's superuser access, found through its running container. */
    private static DatabaseAccess admin(Poststack poststack) {
        return poststack.database(poststack.databaseService());
    }

    /** The fields every document of these commands starts with: which project, which database service. */
    private static ObjectNode document(String command, Poststack poststack, DatabaseAccess admin) {
        ObjectNode document = JsonOutput.document(command);
        document.put("project", poststack.projectName());
        document.put("service", admin.service());
        return document;
    }

    /**
     * {@code clone}'s document: what was copied to what, how long it took, and how to connect to the copy, as
     * {@code role} ({@code application} or {@code admin}).
     */
    static ObjectNode cloneJson(ObjectNode document, String source, DatabaseAccess connect, String role, Duration took) {
        document.put("source", source);
        document.put("clone", connect.database());
        document.put("tookMillis", took.toMillis());
        document.set("connect", ApiJson.access(connect).put("role", role));
        return document;
    }

    /** {@code clones}' document: every copy poststack made on the server. */
    static ObjectNode clonesJson(ObjectNode document, List<CopyInfo> copies) {
        ArrayNode clones = document.putArray("clones");
        copies.forEach(copy -> clones.add(ApiJson.copy(copy)));
        return document;
    }

    @Command(name = "clone", mixinStandardHelpOptions = true,
            description = {"Copies a database of the running database service into a new one (CREATE DATABASE ... TEMPLATE), with its owner and per-database settings.",
                    "The source's sessions are ended for the moment of the copy."})
    static final class Clone implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "The new database (letters, digits, underscores).")
        String name;

        @Option(names = "--from", paramLabel = "DB", description = "The database to copy (default: the schema's database).")
        String from;

        @ParentCommand
        Main main;

        @Override
        public Integer call() {
            DatabaseCopies.checkName(name);
            if (from != null) {
                DatabaseCopies.checkName(from);
            }
            try (Poststack poststack = main.globals.open()) {
                DatabaseAccess admin = admin(poststack);
                Optional<DatabaseAccess> application = poststack.applicationDatabase(admin);
                String source = from != null ? from : application.map(DatabaseAccess::database)
                        .orElseThrow(() -> PoststackException.invalidInput("the manifest has no schema: name the database"
                                + " to copy with --from DB"));
                long start = System.nanoTime();
                DatabaseAccess copy = DatabaseCopies.clone(admin, source, name);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                // The schema's database is the application's: its copy is reached as the application reaches it.
                Optional<DatabaseAccess> asApplication = application.filter(a -> a.database().equals(source))
                        .map(a -> a.withDatabase(name));
                DatabaseAccess as = asApplication.orElse(copy);
                if (main.globals.json) {
                    JsonOutput.print(cloneJson(document("clone", poststack, admin), source, as,
                            asApplication.isPresent() ? "application" : "admin", took));
                    return 0;
                }
                System.out.println("cloned " + source + " to " + name);
                System.out.println(name + ": " + RunConsole.psql(as) + "   JDBC " + as.jdbcUrl());
                return 0;
            }
        }
    }

    @Command(name = "clones", mixinStandardHelpOptions = true,
            description = "Lists the databases poststack copied on the running database service (clones and test copies).")
    static final class Clones implements Callable<Integer> {

        @ParentCommand
        Main main;

        @Override
        public Integer call() {
            try (Poststack poststack = main.globals.open()) {
                DatabaseAccess admin = admin(poststack);
                List<CopyInfo> copies = DatabaseCopies.list(admin);
                if (main.globals.json) {
                    JsonOutput.print(clonesJson(document("clones", poststack, admin), copies));
                    return 0;
                }
                if (copies.isEmpty()) {
                    System.out.println("no clones");
                }
                for (CopyInfo copy : copies) {
                    System.out.println(copy.name() + "  from " + copy.source()
                            + (copy.pid().isPresent() ? "  test run pid " + copy.pid().getAsLong() : "")
                            + (copy.kept() ? "" : "  (dropped by the next test run once its JVM is gone)"));
                }
                return 0;
            }
        }
    }

    @Command(name = "drop-clone", mixinStandardHelpOptions = true,
            description = "Drops a database poststack copied (never any other), ending its sessions.")
    static final class DropClone implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "The clone to drop.")
        String name;

        @ParentCommand
        Main main;

        @Override
        public Integer call() {
            DatabaseCopies.checkName(name);
            try (Poststack poststack = main.globals.open()) {
                DatabaseAccess admin = admin(poststack);
                DatabaseCopies.dropCopy(admin, name);
                if (main.globals.json) {
                    JsonOutput.print(document("drop-clone", poststack, admin).put("dropped", name));
                    return 0;
                }
                System.out.println("dropped " + name);
                return 0;
            }
        }
    }
}
