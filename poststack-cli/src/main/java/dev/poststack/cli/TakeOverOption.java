package dev.poststack.cli;

import dev.poststack.Poststack;
import picocli.CommandLine.Option;

/** {@code --take-over}: the commands that stop, replace or delete containers and volumes share it. */
final class TakeOverOption {

    @Option(names = "--take-over", description = "Also stop, replace or delete containers and volumes that another checkout made under this project name (by default poststack refuses and says whose they are).")
    boolean takeOver;

    /** {@code poststack}, told whether it may take over another checkout's stack. */
    Poststack applyTo(Poststack poststack) {
        return poststack.allowTakeOver(takeOver);
    }
}
