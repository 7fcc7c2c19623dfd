package dev.poststack.check;

import java.util.List;

/**
 * A probe whose attempt is one read-only command run in the container as root, and what its output says. A
 * run's verify checks make their first looks together (see {@link FirstAttempts}).
 */
interface LookProbe extends Probe {

    /** The command an attempt runs. */
    List<String> look();

    /** What the result of {@link #look} says. */
    Observation read(ExecResult result);

    @Override
    default Observation attempt(CheckContext context) throws InterruptedException {
        return read(context.lookAsRoot(look()));
    }
}
