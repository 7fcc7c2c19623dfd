package dev.poststack.api;

/** Receives {@link RunEvent}s; called from poststack's threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface RunListener {

    void on(RunEvent event);

    static RunListener none() {
        return event -> { };
    }
}
