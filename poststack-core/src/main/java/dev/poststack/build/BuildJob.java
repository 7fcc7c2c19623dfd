package dev.poststack.build;

import dev.poststack.manifest.ImageSpec;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a backend needs to build one image.
 *
 * @param spec        the image's manifest entry
 * @param reference   the tag to give the result, {@code namespace/name:tag}
 * @param labels      labels the result must carry (poststack's and OCI labels included)
 * @param parent      the parent image exactly as built in this run, when the image has one
 * @param noCache     build every step or layer anew
 * @param events      where to report steps, layers and output lines
 * @param log         the per-image log file (the events are also written there)
 * @param workDir     a scratch folder for this image, removed after the build
 * @param sourceDir   where to look for extension sources first ({@code --source-dir})
 * @param acceptLocalSources sources whose local archive is used whatever its sha256 ({@code --accept-local-source})
 */
public record BuildJob(ImageSpec spec, String reference, Map<String, String> labels, Optional<ParentImage> parent,
                       boolean noCache, ImageEvents events, Path log, Path workDir, Optional<Path> sourceDir,
                       Set<String> acceptLocalSources) {

    public BuildJob(ImageSpec spec, String reference, Map<String, String> labels, Optional<ParentImage> parent,
                    boolean noCache, ImageEvents events, Path log, Path workDir, Optional<Path> sourceDir) {
        this(spec, reference, labels, parent, noCache, events, log, workDir, sourceDir, Set.of());
    }

    public BuildJob(ImageSpec spec, String reference, Map<String, String> labels, Optional<ParentImage> parent,
                    boolean noCache, ImageEvents events, Path log, Path workDir) {
        this(spec, reference, labels, parent, noCache, events, log, workDir, Optional.empty());
    }

    public BuildJob {
        labels = Map.copyOf(labels);
        acceptLocalSources = Set.copyOf(acceptLocalSources);
    }

    /**
     * The parent as built: its manifest name, its tag and its exact image id. For an image from a registry
     * ({@code external}), {@code name} is the reference as the manifest writes it and {@code reference} the same
     * pinned to its digest ({@code host/path@sha256:...}); {@code imageId} is its id in the engine, or its digest
     * when it was not pulled. {@code pushed}, in a run that pushes, is where the parent now is in the registry,
     * by digest.
     */
    public record ParentImage(String name, String reference, String imageId, boolean external,
                              Optional<String> pushed) {

        public ParentImage(String name, String reference, String imageId) {
            this(name, reference, imageId, false, Optional.empty());
        }

        /** What the child's fingerprint holds of its parent: the image id, or for a registry image its digest. */
        public String identity() {
            return external ? reference : imageId;
        }

        /** Where a daemonless build reads the parent from the registry, if it can: pushed, or a registry image. */
        public Optional<String> inRegistry() {
            return external ? Optional.of(reference) : pushed;
        }
    }
}
