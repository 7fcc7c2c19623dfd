package dev.poststack.check;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;

import java.util.List;

/** The engine reports the container healthy by the image's own HEALTHCHECK. */
final class HealthcheckProbe implements Probe {

    private static final String HEALTHY = "healthy";

    @Override
    public Observation attempt(CheckContext context) {
        HealthState health = context.container().latestInspection().getState().getHealth();
        if (health == null || health.getStatus() == null) {
            return Observation.failedForGood("the container has no health check (its image declares no HEALTHCHECK)");
        }
        if (HEALTHY.equals(health.getStatus())) {
            return Observation.passed(HEALTHY);
        }
        return Observation.failed(health.getStatus() + lastProbe(health.getLog()));
    }

    /** What the engine's last run of the HEALTHCHECK said, e.g. {@code unhealthy: connection refused}. */
    private static String lastProbe(List<HealthStateLog> log) {
        if (log == null || log.isEmpty()) {
            return " (the health check has not run yet)";
        }
        HealthStateLog last = log.get(log.size() - 1);
        return " (its last run exited with code " + last.getExitCodeLong() + ": "
                + Texts.quote(last.getOutput() == null ? "" : last.getOutput()) + ")";
    }

    @Override
    public String expected() {
        return "health status " + HEALTHY;
    }

    @Override
    public String describe() {
        return "healthcheck";
    }
}
