package dev.poststack.run;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.poststack.api.RunEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Stops and removes containers, and finishes doing so even when the thread is interrupted (Ctrl-C). */
final class ContainerRemoval {

    private final RunContext context;

    ContainerRemoval(RunContext context) {
        this.context = context;
    }

    /**
     * SIGTERM, the container's stop timeout, then SIGKILL (the engine's stop), then removal; nothing (and no
     * event) when the container does not exist.
     *
     * @param container its id or name
     */
    void remove(String service, String container) {
        Instant began = context.clock().instant();
        try {
            context.docker().stopContainerCmd(container).exec();
        } catch (NotModifiedException alreadyStopped) {
            // Nothing to stop.
        } catch (NotFoundException gone) {
            return;
        }
        try {
            context.docker().removeContainerCmd(container).withForce(true).withRemoveVolumes(false).exec();
        } catch (NotFoundException gone) {
            // Removed meanwhile.
        }
        context.listener().on(new RunEvent.ServiceStopped(service,
                Duration.between(began, context.clock().instant()), context.clock().instant()));
    }

    /**
     * Cleanup must finish even when it runs because of Ctrl-C.
     *
     * @param created the name each container's stop event carries, by container id, in creation order
     */
    void removeWithoutInterruption(Map<String, String> created) {
        uninterruptibly(() -> {
            List<Map.Entry<String, String>> newestFirst = new ArrayList<>(created.entrySet());
            Collections.reverse(newestFirst);
            for (Map.Entry<String, String> container : newestFirst) {
                try {
                    remove(container.getValue(), container.getKey());
                } catch (RuntimeException e) {
                    // Keep removing the others; `poststack down` finds this one by its labels.
                }
            }
        });
    }

    /**
     * Runs {@code work} on a thread of its own and waits for it, however often this thread is interrupted
     * meanwhile (a Ctrl-C handler may interrupt repeatedly): engine calls interrupted halfway would leave
     * containers behind. The interrupt is restored afterwards.
     */
    static void uninterruptibly(Runnable work) {
        Thread worker = new Thread(work, "poststack-cleanup");
        worker.start();
        boolean interrupted = Thread.interrupted();
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
