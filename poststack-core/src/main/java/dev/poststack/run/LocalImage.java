package dev.poststack.run;

/**
 * An image the engine has, resolved once: containers are created from {@code id}, so what runs is the image
 * that was looked at, even when {@code reference} is re-tagged meanwhile.
 *
 * @param reference the name it was looked up by, e.g. {@code poststack/liquibase:latest}
 * @param id        the engine's image id ({@code sha256:...})
 * @param user      the user its configuration runs as; empty for root
 */
public record LocalImage(String reference, String id, String user) {
}
