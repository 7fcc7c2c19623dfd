package dev.poststack.testing;

import dev.poststack.api.PoststackException;
import dev.poststack.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test stacks kept between runs, so a second {@code mvn test} starts in well under a second. A reused stack is
 * named {@code pstest-r-<key>-<fingerprint>}: the key says which stack (manifest, services, schema), the
 * fingerprint what it was made from (the manifest's text and the ids of its images, the schema's image holding
 * the changelogs). A stack of the same key with another fingerprint is stale and replaced, volumes included,
 * never reused. Each use is recorded in {@code ~/.poststack/reused/<project>} (when it was last used, when its
 * containers last passed their verify checks, whether its application database was put back from its template
 * at the end of the last run, and the manifest, services and schema it was made for); a stack unused for longer
 * than the idle limit is removed by the next test run, and {@code poststack down --tests} removes them all.
 * <p>
 * On by default on a developer's machine and off on CI ({@code CI=true}), where a run should start from nothing
 * and leave nothing behind. Either way the switch turns it on or off, first setting found wins: system property
 * {@code poststack.reuse}, environment {@code POSTSTACK_REUSE}, {@code reuse} in {@code ~/.poststack/config}
 * ({@code true} or {@code false}; the file is ignored when {@code CI=true}, so a developer's file never makes a
 * CI run keep stacks). The idle limit: {@code poststack.reuse.idle} / {@code POSTSTACK_REUSE_IDLE} /
 * {@code reuse.idle} as an ISO-8601 duration ({@code PT2H}, the default). The same settings say where a test
 * stack keeps its databases' data ({@link #dataInMemory()}).
 */
public final class StackReuse {

    private static final Pattern REUSED = Pattern.compile("pstest-r-([0-9a-f]{8})-([0-9a-f]{10})");
    private static final Duration DEFAULT_IDLE = Duration.ofHours(2);
    private static final String USED = "used";
    private static final String VERIFIED = "verified";
    private static final String CLEAN = "clean";
    private static final String MANIFEST = "manifest";
    private static final String SERVICES = "services";
    private static final String SCHEMA = "schema";

    private final Function<String, String> properties;
    private final Map<String, String> env;
    private final Path home;
    /** {@code ~/.poststack/config}, read once by the first setting that looks there. */
    private Properties config;

    StackReuse(Function<String, String> properties, Map<String, String> env, Path home) {
        this.properties = properties;
        this.env = env;
        this.home = home;
    }

    /** The settings of this JVM: its system properties, environment and home folder. */
    public static StackReuse ofThisJvm() {
        return new StackReuse(System::getProperty, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Whether test stacks are kept for the next run: the switch when set, else on unless {@code CI=true}.
     *
     * @throws PoststackException when the switch is neither {@code true} nor {@code false}
     */
    public boolean enabled() {
        return setting("poststack.reuse", "POSTSTACK_REUSE", "reuse").map(s -> {
            if (s.value().equalsIgnoreCase("true") || s.value().equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s.value());
            }
            throw invalid(s, "true (keep test stacks for the next run) or false (a fresh stack every run)");
        }).orElse(!onCi());
    }

    /**
     * How long a reused stack may stay unused before a test run removes it.
     *
     * @throws PoststackException when the setting is not an ISO-8601 duration
     */
    public Duration idleLimit() {
        return setting("poststack.reuse.idle", "POSTSTACK_REUSE_IDLE", "reuse.idle").map(s -> {
            try {
                return Duration.parse(s.value());
            } catch (DateTimeParseException e) {
                throw invalid(s, "an ISO-8601 duration such as PT2H or PT30M");
            }
        }).orElse(DEFAULT_IDLE);
    }

    /**
     * Whether a test stack's database services keep their data in memory (tmpfs) instead of on named volumes:
     * on unless {@code poststack.data-in-memory} / {@code POSTSTACK_DATA_IN_MEMORY} / {@code data-in-memory} in
     * {@code ~/.poststack/config} is {@code false}. In memory, a per-test database's copy and drop cost a
     * fraction (no file reaches a disk), and nothing is left behind; a test database larger than the memory the
     * engine can spare wants {@code false}.
     *
     * @throws PoststackException when the switch is neither {@code true} nor {@code false}
     */
    public boolean dataInMemory() {
        return setting("poststack.data-in-memory", "POSTSTACK_DATA_IN_MEMORY", "data-in-memory").map(s -> {
            if (s.value().equalsIgnoreCase("true") || s.value().equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s.value());
            }
            throw invalid(s, "true (test databases in memory) or false (on named volumes)");
        }).orElse(true);
    }

