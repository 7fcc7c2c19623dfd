package dev.poststack.junit;

import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.PoststackException;
import dev.poststack.api.RunListener;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.clone.DatabaseCopies;
import dev.poststack.testing.StackBuilder;
import dev.poststack.testing.TestProjects;
import dev.poststack.testing.StackReuse;
import dev.poststack.thread.Daemons;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A running, verified stack of services, as tests see it: how to reach each service and its database.
 * Created by {@link PoststackTest} (or {@link #start}), closed at the end of the test run.
 * <pre>{@code
 * try (PoststackStack stack = PoststackStack.start(Path.of("images.yaml"), "myapp-test", List.of(), true)) {
 *     DataSource db = stack.dataSource();
 *     int port = stack.port("db", 5432);
 * }
 * }</pre>
 */
public final class PoststackStack implements AutoCloseable {

    private final Poststack poststack;
    private final List<ServiceOutcome> services;
    /** How to reach each database service the stack started, worked out once from up's outcomes. */
    private final Map<String, DatabaseAccess> databases;
    /** The application database, when the schema was applied. */
    private final Optional<DatabaseAccess> application;

    /** Kept for the next run ({@link StackReuse}) instead of removed on close. */
    private final boolean kept;
    /** A kept stack's removal of stale stacks of its key, awaited by {@link #close()}; null when not kept. */
    private final Thread staleRemoval;
    /** Begun while the test run started, before a test asked ({@link HeadStart}). */
    private volatile boolean begunEarly;

    private PoststackStack(Poststack poststack, List<ServiceOutcome> services, boolean schemaApplied) {
        this(poststack, services, schemaApplied, false, null);
    }

    private PoststackStack(Poststack poststack, List<ServiceOutcome> services, boolean schemaApplied,
                           Thread staleRemoval) {
        this(poststack, services, schemaApplied, true, staleRemoval);
    }

    private PoststackStack(Poststack poststack, List<ServiceOutcome> services, boolean schemaApplied, boolean kept,
                           Thread staleRemoval) {
        this.poststack = poststack;
        this.kept = kept;
        this.staleRemoval = staleRemoval;
        this.services = List.copyOf(services);
        List<String> databaseServices = poststack.databaseServices();
        this.databases = services.stream().filter(s -> databaseServices.contains(s.service())).collect(
                Collectors.toMap(ServiceOutcome::service, s -> poststack.database(s.service(), s.ports())));
        this.application = schemaApplied ? poststack.applicationDatabase(admin()) : Optional.empty();
    }

    /**
     * Builds what is missing, starts {@code services} (all when empty) as project {@code project}, proves
     * them with their checks and, with {@code schema}, applies the manifest's schema.
     *
     * @throws PoststackException with the failing phase's message; nothing is left running then
     */
    public static PoststackStack start(java.nio.file.Path manifest, String project, List<String> services,
                                       boolean schema) throws InterruptedException {
        Poststack poststack = inMemoryWhenAsked(Poststack.open(manifest, project), StackReuse.ofThisJvm());
        try {
            StackBuilder.buildMissing(poststack, services, schema);
            List<ServiceOutcome> started = poststack.up(services, RunListener.none());
            // Stacks of dead test JVMs are removed meanwhile: they are other projects, never this one.
            TestProjects.removeAbandonedInBackground(poststack);
            boolean applySchema = schema && poststack.hasSchema();
            if (applySchema) {
                applySchemaAndSnapshot(poststack);
            }
            return new PoststackStack(poststack, started, applySchema);
        } catch (RuntimeException | InterruptedException e) {
            removeAndClose(poststack);
            throw e;
        }
    }

    /**
     * As {@link #start}, but finds the stack an earlier run left ({@link StackReuse}) when it was made from the
     * same manifest and images, and leaves it running on {@link #close()}. No run sees the last one's rows: a
     * reused stack's application database is put back from its template when a run ends (or, when that run never
     * got there, before this one starts). A stack made from other inputs is never reused: it is removed,
     * volumes included, in the background, and a new one made.
     * <p>
     * What a reuse costs is kept to what it needs: when every image is current (its fingerprint found, no build),
     * the stack's containers are current and not restarted since they passed their verify checks, only their
     * health checks run again.
     */
    public static PoststackStack startReused(java.nio.file.Path manifest, List<String> services, boolean schema)
            throws InterruptedException {
        StackReuse reuse = StackReuse.ofThisJvm();
        String key = StackReuse.key(manifest, services, schema);
        List<String> imageIds;
        String project;
        Poststack poststack;
        try (Poststack probe = Poststack.open(manifest, key)) {
            imageIds = probe.currentImages(probe.imagesFor(services, schema)).map(ids -> List.copyOf(ids.values()))
                    .orElse(null);
            if (imageIds == null) { // something is missing or out of date: built (and the stack made anew)
                imageIds = StackBuilder.buildMissing(probe, services, schema).images().stream()
                        .flatMap(i -> i.imageId().stream()).toList();
            }
            try {
                project = StackReuse.project(key, java.nio.file.Files.readString(manifest), imageIds);
            } catch (java.io.IOException e) {
                throw new PoststackException(PoststackException.Kind.INVALID_INPUT, "cannot read " + manifest + ": "
                        + e.getMessage(), e);
            }
            // the probe's engine connection goes with it
            poststack = inMemoryWhenAsked(probe.withProject(project), reuse);
        }
        try {
            boolean clean = reuse.isClean(project);
            Optional<java.time.Instant> verifiedAt = reuse.verifiedAt(project);
            reuse.markInUse(project, new StackReuse.Shape(manifest, services, schema));
            // Stale stacks of this key are other projects: removed meanwhile, awaited by close().
            Thread staleRemoval = Daemons.start("poststack-stale-stacks", () -> removeStale(poststack, reuse, key, project));
            List<ServiceOutcome> started = verifiedAt.isPresent()
                    ? poststack.upVerifiedSince(services, verifiedAt.get(), RunListener.none())
                    : poststack.up(services, RunListener.none());
            reuse.verified(project, java.time.Instant.now());
            TestProjects.removeAbandonedInBackground(poststack);
            boolean reused = started.stream().allMatch(s -> s.action() == ServiceOutcome.Action.REUSED);
            boolean applySchema = schema && poststack.hasSchema();
            if (applySchema && !(reused && clean)) {
                DatabaseAccess admin = poststack.database(poststack.databaseService(), ports(started, poststack));
                String app = poststack.applicationDatabase(admin).orElseThrow().database();
                if (reused && DatabaseCopies.hasSnapshot(admin, app)) {
                    DatabaseCopies.restore(admin, app);
                } else {
                    applySchemaAndSnapshot(poststack);
                }
            }
            return new PoststackStack(poststack, started, applySchema, staleRemoval);
        } catch (RuntimeException | InterruptedException e) {
            removeAndClose(poststack);
            reuse.forget(project);
            throw e;
        }
    }

    /** {@code poststack} with its databases' data in memory unless the test settings keep it on volumes. */
    private static Poststack inMemoryWhenAsked(Poststack poststack, StackReuse settings) {
        return settings.dataInMemory() ? poststack.withDatabasesInMemory() : poststack;
    }

    private static void removeStale(Poststack poststack, StackReuse reuse, String key, String project) {
        try {
            poststack.removeProjects(p -> StackReuse.isStale(p, key, project)).forEach(reuse::forget);
        } catch (RuntimeException e) {
            System.err.println("poststack: could not remove stale test stacks of " + key + ": " + e.getMessage());
        }
    }

    private static Map<Integer, Integer> ports(List<ServiceOutcome> started, Poststack poststack) {
        return started.stream().filter(s -> s.service().equals(poststack.databaseService())).findFirst()
                .map(ServiceOutcome::ports).orElse(Map.of());
    }

    /**
     * Applies the schema and keeps the result as the application database's template: the baseline that
     * per-test databases are copied from and a reused stack is restored to, whatever tests write later.
     */
    private static void applySchemaAndSnapshot(Poststack poststack) throws InterruptedException {
        poststack.applySchema(dev.poststack.api.SchemaOptions.defaults(), line -> { });
        DatabaseAccess admin = poststack.database(poststack.databaseService());
        TestServerSettings.forgoDurability(admin);
        poststack.applicationDatabase(admin).ifPresent(app -> DatabaseCopies.snapshot(admin, app.database()));
    }

    /** Whether the stack is left running for the next run ({@link StackReuse}). */
    public boolean reused() {
        return kept;
    }

    /**
     * Whether this reused stack's checks began when the test run's session opened, before any test asked for it:
     * the working folder's manifest's stack, the one used last from there (see {@code PrepareOnSessionStart}).
     */
    public boolean begunEarly() {
        return begunEarly;
    }

    PoststackStack markBegunEarly() {
        begunEarly = true;
        return this;
    }

    /** The project the stack's containers, network and volumes are named after. */
    public String project() {
        return poststack.projectName();
    }

    /** The services started, in start order, with their ports and checks. */
    public List<ServiceOutcome> services() {
        return services;
    }

    /** Always {@code 127.0.0.1}: services are published on the loopback address only. */
    public String host() {
        return "127.0.0.1";
    }

    /** The host port a service's container port is published on. */
    public int port(String service, int containerPort) {
        ServiceOutcome outcome = services.stream().filter(s -> s.service().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("service " + service + " is not part of this stack"));
        Integer port = outcome.ports().get(containerPort);
        if (port == null) {
            throw new IllegalArgumentException("service " + service + " does not publish port " + containerPort
                    + "; published: " + outcome.ports().keySet());
        }
        return port;
    }

    /** The application database (the schema's database and owner) when the schema was applied, else {@link #admin()}. */
    public DatabaseAccess database() {
        return application.orElseGet(this::admin);
    }

    /** The application database, when the schema was applied. */
    public Optional<DatabaseAccess> applicationDatabase() {
        return application;
    }

    /** The database service's own access (its superuser and database). */
    public DatabaseAccess admin() {
        String service = poststack.databaseService();
        DatabaseAccess started = databases.get(service);
        // Not started by this stack: the facade finds its running container, or says why there is none.
        return started != null ? started : poststack.database(service);
    }

    /** A DataSource of {@link #database()}: a new connection per call, nothing pooled. */
    public DataSource dataSource() {
        return dataSource(database());
    }

    /** A DataSource of {@code access}: a new connection per call, nothing pooled. */
    public static DataSource dataSource(DatabaseAccess access) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        // The URL carries the server, the database and the service's TLS settings (sslmode, sslrootcert).
        source.setUrl(access.jdbcUrl());
        source.setUser(access.user());
        source.setPassword(access.password());
        source.setApplicationName("poststack-test");
        return source;
    }

    /**
     * Stops and removes the stack's containers, network and volumes. A reused stack is left running for the next
     * run, its application database put back from its template first, so the next run starts at once on the
     * migrated schema without this run's rows.
     */
    @Override
    public void close() {
        if (!kept) {
            removeAndClose(poststack);
            return;
        }
        StackReuse reuse = StackReuse.ofThisJvm();
        try {
            application.ifPresent(app -> {
                DatabaseCopies.restore(admin(), app.database());
                reuse.markClean(poststack.projectName());
            });
            staleRemoval.join(java.time.Duration.ofSeconds(60).toMillis());
        } catch (RuntimeException e) {
            // the next run finds the database not marked clean and puts it back itself
            System.err.println("poststack: could not put back " + application.get().database() + " of test stack "
                    + poststack.projectName() + " for the next run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reuse.touch(poststack.projectName());
            poststack.close();
        }
    }

    private static void removeAndClose(Poststack poststack) {
        try {
            poststack.down(true, RunListener.none());
        } finally {
            poststack.close();
        }
    }
}
