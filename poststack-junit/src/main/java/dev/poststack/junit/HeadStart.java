package dev.poststack.junit;

import dev.poststack.testing.StackReuse;
import dev.poststack.thread.Daemons;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A reused stack found while the test framework is still starting: when a test run opens its session in a folder
 * whose manifest's reused stack was used last (within the idle limit, {@link StackReuse#lastUsedIn}), that stack's
 * reuse ({@link PoststackStack#startReused}: its checks, nothing made unless an input changed) begins at once on
 * a daemon thread, and the first test that asks for that stack takes it instead of beginning again. A run that asks
 * for another stack never takes it; it is closed (left for the next run, put back from its template) when the
 * session ends. Only a stack an earlier run left is begun, so a project whose tests use no poststack stack gets
 * none.
 */
final class HeadStart {

    private static final Map<StackReuse.Shape, CompletableFuture<PoststackStack>> BEGUN = new ConcurrentHashMap<>();

    private HeadStart() {
    }

    /** Begins reusing the stack last used from {@code folder}, when reuse is on and there is one. */
    static void begin(Path folder, StackReuse reuse) {
        if (!reuse.enabled()) {
            return;
        }
        reuse.lastUsedIn(folder).ifPresent(shape -> {
            CompletableFuture<PoststackStack> stack = new CompletableFuture<>();
            if (BEGUN.putIfAbsent(shape, stack) == null) {
                Daemons.start("poststack-head-start", () -> {
                    try {
                        stack.complete(PoststackStack.startReused(shape.manifest(), shape.services(), shape.schema()));
                    } catch (Throwable e) {
                        stack.completeExceptionally(e);
                    }
                });
            }
        });
    }

    /**
     * The stack begun for exactly this shape, waited for; empty when none was begun or its start failed (the
     * caller starts it itself then, and reports what fails in its own context).
     */
    static Optional<PoststackStack> take(Path manifest, List<String> services, boolean schema) {
        CompletableFuture<PoststackStack> begun = BEGUN.remove(new StackReuse.Shape(manifest, services, schema));
        if (begun == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(begun.join().markBegunEarly());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Closes the stacks begun that no test took (each is left for the next run, as a taken one is). */
    static void closeUntaken() {
        for (StackReuse.Shape shape : List.copyOf(BEGUN.keySet())) {
            CompletableFuture<PoststackStack> begun = BEGUN.remove(shape);
            if (begun != null) {
                try {
                    begun.join().close();
                } catch (RuntimeException e) {
                    // it failed to start: nothing of it is running
                }
            }
        }
    }
}
