package dev.poststack.build;

import java.util.Optional;

/**
 * Images from a registry that a {@code from:} names: resolved to the digest their reference names now (a tag
 * is asked of the registry each run, so a moved tag rebuilds the children; a digest is never asked again), and
 * pulled into the engine when a child is built there (Dockerfile children; Jib children read the registry).
 */
public interface ExternalImages {

    /**
     * @param reference  as the manifest writes it
     * @param intoEngine whether a child needs it in the engine
     * @throws BuildFailure naming the registry and what went wrong (unknown image, refused credentials, ...)
     */
    Resolved resolve(String reference, boolean intoEngine) throws BuildFailure, InterruptedException;

    /**
     * @param pinned  the reference by digest, {@code host/path@sha256:...}
     * @param imageId its id in the engine, when it is there
     * @param pulled  whether this call pulled it
     */
    record Resolved(String pinned, Optional<String> imageId, boolean pulled) {

        public String digest() {
            return pinned.substring(pinned.indexOf('@') + 1);
        }
    }

    /** For runs without registry access: every registry image fails with what to do. */
    ExternalImages NONE = (reference, intoEngine) -> {
        throw BuildFailure.of("image " + reference + " is in a registry, and this poststack has no registry"
                + " access configured", null);
    };
}
