package dev.poststack.manifest;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Finds the test manifests (src/test/resources/manifests) on the test classpath. */
final class TestManifests {

    private TestManifests() {
    }

    static Path folder() {
        try {
            return Path.of(TestManifests.class.getResource("/manifests").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path named(String relative) {
        return folder().resolve(relative);
    }
}
