package dev.poststack.junit;

import dev.poststack.testing.StackReuse;
import dev.poststack.testing.TestProjects;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A stack JUnit owns and closes, named by {@link TestProjects}. A start failure is kept and rethrown to every
 * class that asks, so one broken stack fails each class at once instead of being started again.
 */
final class StackResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private final PoststackStack stack;
    private final RuntimeException failure;

    private StackResource(PoststackStack stack, RuntimeException failure) {
        this.stack = stack;
        this.failure = failure;
    }

    static StackResource start(Path manifest, List<String> services, boolean schema, String testClass) {
        try {
            if (testClass == null && StackReuse.ofThisJvm().enabled()) {
                Optional<PoststackStack> begun = HeadStart.take(manifest, services, schema);
                return new StackResource(begun.isPresent() ? begun.get()
                        : PoststackStack.startReused(manifest, services, schema), null);
            }
            return new StackResource(PoststackStack.start(manifest, TestProjects.forThisJvm(testClass), services,
                    schema), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StackResource(null, new IllegalStateException("interrupted while starting the test stack", e));
        } catch (RuntimeException e) {
            return new StackResource(null, e);
        }
    }

    PoststackStack stack() {
        if (failure != null) {
            throw failure;
        }
        return stack;
    }

    @Override
    public void close() {
        if (stack != null) {
            stack.close();
        }
    }
}
