package dev.poststack.manifest;

import dev.poststack.text.ProblemText;

/**
 * One thing wrong with a manifest: where it is, what is wrong, and how to fix it.
 *
 * @param location where in the manifest (1-based line and column)
 * @param message  what is wrong
 * @param hint     how to fix it
 */
public record Problem(Location location, String message, String hint) {

    /** {@code file:line:column: message}, then {@code   fix: hint} on its own line. */
    public String render() {
        return ProblemText.render(location.toString(), message, hint);
    }
}
