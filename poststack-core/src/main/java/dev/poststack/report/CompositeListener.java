package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Fans each event out to several listeners in order. A listener that throws is logged and passed
 * over, so a broken console can never cost the report or the logs, nor fail the build.
 */
public final class CompositeListener implements BuildListener {

    private static final Logger LOG = LoggerFactory.getLogger(CompositeListener.class);

    private final List<BuildListener> listeners;

    public CompositeListener(List<? extends BuildListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public static BuildListener of(BuildListener... listeners) {
        return new CompositeListener(List.of(listeners));
    }

    @Override
    public void on(BuildEvent event) {
        for (BuildListener listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} failed on {} of image '{}'", listener.getClass().getName(),
                        event.getClass().getSimpleName(), event.image(), e);
            }
        }
    }
}
