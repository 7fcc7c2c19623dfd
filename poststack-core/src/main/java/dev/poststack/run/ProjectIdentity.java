package dev.poststack.run;

import dev.poststack.hash.Sha256;
import dev.poststack.manifest.Defaults;
import dev.poststack.manifest.Manifest;
import dev.poststack.secret.PoststackFolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which project a checkout's services belong to, and which checkout this is. Like Compose's project name
 * (taken from the folder), the name follows the checkout by default, so two clones of one repository never
 * share containers, networks or volumes: {@code <namespace>-<8 hex digits of the SHA-256 of the manifest's
 * canonical folder>}. A hash rather than the folder's name, because clones are often named alike
 * ({@code ~/a/poststack}, {@code ~/b/poststack}); the namespace first, so {@code docker ps} still says whose
 * it is. In this order, the first that is set wins:
 * <ol>
 *   <li>an explicit name (the command line's {@code --project}, {@code Poststack.open(path, name)});</li>
 *   <li>{@code POSTSTACK_PROJECT} in the environment;</li>
 *   <li>{@code defaults.project} in the manifest, a fixed name for every checkout;</li>
 *   <li>the name this checkout adopted from a stack made before names followed the checkout (the bare
 *       namespace), kept in {@code .poststack/state/project} (see {@link LegacyProject});</li>
 *   <li>the name derived from the checkout.</li>
 * </ol>
 * The checkout is the manifest's canonical folder; containers and volumes record it, so another checkout
 * that uses the same project name (on purpose or not) is refused rather than allowed to replace them.
 */
public final class ProjectIdentity {

    /** The environment variable naming the project, like Compose's {@code COMPOSE_PROJECT_NAME}. */
    public static final String VARIABLE = "POSTSTACK_PROJECT";
    static final String STATE_FILE = "project";

    /** Where the name came from; a derived one may still adopt a stack of the old name. */
    public enum Source { EXPLICIT, ENVIRONMENT, MANIFEST, ADOPTED, CHECKOUT }

    private final String name;
    private final String checkout;
    private final Source source;
    private final String legacyName;

    private ProjectIdentity(String name, String checkout, Source source, String legacyName) {
        this.name = name;
        this.checkout = checkout;
        this.source = source;
        this.legacyName = legacyName;
    }

    /**
     * @param override    an explicit name, when one was given
     * @param environment where {@code POSTSTACK_PROJECT} is read from
     * @throws IllegalArgumentException when a given name is not a valid project name
     */
    public static ProjectIdentity of(Manifest manifest, Optional<String> override, Map<String, String> environment) {
        String checkout = canonical(manifest.baseDir());
        String legacy = manifest.defaults().namespace().replace('/', '-');
        if (override.isPresent()) {
            return new ProjectIdentity(checked(override.get(), "project name "), checkout, Source.EXPLICIT, legacy);
        }
        String variable = environment.get(VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return new ProjectIdentity(checked(variable, VARIABLE + "="), checkout, Source.ENVIRONMENT, legacy);
        }
        if (manifest.defaults().project().isPresent()) {
            return new ProjectIdentity(manifest.defaults().project().get(), checkout, Source.MANIFEST, legacy);
        }
        Optional<String> adopted = readAdopted(manifest.baseDir());
        if (adopted.isPresent()) {
            return new ProjectIdentity(adopted.get(), checkout, Source.ADOPTED, legacy);
        }
        return new ProjectIdentity(derived(legacy, checkout), checkout, Source.CHECKOUT, legacy);
    }

    /** {@code <namespace>-<8 hex>}, the namespace shortened so the name stays a valid 63-character one. */
    static String derived(String namespace, String checkout) {
        String hash = Sha256.hex(Sha256.newDigest().digest(checkout.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 8);
        String prefix = namespace.length() > 54 ? namespace.substring(0, 54) : namespace;
        return prefix + "-" + hash;
    }

    private static String checked(String name, String what) {
        if (!Defaults.isProjectName(name)) {
            throw new IllegalArgumentException(what + name + " is not a valid project name;"
                    + " use lowercase letters, digits and `_`, `.`, `-`, starting with a letter or digit");
        }
        return name;
    }

    private static Optional<String> readAdopted(Path projectDir) {
        Path file = stateFile(projectDir);
        try {
            String name = Files.readString(file, StandardCharsets.UTF_8).strip();
            return Defaults.isProjectName(name) ? Optional.of(name) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // None adopted.
        }
    }

    static Path stateFile(Path projectDir) {
        return PoststackFolder.of(projectDir).resolve("state").resolve(STATE_FILE);
    }

    private static String canonical(Path folder) {
        try {
            return folder.toRealPath().toString();
        } catch (IOException e) {
            return folder.toAbsolutePath().normalize().toString();
        }
    }

    /** This identity with the name {@code adopted} (the old, bare-namespace name of this checkout's stack). */
    ProjectIdentity adopting(String adopted) {
        return new ProjectIdentity(adopted, checkout, Source.ADOPTED, legacyName);
    }

    /** The name containers, the network and volumes are named after. */
    public String name() {
        return name;
    }

    /** The checkout's canonical folder, recorded on what it creates. */
    public String checkout() {
        return checkout;
    }

    public Source source() {
        return source;
    }

    /** The name stacks had before names followed the checkout: the namespace, {@code /} as {@code -}. */
    public String legacyName() {
        return legacyName;
    }

    @Override
    public String toString() {
        return name;
    }
}
