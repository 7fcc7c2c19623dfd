package dev.poststack.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poststack.api.PoststackException;
import dev.poststack.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a cluster pulls for each manifest image: the pushed digest the build report records
 * ({@code images[].push.digest}, with {@code push.reference}, where it was pushed to), or else the
 * image's local reference, which a cluster can pull only once it has been pushed under that name.
 */
public final class ClusterImages {

    /** Where {@code build-images} writes its report, relative to the manifest's folder. */
    public static final Path BUILD_REPORT = Path.of("logs", "build-report.json");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Manifest manifest;
    private final Map<String, String> pushed;

    private ClusterImages(Manifest manifest, Map<String, String> pushed) {
        this.manifest = manifest;
        this.pushed = Map.copyOf(pushed);
    }

    /**
     * The references of {@code manifest}'s images after the build whose report is {@code buildReport}; a missing
     * report means nothing was pushed.
     *
     * @throws PoststackException {@code INVALID_INPUT} when the report cannot be read or holds a malformed digest
     */
    public static ClusterImages from(Manifest manifest, Path buildReport) {
        Map<String, String> pushed = new LinkedHashMap<>();
        if (!Files.isRegularFile(buildReport)) {
            return new ClusterImages(manifest, pushed);
        }
        JsonNode report;
        try {
            report = new ObjectMapper().readTree(buildReport.toFile());
        } catch (IOException e) {
            throw invalid(buildReport, "cannot be read as JSON: " + e.getMessage(),
                    "run `poststack build-images` again, which rewrites it");
        }
        for (JsonNode image : report.path("images")) {
            String name = image.path("name").asText();
            String digest = image.path("push").path("digest").asText("");
            if (digest.isEmpty() || !manifest.images().containsKey(name)) {
                continue;
            }
            if (!DIGEST.matcher(digest).matches()) {
                throw invalid(buildReport, "holds push.digest `" + digest + "` for image " + name
                        + ", which is not sha256: and 64 hex digits", "push the image again (`poststack push "
                        + name + "`), which rewrites it");
            }
            String repository = image.path("push").path("reference").asText("");
            pushed.put(name, (repository.isEmpty() ? repository(manifest.referenceOf(name)) : repository(repository))
                    + "@" + digest);
        }
        return new ClusterImages(manifest, pushed);
    }

    /** The reference a cluster pulls for image {@code name}: by digest when it was pushed. */
    public String of(String name) {
        return pushed.getOrDefault(name, manifest.referenceOf(name));
    }

    /** Whether the build report holds a pushed digest of image {@code name}. */
    public boolean isPushed(String name) {
        return pushed.containsKey(name);
    }

    /** {@code host:5000/team/postgres:1.2} or {@code ...@sha256:...} without its tag or digest. */
    static String repository(String reference) {
        String withoutDigest = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    private static PoststackException invalid(Path report, String what, String fix) {
        return new PoststackException(PoststackException.Kind.INVALID_INPUT, report + " " + what + "\nfix: " + fix, null);
    }
}
