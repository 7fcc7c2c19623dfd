package upready;

import java.time.Instant;

/**
 * One side of the comparison, loaded in a class loader of its own (poststack and Testcontainers bring
 * different docker-java versions). Only JDK types and {@link Marks} cross the boundary.
 */
public interface Side extends AutoCloseable {

    String name();

    /** Untimed, before a round: nothing of the side's previous round left (container, volume). */
    void reset() throws Exception;

    /**
     * Timed: starts the database and returns when the side considers it ready. Calls
     * {@link Marks#port} as soon as the published port is known, and {@link Marks#mark} on its events.
     */
    void start(Marks marks) throws Exception;

    /** The engine's {@code State.StartedAt} of the container started by the last {@link #start}. */
    Instant containerStartedAt() throws Exception;

    /** Untimed, after a round: stops and removes what {@link #start} created. */
    void stop() throws Exception;

    @Override
    void close();
}
