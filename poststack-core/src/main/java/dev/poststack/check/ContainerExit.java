package dev.poststack.check;

import java.util.OptionalInt;

/**
 * A container that stopped running while it was checked.
 *
 * @param exitCode its exit code, when the engine knows one
 * @param how      what happened, e.g. {@code exited with code 1} or {@code was removed}
 */
record ContainerExit(OptionalInt exitCode, String how) {
}
