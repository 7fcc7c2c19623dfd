package dev.poststack.cli;

import dev.poststack.Poststack;
import dev.poststack.api.CheckResult;
import dev.poststack.api.RunListener;
import dev.poststack.report.CheckReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code poststack verify-db}: the database service's checks, as a table; exit 0 only if all pass. */
@Command(name = "verify-db", mixinStandardHelpOptions = true,
        description = {"Checks the running database: a table of check, expected, seen, time.",
                "Runs the database service's health and side-effect checks against its running container and prints each check: what was expected, what was seen, how long it took. Exit code 0 only when every check passes, 1 otherwise."})
final class VerifyDbCommand implements Callable<Integer> {

    @Option(names = "--service", paramLabel = "SERVICE",
            description = "The service to verify. Default: the one with a `database:` block.")
    String service;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws InterruptedException {
        try (Poststack poststack = main.globals.open()) {
            String target = service != null ? service : poststack.databaseService();
            List<CheckResult> results = poststack.verify(target, RunListener.none());
            if (main.globals.json) {
                JsonOutput.print(JsonOutput.document("verify-db", CheckReport.json(target, results)));
            } else {
                System.out.print(CheckReport.table(results));
                results.stream().filter(r -> !r.passed()).forEach(r -> System.err.println(r.failureMessage()));
            }
            return results.stream().allMatch(CheckResult::passed) ? 0 : 1;
        }
    }
}
