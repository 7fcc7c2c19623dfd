package dev.poststack.changelog;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Finds the test changelog trees (src/test/resources/changelogs) on the test classpath. */
final class TestChangelogs {

    private TestChangelogs() {
    }

    static Path named(String relative) {
        try {
            return Path.of(TestChangelogs.class.getResource("/changelogs").toURI()).resolve(relative);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
