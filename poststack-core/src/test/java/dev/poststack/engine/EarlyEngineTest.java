package dev.poststack.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Set-up clients that never contact an engine: only who gets which, and when a new one is made. */
class EarlyEngineTest {

    private final List<Engine> made = new ArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();

    @AfterEach
    void closeClients() {
        made.forEach(Engine::close);
    }

    private synchronized Engine client() {
        connects.incrementAndGet();
        Engine engine = Engine.create();
        made.add(engine);
        return engine;
    }

    @Test
    void theFirstTakeGetsTheConnectionStartedEarlyAndTheNextOneANewOne() {
        EarlyEngine early = new EarlyEngine(this::client, this::client, System::nanoTime);
        early.begin();
        early.begin(); // one being set up already: no second
        Engine first = early.takeOne().join();
        Engine second = early.takeOne().join();

        assertThat(first).isNotSameAs(second);
        assertThat(connects).hasValue(2);
    }

    @Test
    void aConnectionThatFailedIsNotHandedOutTheTakerConnectsItself() {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<Engine> failingFirst = () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new EngineUnavailableException(URI.create("unix:///nowhere.sock"), new IllegalStateException("down"));
            }
            return client();
        };
        EarlyEngine early = new EarlyEngine(failingFirst, failingFirst, System::nanoTime);
        early.begin();
        awaitDone(early);

        assertThat(early.takeOne().join()).isNotNull();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aConnectionThatAnsweredLongAgoIsAskedAgainBeforeItIsHandedOut() {
        AtomicLong now = new AtomicLong(0);
        EarlyEngine early = new EarlyEngine(this::client, this::client, now::get);
        early.begin();
        awaitDone(early);
        now.set(EarlyEngine.FRESH.toNanos() + 1);

        // asked again: this client has no engine behind it here (none is contacted on purpose), or has one
        CompletableFuture<Engine> taken = early.takeOne();
        try {
            assertThat(taken.join()).isSameAs(made.get(0));
        } catch (CompletionException e) {
            assertThat(e).hasCauseInstanceOf(EngineUnavailableException.class);
        }
        assertThat(connects).as("the same client, asked again, not a new one").hasValue(1);
    }

    /** Waits until the early connection is set up, without taking it. */
    private static void awaitDone(EarlyEngine early) {
        for (int i = 0; i < 500 && !early.isSettled(); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(early.isSettled()).isTrue();
    }
}
