package dev.poststack.run;

import dev.poststack.api.CheckResult;
import dev.poststack.manifest.CheckSpec;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a service's checks: {@code health} in order, stopping at the first failure, then, when all passed,
 * every one of {@code verify}. The runner decides when a service is checked; how a check looks is the check
 * package's.
 */
@FunctionalInterface
public interface ServiceChecker {

    /** @return the results, health first, each phase in the order of its checks */
    List<CheckResult> check(RunningService service, List<CheckSpec> health, List<CheckSpec> verify,
                            Consumer<CheckResult> onEach) throws InterruptedException;
}
