package dev.poststack.run;

import dev.poststack.api.CheckResult;
import dev.poststack.manifest.CheckSpec;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one phase of a service's checks ({@code health}: in order, stopping at the first failure;
 * {@code verify}: all of them). The runner only sequences phases; how a check looks is the check package's.
 */
@FunctionalInterface
public interface ServiceChecker {

    List<CheckResult> run(RunningService service, String phase, List<CheckSpec> checks, Consumer<CheckResult> onEach)
            throws InterruptedException;
}
