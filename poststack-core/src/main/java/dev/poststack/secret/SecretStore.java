package dev.poststack.secret;

import dev.poststack.manifest.SecretSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The values of the manifest's {@code secrets}. Generated secrets are written once into
 * {@code .poststack/secrets/<name>} next to the manifest (folder 0700, file 0600, git-ignored) and read
 * back afterwards, so a database initialised with one keeps accepting it. Values are never logged.
 */
public final class SecretStore {

    /** Letters and digits only: safe in any connection string, environment variable or shell. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path folder;
    private final Map<String, SecretSpec> specs;
    private final Function<String, String> environment;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final FingerprintProofs proofs;

    SecretStore(Path folder, Map<String, SecretSpec> specs, Function<String, String> environment) {
        this.folder = folder;
        this.proofs = new FingerprintProofs(folder);
        this.specs = Map.copyOf(specs);
        this.environment = environment;
    }

    /** The store of a project: generated secrets live in {@code projectDir/.poststack/secrets}. */
    public static SecretStore forProject(Path projectDir, Map<String, SecretSpec> specs) {
        return new SecretStore(PoststackFolder.of(projectDir).resolve("secrets"), specs, System::getenv);
    }

    /**
     * The secret's value, generating it on first use when the manifest says so.
     *
     * @throws SecretUnavailableException when its variable is unset or its file cannot be read
     */
    public String value(String name) {
        return values.computeIfAbsent(name, this::load);
    }

    /**
     * Whether {@code fingerprint} is {@link SecretFingerprint#of} {@code text}, a text made of the values of the
     * secrets {@code madeOf}. The slow hash is paid once per fingerprint and checkout: a match is remembered in
     * {@code .poststack/secrets/.fingerprint-proofs} (0600) when every one of those secrets is generated, so the
     * file, a fast hash of them, sits beside their values and tells a reader of the folder nothing new; a
     * secret from the environment or a file elsewhere is compared slowly in every process.
     */
    public boolean isFingerprintOf(String fingerprint, String text, Collection<String> madeOf) {
        boolean kept = !madeOf.isEmpty() && madeOf.stream().allMatch(n -> spec(n).source() instanceof SecretSpec.Generated);
        if (kept && proofs.holds(fingerprint, text)) {
            return true;
        }
        boolean matches = SecretFingerprint.matches(fingerprint, text);
        if (matches && kept) { // the folder exists: the text is made of values generated into it
            proofs.record(fingerprint, text);
        }
        return matches;
    }

    /** Where the secret is kept on the host, when it is kept in a file (generated or {@code file:}). */
    public Optional<Path> file(String name) {
        SecretSpec.Source source = spec(name).source();
        if (source instanceof SecretSpec.Generated) {
            return Optional.of(folder.resolve(name));
        }
        return source instanceof SecretSpec.FromFile file ? Optional.of(file.path()) : Optional.empty();
    }

    private SecretSpec spec(String name) {
        SecretSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no secret named " + name + " in the manifest");
        }
        return spec;
    }

    private String load(String name) {
        SecretSpec spec = spec(name);
        if (spec.source() instanceof SecretSpec.Generated generated) {
            return generatedValue(name, generated.length());
        }
        if (spec.source() instanceof SecretSpec.FromEnv env) {
            return fromEnvironment(spec, env.variable());
        }
        return fromFile(spec, ((SecretSpec.FromFile) spec.source()).path());
    }

    private String fromEnvironment(SecretSpec spec, String variable) {
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new SecretUnavailableException("secret `" + spec.name() + "` (" + spec.location() + ") comes from"
                    + " the environment variable " + variable + ", which is " + (value == null ? "not set" : "empty")
                    + "\nfix: export " + variable + "=... before running poststack");
        }
        return value;
    }

    private static String fromFile(SecretSpec spec, Path file) {
        try {
            String value = firstLine(Files.readString(file, StandardCharsets.UTF_8));
            if (value.isEmpty()) {
                throw new SecretUnavailableException("secret `" + spec.name() + "` (" + spec.location()
                        + "): its file " + file + " is empty\nfix: write the value on the file's first line");
            }
            return value;
        } catch (IOException e) {
            throw new SecretUnavailableException("secret `" + spec.name() + "` (" + spec.location()
                    + "): cannot read its file " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ")\nfix: create the file, or point `file:` at an existing one");
        }
    }

    private String generatedValue(String name, int length) {
        Path file = folder.resolve(name);
        try {
            if (Files.exists(file)) {
                return firstLine(Files.readString(file, StandardCharsets.UTF_8));
            }
            prepareFolder();
            String value = randomValue(length);
            // Written whole into an owner-only file (secret names never start with a dot), then linked under
            // its name, which fails when it exists: another poststack process sees no file or the whole
            // value, never an empty one, and two processes cannot both keep one.
            Path written = Files.createTempFile(folder, "." + name + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            try {
                Files.writeString(written, value + "\n", StandardCharsets.UTF_8);
                Files.createLink(file, written);
                return value;
            } catch (FileAlreadyExistsException raced) {
                return firstLine(Files.readString(file, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep secret " + name + " in " + file, e);
        }
    }

    private void prepareFolder() throws IOException {
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        Files.setPosixFilePermissions(folder, OWNER_ONLY_DIR);
        PoststackFolder.ignoreInGit(folder.getParent());
    }

    private String randomValue(int length) {
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return value.toString();
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
