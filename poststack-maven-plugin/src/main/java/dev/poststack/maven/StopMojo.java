package dev.poststack.maven;

import dev.poststack.Poststack;
import dev.poststack.report.RunConsole;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code poststack:stop}, the command line's {@code down}: stops and removes the project's containers and
 * network, bound by default to {@code post-integration-test}; volumes too with {@code removeVolumes}.
 */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopMojo extends AbstractPoststackMojo {

    /** Also remove the project's named volumes (the database's data). */
    @Parameter(property = "poststack.removeVolumes", defaultValue = "false")
    boolean removeVolumes;

    /** Skips this goal only. */
    @Parameter(property = "poststack.stop.skip", defaultValue = "false")
    boolean skipStop;

    @Override
    String goal() {
        return "stop";
    }

    @Override
    boolean skipGoal() {
        return skipStop;
    }

    @Override
    void run(Poststack poststack) {
        poststack.down(removeVolumes, new RunConsole(logStream()));
    }
}
