package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Passes build events on only once the run has real work to show: the first image that builds (or fails, or
 * is skipped) releases the events held so far and everything after it. A run where every image is cached
 * passes nothing, so a warm test run prints nothing while a cold one shows its progress where the user looks.
 */
public final class QuietUntilBuilding implements BuildListener {

    private final BuildListener target;
    private final List<BuildEvent> held = new ArrayList<>();
    private boolean passing;

    public QuietUntilBuilding(BuildListener target) {
        this.target = target;
    }

    @Override
    public synchronized void on(BuildEvent event) {
        if (!passing && (event instanceof BuildEvent.ImageStarted || event instanceof BuildEvent.ImageFailed
                || event instanceof BuildEvent.ImageSkipped)) {
            passing = true;
            held.forEach(target::on);
            held.clear();
        }
        if (passing) {
            target.on(event);
        } else {
            held.add(event);
        }
    }

    /** Whether any event was passed on. */
    public synchronized boolean passedAny() {
        return passing;
    }
}