    private boolean onCi() {
        return "true".equalsIgnoreCase(env.get("CI"));
    }

    /** A setting's value and where it was found, for a message that says what to fix. */
    private record Setting(String value, String source) {
    }

    private Optional<Setting> setting(String property, String variable, String key) {
        String value = properties.apply(property);
        if (present(value)) {
            return Optional.of(new Setting(value.trim(), "system property " + property));
        }
        value = env.get(variable);
        if (present(value)) {
            return Optional.of(new Setting(value.trim(), "environment variable " + variable));
        }
        if (!onCi()) {
            value = config().getProperty(key);
            if (present(value)) {
                return Optional.of(new Setting(value.trim(), key + " in " + home.resolve(".poststack/config")));
            }
        }
        return Optional.empty();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static PoststackException invalid(Setting s, String expected) {
        return PoststackException.invalidInput(s.source() + " is '" + s.value() + "': set it to " + expected);
    }

    private synchronized Properties config() {
        if (config != null) {
            return config;
        }
        config = new Properties();
        Path file = home.resolve(".poststack/config");
        if (Files.isRegularFile(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                config.load(in);
            } catch (IOException e) {
                System.err.println("poststack: could not read " + file + ": " + e.getMessage());
            }
        }
        return config;
    }

    /** Which stack: {@code pstest-r-<8 hex>} of the manifest's path, the services and whether the schema is applied. */
    public static String key(Path manifest, List<String> services, boolean schema) {
        return "pstest-r-" + hash(manifest.toAbsolutePath().normalize() + "|" + services + "|" + schema).substring(0, 8);
    }

    /** The project of stack {@code key} made from this manifest text and these image ids. */
    public static String project(String key, String manifestText, List<String> imageIds) {
        return key + "-" + hash(manifestText + "|" + imageIds.stream().sorted().toList()).substring(0, 10);
    }

    /** Whether {@code project} is a reused stack of {@code key} other than {@code current}: made from other inputs. */
    public static boolean isStale(String project, String key, String current) {
        return project.startsWith(key + "-") && REUSED.matcher(project).matches() && !project.equals(current);
    }

    /** Whether {@code project} is a reused test stack. */
    public static boolean isReused(String project) {
        return REUSED.matcher(project).matches();
    }

    /** Records that {@code project} is in use now. */
    public void touch(String project) {
        update(project, r -> r.setProperty(USED, Instant.now().toString()));
    }

    /**
     * When {@code project}'s containers last passed their verify checks (all its services up and checked), as
     * {@link #verified} recorded it; empty when unknown.
     */
    public Optional<Instant> verifiedAt(String project) {
        return instant(read(project).getProperty(VERIFIED));
    }

    /** Records that every container of {@code project} passed its checks, verify checks included, by {@code at}. */
    public void verified(String project, Instant at) {
        update(project, r -> r.setProperty(VERIFIED, at.toString()));
    }

    /**
     * Whether {@code project}'s application database was put back from its template when its last run ended
     * ({@link #markClean}) and no run has used it since ({@link #markInUse(String, Shape)}).
     */
    public boolean isClean(String project) {
        return "true".equals(read(project).getProperty(CLEAN));
    }

    /**
     * Records that a run is using {@code project}'s application database, so it may hold that run's rows, and what
     * the stack is made of ({@code shape}), so a later run can begin reusing it before its tests ask.
     */
    public void markInUse(String project, Shape shape) {
        update(project, r -> {
            r.setProperty(USED, Instant.now().toString());
            r.setProperty(CLEAN, "false");
            r.setProperty(MANIFEST, shape.manifest().toString());
            r.setProperty(SERVICES, String.join(",", shape.services()));
            r.setProperty(SCHEMA, String.valueOf(shape.schema()));
        });
    }

    /**
     * What a reused stack is made of, as a test asked for it: the manifest's absolute path, the services (empty:
     * all) and whether the schema is applied; {@link #key} of the three names it.
     */
    public record Shape(Path manifest, List<String> services, boolean schema) {
        public Shape {
            manifest = manifest.toAbsolutePath().normalize();
            services = List.copyOf(services);
        }
    }

    /**
     * The reused stack of a manifest in {@code folder} that was used last, within the idle limit, when there is
     * one: the stack a test run started in that folder most likely asks for again.
     */
    public Optional<Shape> lastUsedIn(Path folder) {
        Path dir = home.resolve(".poststack/reused");
        Path wanted = folder.toAbsolutePath().normalize();
        Shape best = null;
        Instant bestUse = Instant.MIN;
        try (var files = Files.list(dir)) {
            Duration limit = idleLimit();
            for (Path file : (Iterable<Path>) files::iterator) {
                String project = file.getFileName().toString();
                if (!REUSED.matcher(project).matches()) {
                    continue;
                }
                Properties r = read(project);
                Optional<Instant> used = instant(r.getProperty(USED));
                String manifest = r.getProperty(MANIFEST);
                if (manifest == null || used.isEmpty() || idle(used.get(), limit) || !used.get().isAfter(bestUse)) {
                    continue;
                }
                Path path = Path.of(manifest);
                if (path.getParent() != null && path.getParent().equals(wanted) && Files.isRegularFile(path)) {
                    String services = r.getProperty(SERVICES, "");
                    best = new Shape(path, services.isEmpty() ? List.of() : List.of(services.split(",")),
                            Boolean.parseBoolean(r.getProperty(SCHEMA)));
                    bestUse = used.get();
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no records, or a bad setting: no head start, the test itself says why
        }
        return Optional.ofNullable(best);
    }

    /** Records that {@code project}'s application database was just put back from its template. */
    public void markClean(String project) {
        update(project, r -> {
            r.setProperty(USED, Instant.now().toString());
            r.setProperty(CLEAN, "true");
        });
    }

    /** Whether {@code project} is a reused stack nobody used within the idle limit (or whose record is gone). */
    public boolean isIdle(String project) {
        Matcher m = REUSED.matcher(project);
        if (!m.matches()) {
            return false;
        }
        Duration limit = idleLimit(); // a bad setting fails here, never counts as "idle"
        if (!Files.isRegularFile(lastUseFile(project))) {
            return true;
        }
        return instant(read(project).getProperty(USED)).map(last -> idle(last, limit)).orElse(true);
    }

    private static boolean idle(Instant lastUse, Duration limit) {
        return lastUse.plus(limit).isBefore(Instant.now());
    }

    /** Forgets {@code project}'s last use (after it was removed). */
    public void forget(String project) {
        try {
            Files.deleteIfExists(lastUseFile(project));
        } catch (IOException e) {
            // a stale record only makes a later run look for a stack that is gone
        }
    }

    /**
     * The record of {@code project}: {@code used}, {@code verified} (instants) and {@code clean}; a record of an
     * older poststack, one instant alone, is its last use. Empty when there is none or it cannot be read.
     */
    private Properties read(String project) {
        Properties record = new Properties();
        Path file = lastUseFile(project);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (!text.contains("=")) {
                record.setProperty(USED, text.trim());
            } else {
                record.load(new java.io.StringReader(text));
            }
        } catch (IOException e) {
            // no record: nothing known
        }
        return record;
    }

    private synchronized void update(String project, java.util.function.Consumer<Properties> change) {
        Properties record = read(project);
        change.accept(record);
        StringBuilder text = new StringBuilder();
        for (String key : List.of(USED, VERIFIED, CLEAN, MANIFEST, SERVICES, SCHEMA)) {
            String value = record.getProperty(key);
            if (value != null) {
                text.append(key).append('=').append(value).append('\n');
            }
        }
        try {
            Path file = lastUseFile(project);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            System.err.println("poststack: could not record the use of test stack " + project + ": " + e.getMessage());
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Path lastUseFile(String project) {
        return home.resolve(".poststack/reused").resolve(project);
    }

    private static String hash(String text) {
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
