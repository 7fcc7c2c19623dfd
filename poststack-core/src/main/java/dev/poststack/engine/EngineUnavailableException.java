package dev.poststack.engine;

import java.net.URI;

/** The Docker engine does not answer. The message says how to start it. */
public final class EngineUnavailableException extends RuntimeException {

    public EngineUnavailableException(URI host, Throwable cause) {
        super("The Docker engine at " + host + " does not answer (" + rootMessage(cause) + "); start it with"
                + " `dockerd --iptables=false > /var/log/dockerd.log 2>&1 &` as root (install it with"
                + " `apt-get install -y docker.io`), or set DOCKER_HOST to an engine that runs.", cause);
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
