package dev.poststack.schema;

import dev.poststack.api.ChangeSet;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.PoststackException;
import dev.poststack.api.SchemaOptions;
import dev.poststack.api.SchemaResult;
import dev.poststack.api.SchemaStatus;
import dev.poststack.changelog.ChangelogTree;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.SchemaSpec;
import dev.poststack.run.ContainerRunner;
import dev.poststack.run.LocalImage;
import dev.poststack.run.TaskResult;
import dev.poststack.secret.PoststackFolder;
import dev.poststack.secret.SecretStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies the manifest's schema: creates the application role and database when missing, checks the
 * changelogs, then runs Liquibase from the schema image as a one-off container on the project's network,
 * against the database service by its network alias. Credentials reach Liquibase as a file, never on a
 * command line.
 */
public final class SchemaRunner {

    private final Manifest manifest;
    private final SchemaSpec spec;
    private final ContainerRunner runner;
    private final SecretStore secrets;
    private final SchemaState state;
    private final Consumer<String> progress;
    private final Clock clock;

    public SchemaRunner(Manifest manifest, ContainerRunner runner, SecretStore secrets, Consumer<String> progress,
                        Clock clock) {
        this.manifest = manifest;
        this.spec = manifest.schema().orElseThrow(() -> PoststackException.invalidInput(
                manifest.file() + " has no `schema:` section\nfix: add one, e.g. schema: {image: liquibase,"
                        + " service: db, database: app, owner: app, owner-password: app-password}"));
        this.runner = runner;
        this.secrets = secrets;
        this.state = new SchemaState(PoststackFolder.of(manifest.baseDir()));
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * Creates the role and database when missing, then applies every pending changeset.
     *
     * @throws PoststackException {@code INVALID_INPUT} for changelog problems (nothing ran), {@code FAILED}
     *                            naming the failing changeset and the database's error
     */
    public SchemaResult apply(SchemaOptions options) throws InterruptedException {
        Instant began = clock.instant();
        ChangelogTree tree = checkedChangelogs();
        DatabaseAccess admin = admin();
        boolean createdOwner;
        boolean createdDatabase;
        try (SchemaDatabase server = SchemaDatabase.open(admin)) {
            createdOwner = ensureOwner(server);
            createdDatabase = server.ensureDatabase(spec.database(), spec.owner());
        } catch (SQLException e) {
            throw databaseFailure(admin, e);
        }
        return applyPending(options, began, tree, admin, createdOwner, createdDatabase);
    }

    /**
     * Applies every pending changeset to a database {@link #apply} created before; creates the role when missing.
     *
     * @throws PoststackException {@code FAILED} when the database does not exist yet, before the changelogs are
     *                            read; otherwise as {@link #apply}
     */
    public SchemaResult update(SchemaOptions options) throws InterruptedException {
        Instant began = clock.instant();
        DatabaseAccess admin = admin();
        ChangelogTree tree;
        boolean createdOwner;
        try (SchemaDatabase server = SchemaDatabase.open(admin)) {
            if (!server.databaseExists(spec.database())) {
                throw new PoststackException(PoststackException.Kind.FAILED, "database " + spec.database()
                        + " does not exist yet\nfix: create it and apply the schema with `poststack init-schema`",
                        null);
            }
            tree = checkedChangelogs();
            createdOwner = ensureOwner(server);
        } catch (SQLException e) {
            throw databaseFailure(admin, e);
        }
        return applyPending(options, began, tree, admin, createdOwner, false);
    }

    private boolean ensureOwner(SchemaDatabase server) throws SQLException {
        return server.ensureRole(spec.owner(), secrets.value(spec.ownerPassword()));
    }

    /** Checks the lock, then runs Liquibase unless the state shows nothing changed since its last run. */
    private SchemaResult applyPending(SchemaOptions options, Instant began, ChangelogTree tree, DatabaseAccess admin,
                                      boolean createdOwner, boolean createdDatabase) throws InterruptedException {
        if (createdOwner) {
            progress.accept("created role " + spec.owner());
        }
        if (createdDatabase) {
            progress.accept("created database " + spec.database() + " owned by " + spec.owner());
        }
        try (SchemaDatabase database = SchemaDatabase.open(admin.withDatabase(spec.database()))) {
            checkLock(database, options.releaseLock());
            LocalImage image = runner.image(imageReference()).orElseThrow(() -> new PoststackException(
                    PoststackException.Kind.FAILED, "the schema image " + imageReference() + " is not in the engine"
                    + "\nfix: build it with `poststack build-images " + spec.image() + "`", null));
            List<SchemaStatus.Applied> before = database.applied();
            if (options.dryRun()) {
                TaskResult result = liquibase("update-sql", image, options, admin);
                failIfUnsuccessful(result, database, tree, before);
                return new SchemaResult(spec.database(), createdDatabase, createdOwner, List.of(),
                        pending(tree, before), true, Optional.of(result.stdout()),
                        Duration.between(began, clock.instant()));
            }
            String key = SchemaState.key(image.id(), before, options);
            if (state.lastApplied(spec.database()).filter(key::equals).isPresent()) {
                return new SchemaResult(spec.database(), createdDatabase, createdOwner, List.of(), List.of(), false,
                        Optional.empty(), Duration.between(began, clock.instant()));
            }
            TaskResult result = liquibase("update", image, options, admin);
            failIfUnsuccessful(result, database, tree, before);
            List<SchemaStatus.Applied> after = database.applied();
            state.recordApplied(spec.database(), SchemaState.key(image.id(), after, options));
            List<ChangeSet> applied = after.subList(Math.min(before.size(), after.size()), after.size()).stream()
                    .map(SchemaStatus.Applied::changeSet).toList();
            return new SchemaResult(spec.database(), createdDatabase, createdOwner, applied, pending(tree, after),
                    true, Optional.empty(), Duration.between(began, clock.instant()));
        } catch (SQLException e) {
            throw databaseFailure(admin, e);
        }
    }

    /** Applied and pending changesets and the lock; starts nothing. */
    public SchemaStatus status() {
        ChangelogTree tree = checkedChangelogs();
        DatabaseAccess admin = admin();
        try {
            if (!databaseExists(admin)) {
                return new SchemaStatus(spec.database(), List.of(), pending(tree, List.of()), Optional.empty());
            }
            try (SchemaDatabase database = SchemaDatabase.open(admin.withDatabase(spec.database()))) {
                List<SchemaStatus.Applied> applied = database.applied();
                return new SchemaStatus(spec.database(), applied, pending(tree, applied), database.lock());
            }
        } catch (SQLException e) {
            throw databaseFailure(admin, e);
        }
    }

    private boolean databaseExists(DatabaseAccess admin) throws SQLException {
        try (SchemaDatabase server = SchemaDatabase.open(admin)) {
            return server.databaseExists(spec.database());
        }
    }

    private ChangelogTree checkedChangelogs() {
        ChangelogTree tree = ChangelogTree.read(spec.changelogs(), spec.master());
        if (tree.hasProblems()) {
            throw PoststackException.invalidInput("the changelogs of " + spec.changelogs() + " have "
                    + tree.problems().size() + (tree.problems().size() == 1 ? " problem" : " problems")
                    + "; nothing was applied:\n" + tree.report());
        }
        return tree;
    }

    private static List<ChangeSet> pending(ChangelogTree tree, List<SchemaStatus.Applied> applied) {
        Set<ChangeSet> done = new HashSet<>();
        applied.forEach(a -> done.add(a.changeSet()));
        return tree.changeSets().stream().map(c -> c.key())
                .filter(c -> !done.contains(c)).toList();
    }

    private void checkLock(SchemaDatabase database, boolean release) throws SQLException {
        Optional<SchemaStatus.Lock> lock = database.lock();
        if (lock.isEmpty()) {
            return;
        }
        if (release) {
            database.releaseLock();
            progress.accept("released the Liquibase lock held by " + lock.get().lockedBy() + " since "
                    + lock.get().since());
            return;
        }
        throw new PoststackException(PoststackException.Kind.FAILED, "the Liquibase lock of database "
                + spec.database() + " is held by " + lock.get().lockedBy() + " since " + lock.get().since()
                + "; a Liquibase run that was killed leaves it behind"
                + "\nfix: if no other Liquibase runs against this database, release it with"
                + " `poststack update-schema --release-lock`", null);
    }

    private TaskResult liquibase(String command, LocalImage image, SchemaOptions options, DatabaseAccess admin)
            throws InterruptedException {
        String service = spec.service();
        // The superuser's connection acting as the schema owner from its start (SET ROLE through the startup
        // options): what the changesets create, and Liquibase's own tables, belong to the owner. A changeset that
        // needs the superuser (an untrusted extension) says SET LOCAL ROLE NONE for its own transaction.
        String url = "jdbc:postgresql://" + service + ":" + manifest.services().get(service).database().orElseThrow()
                .port() + "/" + spec.database() + "?options=-c%20role%3D" + spec.owner();
        LiquibaseInvocation invocation = LiquibaseInvocation.of(command, spec, url, admin.user(), admin.password(),
                options).withTls(admin.tls(), SchemaRunner::readCaCertificate);
        progress.accept("liquibase " + command + " against " + service + "/" + spec.database());
        return runner.runTask("liquibase-" + command, image, invocation.arguments(),
                invocation.secretFiles(), line -> { });
    }

    private void failIfUnsuccessful(TaskResult result, SchemaDatabase database, ChangelogTree tree,
                                    List<SchemaStatus.Applied> before) {
        if (result.exitCode() == 0) {
            return;
        }
        LiquibaseFailure failure = LiquibaseFailure.from(result.output());
        String lock;
        List<ChangeSet> applied = List.of();
        try {
            lock = database.lock().map(l -> "the Liquibase lock is still held by " + l.lockedBy()
                    + "; release it with `poststack update-schema --release-lock`")
                    .orElse("the Liquibase lock was released");
            List<SchemaStatus.Applied> after = database.applied();
            applied = after.subList(Math.min(before.size(), after.size()), after.size()).stream()
                    .map(SchemaStatus.Applied::changeSet).toList();
        } catch (SQLException e) {
            lock = "the Liquibase lock could not be read: " + e.getMessage();
        }
        throw new PoststackException(PoststackException.Kind.FAILED, new FailureReport(tree)
                .render(failure, applied, lock, result.log(), result.exitCode()), null);
    }

    /** The CA the manifest names, for the Liquibase container (copied in, never part of an image). */
    private static String readCaCertificate(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw PoststackException.invalidInput("cannot read the CA certificate " + file + " that `database.tls.ca`"
                    + " names (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")\nfix: make it readable");
        }
    }

    private DatabaseAccess admin() {
        return runner.running(spec.service()).database().orElseThrow();
    }

    private String imageReference() {
        return manifest.referenceOf(spec.image());
    }

    private static PoststackException databaseFailure(DatabaseAccess admin, SQLException e) {
        return new PoststackException(PoststackException.Kind.FAILED, "database " + admin + ": " + e.getMessage()
                + (e.getSQLState() != null ? " (SQLSTATE " + e.getSQLState() + ")" : ""), e);
    }
}
