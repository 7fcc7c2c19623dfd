package dev.poststack.build;

/**
 * Builds one image in one way (rootfs, Dockerfile or Jib). A backend reports steps or layers through
 * {@link BuildJob#events()} and returns the id of the image it tagged as {@link BuildJob#reference()}.
 */
public interface BuildBackend {

    /**
     * Builds the image, tags it {@code job.reference()} and labels it with {@code job.labels()}.
     *
     * @return the image id, {@code sha256:...}
     * @throws BuildFailure         when the build fails; it names the step and carries the output tail
     * @throws InterruptedException when the run is cancelled; the backend leaves nothing behind
     */
    String build(BuildJob job) throws BuildFailure, InterruptedException;

    /**
     * Does work that needs neither the parent nor the engine (e.g. resolving Maven artifacts) so it can run
     * while parents still build. Called at most once per image, before {@link #build}, possibly for an image
     * that then turns out to be cached. The default does nothing.
     */
    default void prepare(dev.poststack.manifest.ImageSpec spec) throws BuildFailure, InterruptedException {
    }

    /**
     * How this backend builds {@code spec} beyond what the manifest says (e.g. the tool's command line), as
     * text that enters the image's fingerprint: when it changes, the image is rebuilt. Default: nothing.
     */
    default String recipe(dev.poststack.manifest.ImageSpec spec) {
        return "";
    }
}
