package dev.poststack.cli;

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

import java.util.List;
import java.util.concurrent.Callable;

/** {@code poststack clone}, {@code clones}, {@code drop-clone}: copies of a database of the running database service. */
final class CloneCommands {

    private CloneCommands() {
    }

    /** The database service's superuser access, found through its running container. */
    private static DatabaseAccess admin(Poststack poststack) {
        return poststack.database(poststack.databaseService());
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
            try (Poststack poststack = main.globals.open()) {
                DatabaseAccess admin = admin(poststack);
                String source = from != null ? from : poststack.applicationDatabase(admin).map(DatabaseAccess::database)
                        .orElseThrow(() -> PoststackException.invalidInput("the manifest has no schema: name the database"
                                + " to copy with --from DB"));
                DatabaseAccess copy = DatabaseCopies.clone(admin, source, name);
                DatabaseAccess as = poststack.applicationDatabase(admin).filter(a -> a.database().equals(source))
                        .map(a -> a.withDatabase(name)).orElse(copy);
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
                List<CopyInfo> copies = DatabaseCopies.list(admin(poststack));
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
            try (Poststack poststack = main.globals.open()) {
                DatabaseCopies.dropCopy(admin(poststack), name);
                System.out.println("dropped " + name);
                return 0;
            }
        }
    }
}
