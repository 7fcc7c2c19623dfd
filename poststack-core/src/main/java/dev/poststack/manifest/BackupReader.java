package dev.poststack.manifest;

import dev.poststack.manifest.BackupSpec.Compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads {@code database.backup} and adds what it stands for to the service: the repositories' volumes, the
 * cipher pass's secret file and the image's {@code POSTGRES_BACKUP_*} variables, so the container, its config
 * digest and its secrets follow from it like from anything the service declares itself.
 */
final class BackupReader {

    static final List<String> KEYS = List.of("volume", "second-volume", "retention", "cipher-pass", "compress",
            "processes");
    private static final List<String> RETENTION_KEYS = List.of("full", "diff");
    private static final java.util.regex.Pattern VOLUME_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private final Declared declared;

    BackupReader(Declared declared) {
        this.declared = declared;
    }

    /**
     * @param database the service's {@code database} section
     * @param service  the service's name: the stanza's
     * @param volumes  the service's volumes, which the repositories join
     * @param secrets  the service's secrets, which the cipher pass joins
     * @param env      the service's environment, which gets the image's variables
     */
    Optional<BackupSpec> read(Section database, String service, Map<String, String> volumes, List<String> secrets,
                              Map<String, String> env) {
        Optional<Section> section = database.section("backup", "{retention: {full: 2, diff: 7}}", KEYS);
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Section b = section.get();
        List<String> repoVolumes = new ArrayList<>();
        repoVolumes.add(volume(b, "volume").orElse(BackupSpec.DEFAULT_VOLUME));
        volume(b, "second-volume").ifPresent(repoVolumes::add);
        if (repoVolumes.size() == 2 && repoVolumes.get(0).equals(repoVolumes.get(1))) {
            b.problem(b.raw("second-volume").orElseThrow().value().location(), "`" + b.path("second-volume")
                    + "` is the first repository's volume", "name another volume for the second repository");
        }
        Optional<Section> retention = b.section("retention", "{full: 2, diff: 7}", RETENTION_KEYS);
        int full = retention.flatMap(r -> r.integer("full", 1, 9999, "2")).orElse(BackupSpec.DEFAULT_RETENTION_FULL);
        int diff = retention.flatMap(r -> r.integer("diff", 1, 9999, "7")).orElse(BackupSpec.DEFAULT_RETENTION_DIFF);
        Optional<String> cipher = b.scalar("cipher-pass", "backup-cipher")
                .filter(c -> declared.checkSecret(b, "cipher-pass", c)).map(YamlNode.Scalar::text);
        Compress compress = b.scalar("compress", "zst").flatMap(c -> compress(b, c)).orElse(Compress.ZST);
        int processes = b.integer("processes", 1, 64, "2").orElse(BackupSpec.DEFAULT_PROCESSES);
        BackupSpec spec = new BackupSpec(repoVolumes, full, diff, cipher, compress, processes);
        spec.mounts().forEach((volume, path) -> {
            String taken = volumes.entrySet().stream().filter(e -> e.getKey().equals(volume) || e.getValue().equals(path))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (taken != null) {
                b.problem(b.anchor(), "the backup repository's volume `" + volume + "` (mounted at " + path
                        + ") collides with the service's volume `" + taken + "`", "give the repository a volume of"
                        + " its own: backup: {volume: " + service + "-backup}, and mount nothing at " + path);
            } else {
                volumes.put(volume, path);
            }
        });
        cipher.filter(c -> !secrets.contains(c)).ifPresent(secrets::add);
        env.keySet().stream().filter(k -> k.startsWith("POSTGRES_BACKUP_")).findFirst().ifPresent(k ->
                b.problem(b.anchor(), "`database.backup` writes the image's POSTGRES_BACKUP_* variables, and `env`"
                        + " sets " + k + " too", "remove " + k + " from `env`"));
        env.putAll(spec.serverEnv(service));
        return Optional.of(spec);
    }

    private static Optional<String> volume(Section b, String key) {
        return b.scalar(key, "pgbackrest").map(YamlNode.Scalar::text).filter(name -> {
            if (VOLUME_NAME.matcher(name).matches()) {
                return true;
            }
            b.problem(b.raw(key).orElseThrow().value().location(), "volume name `" + name + "` is not valid",
                    "use letters, digits and `_`, `.`, `-`, starting with a letter or digit, e.g. pgbackrest");
            return false;
        });
    }

    private static Optional<Compress> compress(Section b, YamlNode.Scalar value) {
        try {
            return Optional.of(Compress.valueOf(value.text().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            b.problem(value.location(), "`" + b.path("compress") + "` `" + value.text() + "` is not one of "
                    + Arrays.stream(Compress.values()).map(Compress::text).collect(Collectors.joining(", ")),
                    "write compress: zst (the default: fast, small), lz4 (fastest) or none");
            return Optional.empty();
        }
    }
}
