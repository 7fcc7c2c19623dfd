package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.api.ChangeSet;
import dev.poststack.api.SchemaOptions;
import dev.poststack.api.SchemaResult;
import dev.poststack.api.SchemaStatus;
import dev.poststack.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code init-schema}, {@code update-schema} and {@code schema-status}. */
final class SchemaCommands {

    private SchemaCommands() {
    }

    /** A schema run: the options and manifest both commands take; {@link #apply} is what differs. */
    abstract static class Apply implements Callable<Integer> {
        @Mixin
        SchemaOptionsMixin schema;
        @ParentCommand
        Main main;
        @Spec
        CommandSpec spec;

        abstract SchemaResult apply(Poststack poststack, SchemaOptions options, Consumer<String> progress)
                throws InterruptedException;

        @Override
        public Integer call() throws InterruptedException {
            try (Poststack poststack = main.globals.open()) {
                SchemaResult result = apply(poststack, schema.options(), main.globals.progress()::println);
                if (main.globals.json) {
                    JsonOutput.print(json(spec.name(), result));
                } else {
                    print(result);
                }
                return 0;
            }
        }
    }

    @Command(name = "init-schema", mixinStandardHelpOptions = true,
            description = {"Creates the application database and role if missing, then applies the schema.",
                    "Creates the application role and database when missing, checks the changelogs, then applies every changeset with Liquibase, run in its own container against the database service."})
    static final class Init extends Apply {
        @Override
        SchemaResult apply(Poststack poststack, SchemaOptions options, Consumer<String> progress)
                throws InterruptedException {
            return poststack.applySchema(options, progress);
        }
    }

    @Command(name = "update-schema", mixinStandardHelpOptions = true,
            description = "Applies the pending changesets to the existing application database.")
    static final class Update extends Apply {
        @Override
        SchemaResult apply(Poststack poststack, SchemaOptions options, Consumer<String> progress)
                throws InterruptedException {
            return poststack.updateSchema(options, progress);
        }
    }

    @Command(name = "schema-status", mixinStandardHelpOptions = true,
            description = "Lists the applied and the pending changesets, and who holds the Liquibase lock.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Override
        public Integer call() {
            try (Poststack poststack = main.globals.open()) {
                SchemaStatus status = poststack.schemaStatus();
                if (main.globals.json) {
                    JsonOutput.print(json(status));
                    return 0;
                }
                TextTable table = TextTable.withColumns("STATE", "CHANGESET", "AUTHOR", "FILE", "APPLIED AT");
                status.applied().forEach(a -> table.row("applied", a.changeSet().id(), a.changeSet().author(),
                        a.changeSet().file(), a.at().toString()));
                status.pending().forEach(c -> table.row("pending", c.id(), c.author(), c.file(), "-"));
                System.out.print(table.render());
                System.out.println("database " + status.database() + ": " + status.applied().size() + " applied, "
                        + status.pending().size() + " pending");
                status.lock().ifPresent(l -> System.out.println("the Liquibase lock is held by " + l.lockedBy()
                        + " since " + l.since() + " (release it with `poststack update-schema --release-lock`)"));
                return 0;
            }
        }
    }

    /** The document of init-schema and update-schema ({@code command}), and of setup's schema phase. */
    static ObjectNode json(String command, SchemaResult result) {
        ObjectNode document = JsonOutput.document(command);
        document.put("database", result.database());
        document.put("createdDatabase", result.createdDatabase());
        document.put("createdOwner", result.createdOwner());
        document.put("liquibaseRan", result.liquibaseRan());
        document.set("applied", ApiJson.changeSets(result.applied()));
        document.set("pending", ApiJson.changeSets(result.pending()));
        document.put("sql", result.sql().orElse(null));
        document.put("tookMillis", result.took().toMillis());
        return document;
    }

    static ObjectNode json(SchemaStatus status) {
        ObjectNode document = JsonOutput.document("schema-status");
        document.put("database", status.database());
        ArrayNode applied = document.putArray("applied");
        status.applied().forEach(a -> applied.add(ApiJson.changeSet(a.changeSet()).put("appliedAt", a.at().toString())));
        document.set("pending", ApiJson.changeSets(status.pending()));
        status.lock().ifPresentOrElse(l -> document.putObject("lock").put("lockedBy", l.lockedBy())
                .put("since", l.since().toString()), () -> document.putNull("lock"));
        return document;
    }

    static void print(SchemaResult result) {
        System.out.println(describe(result));
        result.sql().ifPresent(System.out::print);
    }

    /** What the run did to the schema, with each changeset it applied on a line of its own. */
    static String describe(SchemaResult result) {
        if (result.applied().isEmpty()) {
            return headline(result);
        }
        StringBuilder text = new StringBuilder(headline(result)).append(':');
        for (ChangeSet c : result.applied()) {
            text.append(System.lineSeparator()).append("  ").append(c);
        }
        return text.toString();
    }

    /** One line: what the run did to the schema; setup's summary shows it as the schema phase's result. */
    static String headline(SchemaResult result) {
        if (result.sql().isPresent()) {
            return result.pending().size() + " pending changesets; the SQL they would run follows (nothing applied)";
        }
        if (!result.liquibaseRan()) {
            return "schema of " + result.database() + " up to date: nothing to apply (changelogs and database"
                    + " unchanged since the last update)";
        }
        if (result.applied().isEmpty()) {
            return "schema of " + result.database() + " up to date: no changeset was pending";
        }
        return "applied " + result.applied().size() + (result.applied().size() == 1 ? " changeset" : " changesets")
                + " to " + result.database();
    }
}
