package dev.poststack.maven;

import dev.poststack.Poststack;
import dev.poststack.api.CheckResult;
import dev.poststack.api.RunListener;
import dev.poststack.report.CheckReport;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code poststack:verify}, the command line's {@code verify-db}: checks the running services again and fails
 * the build when a check fails, with each failed check's message.
 */
@Mojo(name = "verify", threadSafe = true)
public class VerifyMojo extends AbstractPoststackMojo {

    /** The services to verify, comma-separated; default: the one with a {@code database:} block. */
    @Parameter(property = "poststack.services")
    List<String> services;

    /** Skips this goal only. */
    @Parameter(property = "poststack.verify.skip", defaultValue = "false")
    boolean skipVerify;

    @Override
    String goal() {
        return "verify";
    }

    @Override
    boolean skipGoal() {
        return skipVerify;
    }

    @Override
    void run(Poststack poststack) throws MojoFailureException, InterruptedException {
        List<String> targets = names(services);
        if (targets.isEmpty()) {
            targets = List.of(poststack.databaseService());
        }
        List<String> failures = new ArrayList<>();
        try (PrintStream log = logStream()) {
            for (String service : targets) {
                List<CheckResult> results = poststack.verify(service, RunListener.none());
                log.print(CheckReport.table(results));
                results.stream().filter(r -> !r.passed()).forEach(r -> failures.add(r.failureMessage()));
            }
        }
        if (!failures.isEmpty()) {
            throw new MojoFailureException(String.join("\n", failures));
        }
    }
}
