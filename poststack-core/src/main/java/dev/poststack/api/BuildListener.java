package dev.poststack.api;

/**
 * Receives {@link BuildEvent}s. Called from build threads, possibly concurrently: implementations
 * must be thread-safe and quick.
 */
@FunctionalInterface
public interface BuildListener {

    void on(BuildEvent event);

    /** A listener that ignores everything. */
    static BuildListener none() {
        return event -> { };
    }
}
