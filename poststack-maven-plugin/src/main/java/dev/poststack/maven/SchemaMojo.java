package dev.poststack.maven;

import dev.poststack.Poststack;
import dev.poststack.api.SchemaOptions;
import dev.poststack.api.SchemaResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code poststack:schema}, the command line's {@code update-schema}: applies the pending changesets to the
 * running database (nothing runs when nothing can be pending).
 */
@Mojo(name = "schema", threadSafe = true)
public class SchemaMojo extends AbstractPoststackMojo {

    /** Liquibase contexts, passed through. */
    @Parameter(property = "poststack.contexts")
    String contexts;

    /** A Liquibase label filter, passed through. */
    @Parameter(property = "poststack.labels")
    String labels;

    /** Release a Liquibase lock left behind by a killed run before updating. */
    @Parameter(property = "poststack.releaseLock", defaultValue = "false")
    boolean releaseLock;

    /** Skips this goal only. */
    @Parameter(property = "poststack.schema.skip", defaultValue = "false")
    boolean skipSchema;

    @Override
    String goal() {
        return "schema";
    }

    @Override
    boolean skipGoal() {
        return skipSchema;
    }

    @Override
    void run(Poststack poststack) throws InterruptedException {
        SchemaResult result = poststack.updateSchema(
                SchemaOptions.defaults().contexts(contexts).labels(labels).releaseLock(releaseLock), getLog()::info);
        getLog().info("schema: " + result.applied().size() + " changesets applied");
    }
}
