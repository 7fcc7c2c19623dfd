package dev.poststack.build.jib;

import dev.poststack.build.BuildFailure;

import java.util.concurrent.ExecutionException;

/** Turns what Jib throws into a {@link BuildFailure} that says which layer or step failed and why. */
final class JibFailures {

    private JibFailures() {
    }

    static BuildFailure of(Throwable thrown, LayerProgress progress, String target) {
        Throwable cause = root(thrown);
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String step = progress.unfinishedLayer().map(layer -> "layer '" + layer + "'").orElse("containerize");
        String message = progress.unfinishedLayer()
                .map(layer -> "Jib failed building layer '" + layer + "' of " + target + ": " + why)
                .orElse("Jib failed building " + target + ": " + why);
        return new BuildFailure(message, step, null, progress.tail(), thrown);
    }

    /** Jib wraps the real error in ExecutionExceptions, sometimes twice. */
    private static Throwable root(Throwable thrown) {
        Throwable t = thrown;
        while (t instanceof ExecutionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
