package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.api.BuildOptions;
import dev.poststack.api.BuildResult;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.Durations;
import dev.poststack.api.ImageStatus;
import dev.poststack.api.PoststackException;
import dev.poststack.api.SchemaResult;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.report.RunConsole;
import dev.poststack.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code poststack setup}: build, run, verify, apply the schema, and say how to connect. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Builds, starts, verifies and applies the schema: the whole stack in one command.",
                "From nothing to a verified database with its schema applied: builds the images, starts the services and proves them with their checks, then creates the application database and role and applies the changelogs. Idempotent: with nothing changed it rebuilds, restarts and applies nothing.",
                "A failing phase stops setup with its message and exit code; services this run started are stopped again (their volumes are kept)."})
final class SetupCommand implements Callable<Integer> {

    @Option(names = "--source-dir", paramLabel = "DIR", description = "Extension sources for offline builds.")
    Path sourceDir;

    @Option(names = "--accept-local-source", paramLabel = "NAME",
            description = "Use source NAME's local archive although its sha256 differs from the manifest's (repeatable).")
    List<String> acceptLocalSources = new ArrayList<>();

    @ParentCommand
    Main main;

    @Mixin
    TakeOverOption takeOver;

    private record Phase(String name, Duration took, String result) {
    }

    @Override
    public Integer call() throws InterruptedException {
        List<Phase> phases = new ArrayList<>();
        GlobalOptions globals = main.globals;
        try (Poststack poststack = takeOver.applyTo(globals.open())) {
            long began = System.nanoTime();
            BuildResult build = BuildImagesCommand.build(poststack,
                    BuildOptions.defaults().sourceDir(sourceDir).acceptLocalSources(acceptLocalSources), globals, false);
            if (!build.succeeded()) {
                throw new PoststackException(PoststackException.Kind.FAILED, "setup stopped: the build failed"
                        + " (see the summary above); nothing was started", null);
            }
            phases.add(new Phase("build-images", since(began), describe(build)));

            began = System.nanoTime();
            List<ServiceOutcome> services = poststack.up(List.of(), new RunConsole(globals.progress()));
            phases.add(new Phase("up + verify", since(began), describeServices(services)));

            boolean changed = build.count(ImageStatus.BUILT) > 0
                    || services.stream().anyMatch(s -> s.action() != ServiceOutcome.Action.REUSED);
            SchemaResult schema = null;
            if (poststack.hasSchema()) {
                began = System.nanoTime();
                try {
                    schema = poststack.applySchema(dev.poststack.api.SchemaOptions.defaults(),
                            globals.progress()::println);
                } catch (PoststackException | InterruptedException e) {
                    stopStartedOnly(poststack, services, globals);
                    throw e;
                }
                phases.add(new Phase("schema", since(began), SchemaCommands.headline(schema)));
                changed |= !schema.applied().isEmpty() || schema.createdDatabase() || schema.createdOwner();
            }
            if (globals.json) {
                JsonOutput.print(json(phases, build, poststack, services, schema, changed));
            } else {
                printSummary(phases, poststack, services, changed);
            }
            return 0;
        }
    }

    /** Services that were not running before this setup are stopped again; replaced ones were running. */
    private static void stopStartedOnly(Poststack poststack, List<ServiceOutcome> services, GlobalOptions globals) {
        List<String> started = services.stream().filter(s -> s.action() == ServiceOutcome.Action.STARTED)
                .map(ServiceOutcome::service).toList();
        if (!started.isEmpty()) {
            System.err.println("setup: stopping " + String.join(", ", started) + ", which this run started");
            poststack.stop(started, new RunConsole(globals.quiet ? globals.progress() : System.err));
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static String describe(BuildResult build) {
        String text = build.count(ImageStatus.BUILT) + " built, " + build.count(ImageStatus.CACHED) + " cached";
        List<String> skipped = build.images().stream().filter(i -> i.status() == ImageStatus.SKIPPED)
                .map(i -> i.name()).toList();
        return skipped.isEmpty() ? text : text + ", skipped " + String.join(", ", skipped);
    }

    private static String describeServices(List<ServiceOutcome> services) {
        long checks = services.stream().mapToLong(s -> s.checks().size()).sum();
        return services.stream().map(s -> s.service() + " " + s.action().name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", ")) + "; " + checks + " checks passed";
    }

    private static ObjectNode json(List<Phase> phases, BuildResult build, Poststack poststack,
                                   List<ServiceOutcome> services, SchemaResult schema, boolean changed) {
        ObjectNode document = JsonOutput.document("setup");
        document.put("project", poststack.projectName());
        ArrayNode phaseList = document.putArray("phases");
        phases.forEach(p -> phaseList.addObject().put("name", p.name()).put("millis", p.took().toMillis())
                .put("result", p.result()));
        ArrayNode images = document.putArray("images");
        build.images().forEach(i -> images.addObject().put("name", i.name())
                .put("status", i.status().name().toLowerCase(java.util.Locale.ROOT)).put("imageId", i.imageId().orElse(null)));
        ArrayNode serviceList = document.putArray("services");
        services.forEach(s -> serviceList.add(ApiJson.outcome(s)));
        document.set("applied", schema == null ? null : ApiJson.changeSets(schema.applied()));
        ArrayNode connections = document.putArray("connections");
        Map<String, ServiceOutcome> outcomes = services.stream()
                .collect(Collectors.toMap(ServiceOutcome::service, outcome -> outcome));
        for (String service : poststack.databaseServices()) {
            connections.add(ApiJson.access(poststack.database(service, outcomes.get(service).ports())).put("role", "admin"));
        }
        poststack.applicationDatabase().ifPresent(app -> connections.add(ApiJson.access(app).put("role", "application")));
        document.put("changed", changed);
        return document;
    }

    private static void printSummary(List<Phase> phases, Poststack poststack, List<ServiceOutcome> services,
                                     boolean changed) {
        TextTable table = TextTable.withColumns("PHASE", "TIME", "RESULT");
        phases.forEach(p -> table.row(p.name(), Durations.format(p.took()), p.result()));
        System.out.println();
        System.out.print(table.render());
        // up started every service and reported its ports: no need to inspect the containers again
        Map<String, ServiceOutcome> outcomes = services.stream()
                .collect(Collectors.toMap(ServiceOutcome::service, outcome -> outcome));
        for (String service : poststack.databaseServices()) {
            ServiceOutcome outcome = outcomes.get(service);
            print("admin", poststack.database(service, outcome.ports()));
        }
        poststack.applicationDatabase().ifPresent(app -> print("application", app));
        if (!changed) {
            System.out.println("nothing changed: every image was cached, every service kept, nothing applied");
        }
    }

    private static void print(String who, DatabaseAccess db) {
        System.out.println(who + ": " + RunConsole.psql(db) + "   JDBC " + db.jdbcUrl());
    }
}
