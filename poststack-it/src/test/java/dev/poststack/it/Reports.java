package dev.poststack.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code logs/build-report.json} of a test project. */
public final class Reports {

    private final JsonNode root;

    private Reports(JsonNode root) {
        this.root = root;
    }

    public static Reports read(Path projectDir) throws IOException {
        return new Reports(new ObjectMapper().readTree(projectDir.resolve("logs/build-report.json").toFile()));
    }

    public JsonNode run() {
        return root.get("run");
    }

    public JsonNode image(String name) {
        for (JsonNode image : root.get("images")) {
            if (image.get("name").asText().equals(name)) {
                return image;
            }
        }
        throw new AssertionError("no image " + name + " in the build report: " + root);
    }

    public String status(String name) {
        return image(name).get("status").asText().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code name=cache} for each Jib layer of an image, in order. */
    public List<String> layers(String name) {
        List<String> result = new ArrayList<>();
        for (JsonNode layer : image(name).get("layers")) {
            result.add(layer.get("name").asText() + "=" + layer.get("cache").asText().toLowerCase(java.util.Locale.ROOT));
        }
        return result;
    }
}
