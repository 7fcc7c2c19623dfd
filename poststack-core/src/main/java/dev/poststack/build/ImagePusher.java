package dev.poststack.build;

/**
 * Pushes one built image to the registry: Jib images daemonless from their layers, the others from the engine.
 * The registry keeps the blobs it already has; the result says how many bytes went and how many stayed.
 */
public interface ImagePusher {

    /**
     * @param job     the image's build job (its labels and parent, as for {@link BuildBackend#build})
     * @param imageId the image in the engine
     * @param target  where it goes
     * @throws BuildFailure when the registry refuses it or goes away; the message says which and what to do
     */
    Pushed push(BuildJob job, String imageId, Target target) throws BuildFailure, InterruptedException;

    /** {@code repository} is {@code host[:port]/path/name}; the image is tagged {@code tag} there. */
    record Target(String repository, String tag) {

        public String reference() {
            return repository + ":" + tag;
        }

        /** The image by digest, as children read it. */
        public String byDigest(String digest) {
            return repository + "@" + digest;
        }
    }

    /** The digest the registry holds the image under, and what was sent and what it had already. */
    record Pushed(String digest, long bytesSent, long bytesSkipped, int blobsSent, int blobsSkipped) {
    }
}
