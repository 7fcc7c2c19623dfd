package dev.poststack.maven;

import dev.poststack.Poststack;
import dev.poststack.api.BuildOptions;
import dev.poststack.api.MavenResolution;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import dev.poststack.api.PoststackException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What every goal shares: the manifest, the project name, skipping, and turning poststack's failures into
 * Maven's. A {@link PoststackException}'s message is the command line's, word for word; its kind decides the
 * exception: a build or check that failed is a {@link MojoFailureException} (BUILD FAILURE, the CLI's exit 1),
 * invalid input (exit 2) and an engine that does not answer (exit 3) are {@link MojoExecutionException}s
 * (BUILD ERROR: the goal could not run).
 */
abstract class AbstractPoststackMojo extends AbstractMojo {

    /** The manifest. */
    @Parameter(property = "poststack.manifest", defaultValue = "${project.basedir}/images.yaml")
    File manifest;

    /**
     * The name of the project's containers, network and volumes (like {@code POSTSTACK_PROJECT}); default:
     * {@code POSTSTACK_PROJECT}, else the manifest's namespace. {@code start} and {@code stop} must agree on it.
     */
    @Parameter(property = "poststack.project")
    String projectName;

    /** Skips every poststack goal. */
    @Parameter(property = "poststack.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    /** The goal's name, for its own skip property ({@code poststack.GOAL.skip}) and messages. */
    abstract String goal();

    /** This goal's own skip switch. */
    abstract boolean skipGoal();

    /** The goal's work, with the manifest opened. */
    abstract void run(Poststack poststack) throws MojoExecutionException, MojoFailureException,
            InterruptedException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipGoal()) {
            getLog().info("poststack:" + goal() + " skipped");
            return;
        }
        String name = blankToNull(projectName);
        try (Poststack poststack = name == null ? Poststack.open(manifest.toPath())
                : Poststack.open(manifest.toPath(), name)) {
            run(poststack);
        } catch (PoststackException e) {
            if (e.kind() == PoststackException.Kind.FAILED) {
                throw new MojoFailureException(e.getMessage(), e);
            }
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("poststack:" + goal() + " interrupted", e);
        }
    }

    /** Build options that resolve Jib layers' Maven artifacts as this Maven build does. */
    BuildOptions buildOptions() {
        return BuildOptions.defaults().maven(resolution(session.getRequest()));
    }

    /**
     * This build's own resolution settings: its offline mode ({@code -o}), settings files ({@code -s}, {@code -gs})
     * and local repository ({@code -Dmaven.repo.local} or the settings'), so that an image's jars come from where
     * the build takes its own.
     */
    static MavenResolution resolution(MavenExecutionRequest request) {
        MavenResolution.Builder builder = MavenResolution.builder().offline(request.isOffline());
        if (request.getLocalRepositoryPath() != null) {
            builder.localRepository(request.getLocalRepositoryPath().toPath());
        }
        if (request.getUserSettingsFile() != null) {
            builder.userSettingsFile(request.getUserSettingsFile().toPath());
        }
        if (request.getGlobalSettingsFile() != null) {
            builder.globalSettingsFile(request.getGlobalSettingsFile().toPath());
        }
        return builder.build();
    }

    /** Lines written to it go to the Maven log at info level, one per line. */
    PrintStream logStream() {
        return new PrintStream(new LogLines(getLog()::info), true, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A comma-separated parameter as a list; empty for none. */
    static List<String> names(List<String> values) {
        List<String> names = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String name : value.split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.trim());
                    }
                }
            }
        }
        return names;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
