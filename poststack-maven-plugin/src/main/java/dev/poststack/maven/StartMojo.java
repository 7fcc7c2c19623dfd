package dev.poststack.maven;

import dev.poststack.Poststack;
import dev.poststack.api.BuildOptions;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.SchemaOptions;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.report.RunConsole;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code poststack:start}, bound by default to {@code pre-integration-test}: builds what the services need
 * (cached images cost a fraction of a second), starts them in dependency order, each proved by its checks,
 * applies the schema, and exports where everything is as Maven project properties and system properties, so
 * that failsafe's tests run against a verified stack (see {@link StackProperties} for the names). Passwords are
 * never exported, only the files they are kept in.
 */
@Mojo(name = "start", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class StartMojo extends AbstractPoststackMojo {

    /** The services to start (with the services they depend on), comma-separated; default: all. */
    @Parameter(property = "poststack.services")
    List<String> services;

    /** Build the images the services need first (cached ones are not built again). */
    @Parameter(property = "poststack.start.build", defaultValue = "true")
    boolean build;

    /** Apply the manifest's schema once the services are up. */
    @Parameter(property = "poststack.start.schema", defaultValue = "true")
    boolean schema;

    /** Skips this goal only. */
    @Parameter(property = "poststack.start.skip", defaultValue = "false")
    boolean skipStart;

    @Override
    String goal() {
        return "start";
    }

    @Override
    boolean skipGoal() {
        return skipStart;
    }

    @Override
    void run(Poststack poststack) throws MojoFailureException, InterruptedException {
        List<String> wanted = names(services);
        boolean withSchema = schema && poststack.hasSchema();
        if (build) {
            BuildOptions options = buildOptions().images(poststack.imagesFor(wanted, withSchema));
            if (!BuildMojo.build(poststack, options, logStream()).succeeded()) {
                throw new MojoFailureException("poststack:start stopped: the build failed (see the summary above);"
                        + " nothing was started");
            }
        }
        List<ServiceOutcome> outcomes = poststack.up(wanted, new RunConsole(logStream()));
        Map<String, String> exported = new TreeMap<>();
        DatabaseAccess server = null;
        for (ServiceOutcome outcome : outcomes) {
            DatabaseAccess database = null;
            if (poststack.databaseServices().contains(outcome.service())) {
                database = poststack.database(outcome.service(), outcome.ports());
                if (outcome.service().equals(poststack.databaseService())) {
                    server = database;
                }
            }
            exported.putAll(StackProperties.service(outcome.service(), outcome.ports(), database));
        }
        if (withSchema) {
            poststack.applySchema(SchemaOptions.defaults(), getLog()::info);
        }
        if (server != null) {
            poststack.applicationDatabase(server).ifPresent(app -> exported.putAll(StackProperties.application(app)));
        }
        exported.forEach((name, value) -> {
            project.getProperties().setProperty(name, value);
            System.setProperty(name, value);
            getLog().info("  " + name + " = " + value);
        });
    }
}
