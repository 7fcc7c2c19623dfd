package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.testing.StackReuse;
import dev.poststack.testing.TestProjects;
import dev.poststack.report.RunConsole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code poststack down}: stops and removes the project's containers. */
@Command(name = "down",
        mixinStandardHelpOptions = true,
        description = {"Stops and removes the project's containers.",
                "Stops (SIGTERM, then each service's stop timeout, then SIGKILL) and removes every container of this project, including leftovers of interrupted runs, and its network. Named volumes (the database's data) are kept unless --volumes is given.",
                "With --tests: instead removes every test stack on the engine (pstest-*: the stacks of test runs, reused ones included), with their volumes."})
final class DownCommand implements Callable<Integer> {

    @Option(names = "--volumes", description = "Also remove the project's named volumes: their data is lost.")
    boolean volumes;

    @Option(names = "--tests", description = "Remove every test stack (pstest-*, reused ones included) with its volumes.")
    boolean tests;

    @ParentCommand
    Main main;

    @Mixin
    TakeOverOption takeOver;

    /**
     * {@code down --tests}' document: the test stacks removed (with their volumes) as {@code testStacks}; the
     * project's own containers and volumes are left, so {@code removed} is empty.
     */
    static ObjectNode testStacksJson(String project, Set<String> testStacks) {
        ObjectNode document = JsonOutput.document("down");
        document.put("project", project);
        document.putArray("removed");
        document.put("volumesRemoved", false);
        new TreeSet<>(testStacks).forEach(document.putArray("testStacks")::add);
        return document;
    }

    @Override
    public Integer call() {
        if (tests) {
            try (Poststack poststack = main.globals.open()) {
                StackReuse reuse = StackReuse.ofThisJvm();
                Set<String> removed = poststack.removeProjects(TestProjects::isTestStack);
                removed.forEach(reuse::forget);
                if (main.globals.json) {
                    JsonOutput.print(testStacksJson(poststack.projectName(), removed));
                    return 0;
                }
                System.out.println(removed.isEmpty() ? "no test stacks" : "removed test stacks: "
                        + String.join(", ", new TreeSet<>(removed)));
                return 0;
            }
        }
        try (Poststack poststack = takeOver.applyTo(main.globals.open())) {
            List<String> removed = poststack.down(volumes, new RunConsole(main.globals.progress()));
            if (main.globals.json) {
                ObjectNode document = JsonOutput.document("down");
                document.put("project", poststack.projectName());
                removed.forEach(document.putArray("removed")::add);
                document.put("volumesRemoved", volumes);
                JsonOutput.print(document);
                return 0;
            }
            System.out.println(removed.isEmpty() ? "nothing was running" : "removed " + removed.size()
                    + (removed.size() == 1 ? " container" : " containers"));
            System.out.println(volumes ? "volumes removed" : "volumes kept (remove them with `poststack down --volumes`)");
            return 0;
        }
    }
}
