package dev.poststack.api;

import java.util.Arrays;
import java.util.Locale;

/** Where a service's container is in its life, as the engine reports it, or {@link #ABSENT} without one. */
public enum ServiceState {

    CREATED("created"),
    RUNNING("running"),
    PAUSED("paused"),
    RESTARTING("restarting"),
    REMOVING("removing"),
    EXITED("exited"),
    DEAD("dead"),
    /** No container: never started, or removed by {@code down}. */
    ABSENT("absent"),
    /** A state this version does not know (an engine newer than it, or not Docker). */
    UNKNOWN("unknown");

    private final String keyword;

    ServiceState(String keyword) {
        this.keyword = keyword;
    }

    /** The state the engine's {@code State.Status} names; {@link #UNKNOWN} for one this version does not know. */
    public static ServiceState of(String engineStatus) {
        String wanted = engineStatus == null ? "" : engineStatus.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s != ABSENT && s.keyword.equals(wanted)).findFirst()
                .orElse(UNKNOWN);
    }

    /** As the engine and poststack's reports spell it: {@code running}, {@code absent}, ... */
    public String keyword() {
        return keyword;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
