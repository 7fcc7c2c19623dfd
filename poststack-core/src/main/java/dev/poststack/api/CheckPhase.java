package dev.poststack.api;

/** When a check runs: the manifest's {@code health:} and {@code verify:} lists. */
public enum CheckPhase {

    /** Readiness: run in order before anything depends on the service; the first failure ends the phase. */
    HEALTH("health"),
    /** Side effects: all run, together, once the service is healthy. */
    VERIFY("verify");

    private final String keyword;

    CheckPhase(String keyword) {
        this.keyword = keyword;
    }

    /** The manifest keyword, as reports and JSON documents spell it. */
    public String keyword() {
        return keyword;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
