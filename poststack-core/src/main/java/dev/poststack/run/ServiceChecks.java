package dev.poststack.run;

import dev.poststack.api.CheckResult;
import dev.poststack.api.PoststackException;
import dev.poststack.api.RunEvent;
import dev.poststack.manifest.ServiceSpec;

import java.util.List;
import java.util.Optional;

/** Runs a service's health then verify checks through the {@link ServiceChecker}, reporting each result. */
final class ServiceChecks {

    private final RunContext context;
    private final ServiceChecker checker;

    ServiceChecks(RunContext context, ServiceChecker checker) {
        this.context = context;
        this.checker = checker;
    }

    List<CheckResult> run(RunningService running) throws InterruptedException {
        ServiceSpec service = context.manifest().services().get(running.service());
        return checker.check(running, service.health(), service.verify(), this::report);
    }

    /** The health checks alone (a kept container whose verify checks passed since it started). */
    List<CheckResult> runHealth(RunningService running) throws InterruptedException {
        ServiceSpec service = context.manifest().services().get(running.service());
        return checker.check(running, service.health(), List.of(), this::report);
    }

    /** Health then verify; a failure is thrown with the check's message (the caller removes the container). */
    List<CheckResult> runOrFail(RunningService running) throws InterruptedException {
        List<CheckResult> results = run(running);
        Optional<CheckResult> failed = results.stream().filter(r -> !r.passed()).findFirst();
        if (failed.isPresent()) {
            String message = failed.get().failureMessage() + "\n  full log: "
                    + context.logs().fileOf(running.service());
            context.listener().on(new RunEvent.ServiceFailed(running.service(), message, context.clock().instant()));
            throw new PoststackException(PoststackException.Kind.FAILED, message, null);
        }
        return results;
    }

    private void report(CheckResult result) {
        context.listener().on(new RunEvent.CheckFinished(result.service(), result, context.clock().instant()));
    }
}
