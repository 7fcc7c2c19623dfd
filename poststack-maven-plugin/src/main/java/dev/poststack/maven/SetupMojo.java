package dev.poststack.maven;

import dev.poststack.Poststack;
import dev.poststack.api.SchemaOptions;
import dev.poststack.report.RunConsole;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;

/**
 * {@code poststack:setup}, the command line's {@code setup}: builds the images, starts and verifies every
 * service, and applies the schema. Idempotent: with nothing changed it rebuilds, restarts and applies nothing.
 */
@Mojo(name = "setup", threadSafe = true)
public class SetupMojo extends AbstractPoststackMojo {

    /** Skips this goal only. */
    @Parameter(property = "poststack.setup.skip", defaultValue = "false")
    boolean skipSetup;

    @Override
    String goal() {
        return "setup";
    }

    @Override
    boolean skipGoal() {
        return skipSetup;
    }

    @Override
    void run(Poststack poststack) throws MojoFailureException, InterruptedException {
        if (!BuildMojo.build(poststack, buildOptions(), logStream()).succeeded()) {
            throw new MojoFailureException("setup stopped: the build failed (see the summary above); nothing was"
                    + " started");
        }
        poststack.up(List.of(), new RunConsole(logStream()));
        if (poststack.hasSchema()) {
            poststack.applySchema(SchemaOptions.defaults(), getLog()::info);
        }
    }
}
