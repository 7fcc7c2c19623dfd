package dev.poststack.manifest;

import java.util.OptionalInt;

/**
 * A container port published on 127.0.0.1: on a fixed host port ({@code "15432:5432"}) or on one the
 * engine picks ({@code 5432}).
 */
public record PortSpec(int containerPort, OptionalInt hostPort) {

    public static PortSpec random(int containerPort) {
        return new PortSpec(containerPort, OptionalInt.empty());
    }

    public static PortSpec fixed(int hostPort, int containerPort) {
        return new PortSpec(containerPort, OptionalInt.of(hostPort));
    }
}
