package dev.poststack.junit;

import dev.poststack.Poststack;
import dev.poststack.api.BuildOptions;
import dev.poststack.api.BuildResult;
import dev.poststack.api.ImageResult;
import dev.poststack.api.PoststackException;
import dev.poststack.report.ImageLogs;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the images a test stack needs; unchanged images are cached, so this costs a fraction of a second. */
final class StackBuilder {

    private StackBuilder() {
    }

    static BuildResult buildMissing(Poststack poststack, List<String> services, boolean schema) throws InterruptedException {
        List<String> images = poststack.imagesFor(services, schema);
        Path logs = poststack.projectDir().resolve("logs");
        BuildResult result;
        try (ImageLogs imageLogs = new ImageLogs(logs)) {
            result = poststack.buildImages(BuildOptions.defaults().images(images), imageLogs, imageLogs::logOf);
        }
        List<ImageResult> failed = result.images().stream().filter(i -> !i.acceptable()).toList();
        if (!failed.isEmpty()) {
            throw new PoststackException(PoststackException.Kind.FAILED, "the test stack's images did not build: "
                    + failed.stream().map(i -> i.name() + " " + i.status() + i.reason().map(r -> " (" + r + ")").orElse(""))
                    .collect(Collectors.joining(", ")) + "; see " + logs, null);
        }
        return result;
    }
}
