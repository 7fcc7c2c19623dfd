package dev.poststack.engine;

import dev.poststack.thread.Daemons;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * An engine connection set up before anyone asks for it: a test run knows it will need one long before its
 * first test opens a manifest, and setting up the client (a few thousand classes) and hearing the engine answer
 * take a cold JVM a few hundred ms that can pass while the test framework starts. The first {@link #take()} gets
 * it; a connection that failed is not handed out (the taker starts afresh and reports its own failure), and one
 * that answered longer than {@link #FRESH} before is asked again.
 */
public final class EarlyEngine {

    static final Duration FRESH = Duration.ofSeconds(10);
    private static final EarlyEngine THIS_JVM = new EarlyEngine(Engine::connectPreparingReaders, Engine::connect,
            System::nanoTime);

    /** For {@link #begin()}, which has time to spare, and for a {@link #takeOne()} that finds nothing begun. */
    private final Supplier<Engine> connectEarly;
    private final Supplier<Engine> connect;
    private final LongSupplier nanoClock;
    private final AtomicReference<Prepared> prepared = new AtomicReference<>();

    /** A connection being set up, and when it answered (set before it completes). */
    private static final class Prepared {
        final CompletableFuture<Engine> engine = new CompletableFuture<>();
        volatile long answeredAt;
    }

    EarlyEngine(Supplier<Engine> connectEarly, Supplier<Engine> connect, LongSupplier nanoClock) {
        this.connectEarly = connectEarly;
        this.connect = connect;
        this.nanoClock = nanoClock;
    }

    /** Starts setting up a connection on a daemon thread, unless one is being set up and not yet taken. */
    public static void start() {
        THIS_JVM.begin();
    }

    /** The connection {@link #start()} set up, if any and not taken yet and not failed, else one set up now. */
    public static CompletableFuture<Engine> take() {
        return THIS_JVM.takeOne();
    }

    void begin() {
        Prepared fresh = new Prepared();
        if (prepared.compareAndSet(null, fresh)) {
            Daemons.start("engine-setup", () -> connect(connectEarly, fresh));
        }
    }

    CompletableFuture<Engine> takeOne() {
        Prepared early = prepared.getAndSet(null);
        if (early != null && !early.engine.isCompletedExceptionally()) {
            boolean stale = early.engine.isDone() && nanoClock.getAsLong() - early.answeredAt > FRESH.toNanos();
            return stale ? early.engine.thenApplyAsync(Engine::checkAnswers,
                    task -> Daemons.start("engine-setup", task)) : early.engine;
        }
        Prepared now = new Prepared();
        Daemons.start("engine-setup", () -> connect(connect, now));
        return now.engine;
    }

    /** Whether the connection started early, if any and not taken, is set up or failed (for tests). */
    boolean isSettled() {
        Prepared early = prepared.get();
        return early != null && early.engine.isDone();
    }

    private void connect(Supplier<Engine> how, Prepared into) {
        try {
            Engine engine = how.get();
            into.answeredAt = nanoClock.getAsLong();
            into.engine.complete(engine);
        } catch (RuntimeException | Error e) {
            into.engine.completeExceptionally(e);
        }
    }
}
