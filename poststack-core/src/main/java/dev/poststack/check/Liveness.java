package dev.poststack.check;

import java.util.Optional;

/** Whether the checked container still runs; empty while it does. */
@FunctionalInterface
interface Liveness {

    Optional<ContainerExit> exit();
}
