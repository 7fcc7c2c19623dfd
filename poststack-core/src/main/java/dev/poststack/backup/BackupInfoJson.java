package dev.poststack.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poststack.api.BackupSet;
import dev.poststack.api.BackupType;
import dev.poststack.api.PoststackException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the backup sets of one stanza from {@code pgbackrest info --output=json}. */
public final class BackupInfoJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BackupInfoJson() {
    }

    /**
     * @return the stanza's backups, oldest first; empty when it has none (or the stanza does not exist yet)
     * @throws PoststackException {@code FAILED} when the text is not pgBackRest's info document
     */
    public static List<BackupSet> parse(String json, String stanza) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, "pgbackrest info printed no JSON document ("
                    + e.getMessage() + "): " + json.strip(), e);
        }
        if (root == null || !root.isArray()) {
            throw new PoststackException(PoststackException.Kind.FAILED, "pgbackrest info printed "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT))
                    + " instead of a list of stanzas", null);
        }
        List<BackupSet> sets = new ArrayList<>();
        for (JsonNode entry : root) {
            if (!stanza.equals(entry.path("name").asText())) {
                continue;
            }
            for (JsonNode backup : entry.path("backup")) {
                if (backup.path("error").asBoolean(false)) {
                    continue; // A backup pgBackRest found damaged is not one to restore.
                }
                sets.add(new BackupSet(backup.path("label").asText(),
                        BackupType.valueOf(backup.path("type").asText().toUpperCase(Locale.ROOT)),
                        Instant.ofEpochSecond(backup.path("timestamp").path("start").asLong()),
                        Instant.ofEpochSecond(backup.path("timestamp").path("stop").asLong()),
                        backup.path("info").path("size").asLong(),
                        backup.path("info").path("repository").path("delta").asLong(),
                        backup.path("archive").path("start").asText(), backup.path("archive").path("stop").asText(),
                        Optional.ofNullable(backup.path("prior").textValue()),
                        backup.path("database").path("repo-key").asInt(1)));
            }
        }
        sets.sort(Comparator.comparing(BackupSet::stopped).thenComparing(BackupSet::label));
        return sets;
    }
}
