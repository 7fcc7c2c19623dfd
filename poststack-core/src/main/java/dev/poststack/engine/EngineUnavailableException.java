package dev.poststack.engine;

import java.net.URI;
import java.util.Set;

/**
 * The Docker engine does not answer. The message says how to start it: a local engine the way the launcher's
 * {@code bin/host-setup} does; an engine that {@code DOCKER_HOST} names elsewhere is not poststack's to start, so the
 * message says how to check it instead.
 */
public final class EngineUnavailableException extends RuntimeException {

    /** Where bin/host-setup writes dockerd's log unless {@code POSTSTACK_DOCKERD_LOG} says otherwise. */
    static final String DEFAULT_DOCKERD_LOG = "/var/log/poststack-dockerd.log";
    private static final Set<String> LOCAL_SOCKETS = Set.of("unix:///var/run/docker.sock", "unix:///run/docker.sock");

    public EngineUnavailableException(URI host, Throwable cause) {
        this(host, System.getenv("DOCKER_HOST"), System.getenv("POSTSTACK_DOCKERD_LOG"), cause);
    }

    /**
     * @param dockerHost the {@code DOCKER_HOST} variable (null when unset)
     * @param dockerdLog the {@code POSTSTACK_DOCKERD_LOG} variable (null when unset)
     */
    EngineUnavailableException(URI host, String dockerHost, String dockerdLog, Throwable cause) {
        super(message(host, dockerHost, dockerdLog, rootMessage(cause)), cause);
    }

    static String message(URI host, String dockerHost, String dockerdLog, String reason) {
        if (dockerHost != null && !dockerHost.isBlank() && !LOCAL_SOCKETS.contains(dockerHost.strip())) {
            return "The Docker engine at " + host + " (DOCKER_HOST=" + dockerHost + ") does not answer (" + reason
                    + "); poststack does not start an engine DOCKER_HOST points at.\nfix: check that engine with"
                    + " `docker -H " + dockerHost + " info` (is it running, is the address right, may you reach it?)"
                    + (dockerHost.startsWith("unix://") ? "; if it is a local dockerd, start it on that socket as root:"
                    + " `dockerd --iptables=false -H " + dockerHost + " >>" + log(dockerdLog) + " 2>&1 &`" : "")
                    + "; or unset DOCKER_HOST to use the local engine";
        }
        String log = log(dockerdLog);
        return "The Docker engine at " + host + " does not answer (" + reason + ").\nfix: run `bin/host-setup engine`,"
                + " which installs docker.io when missing and starts dockerd with its log in " + log
                + " (POSTSTACK_DOCKERD_LOG); by hand, as root: `dockerd --iptables=false >>" + log + " 2>&1 &`;"
                + " if it does not start, read the end of " + log;
    }

    private static String log(String dockerdLog) {
        return dockerdLog == null || dockerdLog.isBlank() ? DEFAULT_DOCKERD_LOG : dockerdLog;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
