package dev.poststack.secret;

import dev.poststack.files.AtomicFiles;
import dev.poststack.hash.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fingerprints ({@link SecretFingerprint}) already proved to be of a secret, kept beside the generated secrets
 * so a later process skips the slow hash: one line per fingerprint, {@code <fingerprint> <proof>}, where the
 * proof is the SHA-256 of the fingerprint, a newline and the secret. Only the newest {@value #KEPT} are kept.
 * A lost or unreadable file costs time only: the slow comparison runs again and records its proof.
 */
final class FingerprintProofs {

    static final String FILE_NAME = ".fingerprint-proofs";
    private static final int KEPT = 64;
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    /** The file's lines, read once: a start asks about the same few fingerprints several times. */
    private List<String> lines;

    FingerprintProofs(Path folder) {
        this.file = folder.resolve(FILE_NAME);
    }

    /** Whether a proof that {@code fingerprint} is of {@code secret} was recorded. */
    synchronized boolean holds(String fingerprint, String secret) {
        return lines().contains(line(fingerprint, secret));
    }

    /**
     * Records that {@code fingerprint} is of {@code secret}, replacing the file whole (a temporary file moved over
     * it), so a reader sees the old or the new list. Two processes recording at once may lose one proof: harmless.
     */
    synchronized void record(String fingerprint, String secret) {
        List<String> kept = new ArrayList<>();
        for (String line : lines()) {
            if (!line.startsWith(fingerprint + " ")) {
                kept.add(line);
            }
        }
        kept.add(line(fingerprint, secret));
        lines = List.copyOf(kept.subList(Math.max(0, kept.size() - KEPT), kept.size()));
        try {
            Path written = Files.createTempFile(file.getParent(), FILE_NAME + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            try {
                Files.write(written, lines, StandardCharsets.UTF_8);
                AtomicFiles.replace(written, file);
            } finally {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            // Not recorded: the next process compares slowly again.
        }
    }

    private List<String> lines() {
        if (lines == null) {
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                lines = List.of(); // missing or unreadable: as if nothing were proved
            }
        }
        return lines;
    }

    private static String line(String fingerprint, String secret) {
        byte[] text = (fingerprint + "\n" + secret).getBytes(StandardCharsets.UTF_8);
        return fingerprint + " " + Sha256.hex(text);
    }
}
