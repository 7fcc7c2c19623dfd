package dev.poststack.clone;

import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.PoststackException;
import dev.poststack.thread.Daemons;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh copies of a migrated database in milliseconds, the way IntegreSQL does it: the source is copied once
 * into a template ({@link #snapshot}; no session may connect to it), and copies of the template are made ahead,
 * in a small pool on a background thread, so {@link #take()} rarely waits. Copies carry the source's owner, contents
 * (extensions, pg_cron's jobs, AGE's graphs, HNSW indexes: all files) and its per-database role settings,
 * which PostgreSQL does not copy by itself.
 * <pre>{@code
 * DatabaseCopies.snapshot(admin, "app");
 * try (DatabaseCopies copies = DatabaseCopies.from(admin, app).poolSize(2).prepare();
 *      DatabaseCopy copy = copies.take()) {
 *     use(copy.access());
 * }
 * }</pre>
 * Thread-safe: concurrent tests each take their own copy. {@link #clone}, {@link #list} and {@link #dropCopy}
 * are the same statements for single copies ({@code poststack clone}).
 */
public final class DatabaseCopies implements AutoCloseable {

    private final DatabaseAccess admin;
    private final DatabaseAccess source;
    private final String template;
    private final String owner;
    private final CopyStrategy strategy;
    private final List<CopySql.Setting> settings;
    private final BlockingQueue<DatabaseCopy> ready;
    private final ExecutorService filler;
    private final ExecutorService dropper = Executors.newSingleThreadExecutor(Daemons.factory("poststack-copy-drops"));
    /** The dropper thread's own connection (only that thread uses it). */
    private final Session dropSession;
    private final int poolSize;
    // JVM-wide: two pools of one JVM on one server (a test class's own next to the extension's) never pick one name.
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private volatile RuntimeException fillFailure;
    private volatile boolean closed;

    /** How the copies are made; {@link #prepare()} makes the template. */
    public static final class Builder {
        private final DatabaseAccess admin;
        private final DatabaseAccess source;
        private String template;
        private int poolSize = 4;
        private int fillers = 2;
        /** Empty: chosen from the server's fsync setting by {@link #prepare()}. */
        private java.util.Optional<CopyStrategy> strategy = java.util.Optional.empty();

        private Builder(DatabaseAccess admin, DatabaseAccess source) {
            this.admin = admin;
            this.source = source;
            this.template = templateOf(source.database());
        }

        /** Threads making copies for the pool (2 by default): a copy is mostly the server copying files. */
        public Builder fillers(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("at least one filler thread, was " + threads);
            }
            this.fillers = threads;
            return this;
        }

        /**
         * Copies kept ready ahead (4 by default), each with its first connection already open; 0 makes each copy
         * when asked.
         */
        public Builder poolSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("pool size must be 0 or more, was " + size);
            }
            this.poolSize = size;
            return this;
        }

        /**
         * How copies are made. By default {@link CopyStrategy#FILE_COPY} on a server running without fsync (test
         * stacks: the example schema copies in half WAL_LOG's time there, bench/test-isolation.sh prints both, and
         * its checkpoints flush nothing), else {@link CopyStrategy#WAL_LOG} (no checkpoint per copy).
         */
        public Builder strategy(CopyStrategy strategy) {
            this.strategy = java.util.Optional.of(strategy);
            return this;
        }

        /**
         * Starts filling the pool from the source's template ({@link #snapshot}), and drops copies of earlier
         * runs whose JVM is gone.
         *
         * @throws PoststackException when the source has no template yet
         */
        public DatabaseCopies prepare() {
            try (Connection c = CopySql.connect(admin, source.database())) {
                if (!CopySql.exists(c, template)) {
                    throw new PoststackException(PoststackException.Kind.FAILED, "database " + source.database()
                            + " has no template " + template + " to copy; make one first (DatabaseCopies.snapshot)", null);
                }
                for (CopyInfo old : CopySql.copies(c)) {
                    if (old.source().equals(source.database()) && old.abandoned()) {
                        CopySql.drop(c, old.name());
                    }
                }
                CopyStrategy chosen = strategy.isPresent() ? strategy.get()
                        : CopySql.fsyncOff(c) ? CopyStrategy.FILE_COPY : CopyStrategy.WAL_LOG;
                return new DatabaseCopies(this, chosen, CopySql.owner(c, source.database()),
                        CopySql.settings(c, source.database()));
            } catch (SQLException e) {
                throw failure("could not prepare copies of template " + template, e);
            }
        }
    }

    /** The name of {@code database}'s template: {@code <database>_template}. */
    public static String templateOf(String database) {
        return database + "_template";
    }

    /**
     * Copies {@code database} as it is now into its template ({@link #templateOf}), replacing an older one, and
     * seals it (no session may connect). The database's sessions are ended for the moment of the copy.
     */
    public static void snapshot(DatabaseAccess admin, String database) {
        String template = templateOf(database);
        try (Connection c = CopySql.connect(admin, database)) {
            String owner = CopySql.owner(c, database);
            CopySql.drop(c, template);
            CopySql.copyInUse(c, database, template, owner, CopyStrategy.WAL_LOG);
            CopySql.sealTemplate(c, template);
        } catch (SQLException e) {
            throw failure("could not make template " + template + " of database " + database, e);
        }
    }

    /** Whether {@code database} has a template. */
    public static boolean hasSnapshot(DatabaseAccess admin, String database) {
        try (Connection c = CopySql.connect(admin, database)) {
            return CopySql.exists(c, templateOf(database));
        } catch (SQLException e) {
            throw failure("could not look for the template of " + database, e);
        }
    }

    /**
     * Puts {@code database} back as its template holds it (what a reused test stack does at the end of a run):
     * dropped, its sessions ended, and copied again from the template with its owner and per-database settings
     * ({@code FILE_COPY} on a server without fsync, as the pool's copies).
     */
    public static void restore(DatabaseAccess admin, String database) {
        String template = templateOf(database);
        try (Connection c = CopySql.connect(admin, database)) {
            String owner = CopySql.owner(c, database);
            List<CopySql.Setting> settings = CopySql.settings(c, database);
            CopyStrategy strategy = CopySql.fsyncOff(c) ? CopyStrategy.FILE_COPY : CopyStrategy.WAL_LOG;
            CopySql.drop(c, database);
            CopySql.create(c, template, database, owner, strategy);
            CopySql.apply(c, database, settings);
        } catch (SQLException e) {
            throw failure("could not restore database " + database + " from " + template, e);
        }
    }

    private DatabaseCopies(Builder builder, CopyStrategy strategy, String owner, List<CopySql.Setting> settings) {
        this.admin = builder.admin;
        this.source = builder.source;
        this.template = builder.template;
        this.owner = owner;
        this.strategy = strategy;
        this.settings = settings;
        this.poolSize = builder.poolSize;
        this.dropSession = new Session(admin);
        this.ready = new ArrayBlockingQueue<>(Math.max(1, poolSize));
        int threads = poolSize == 0 ? 1 : Math.min(poolSize, builder.fillers);
        this.filler = Executors.newFixedThreadPool(threads, Daemons.factory("poststack-copies"));
        if (poolSize > 0) {
            for (int i = 0; i < threads; i++) {
                filler.execute(this::fill);
            }
        }
    }

    /**
     * Copies of {@code source} (reached as its owner or application role), made by {@code admin}, a superuser on
     * the same server.
     */
    public static Builder from(DatabaseAccess admin, DatabaseAccess source) {
        return new Builder(admin, source);
    }

    /** The template's name. */
    public String template() {
        return template;
    }

    /** How this pool copies the template (chosen by {@link Builder#prepare()} unless set). */
    public CopyStrategy strategy() {
        return strategy;
    }

    /** A fresh copy: one of the pool, or made now when the pool is empty (or has none). */
    public DatabaseCopy take() throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("the copies of " + template + " are closed");
        }
        if (poolSize == 0) {
            try (Session session = new Session(admin)) {
                return makeCopy(session, false);
            }
        }
        DatabaseCopy copy = ready.poll();
        while (copy == null) {
            if (fillFailure != null) {
                throw fillFailure;
            }
            copy = ready.poll(20, TimeUnit.MILLISECONDS);
        }
        return copy;
    }

    private void fill() {
        try (Session session = new Session(admin)) {
            while (!closed) {
                DatabaseCopy copy = makeCopy(session, true);
                try {
                    ready.put(copy);
                } catch (InterruptedException e) { // closed while the pool was full: this copy goes too
                    copy.close();
                    return;
                }
                if (closed) {
                    copy.close();
                }
            }
        } catch (RuntimeException e) {
            fillFailure = e;
        }
    }

    /**
     * A new copy; {@code connect}: with its first connection opened now and its catalog caches warmed, off the
     * taker's critical path.
     */
    private DatabaseCopy makeCopy(Session session, boolean connect) {
        String name = source.database() + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try {
            session.run(c -> {
                CopySql.create(c, template, name, owner, strategy);
                // its settings and the comment that marks it, in one round trip
                List<String> statements = new ArrayList<>(CopySql.settingStatements(c, name, settings));
                statements.add(CopySql.commentStatement(c, name,
                        CopySql.copyComment(source.database(), OptionalLong.of(ProcessHandle.current().pid()), false)));
                CopySql.executeAll(c, statements);
            });
        } catch (SQLException e) {
            throw failure("could not copy template " + template + " to " + name, e);
        }
        DatabaseAccess access = source.withDatabase(name);
        try {
            return new DatabaseCopy(this, access, connect ? warmed(CopyDataSource.open(access, 0)) : null);
        } catch (SQLException e) {
            drop(session, name);
            throw failure("could not connect to copy " + name + " as " + access.user(), e);
        }
    }

    /** {@code connection} with its catalog caches filled ahead ({@link CopySql#warmCatalog}); best effort. */
    private static java.sql.Connection warmed(java.sql.Connection connection) {
        try {
            CopySql.warmCatalog(connection);
        } catch (SQLException e) {
            // a cold cache only costs the test's first statements a little more
        }
        return connection;
    }

    void drop(DatabaseCopy copy) {
        try {
            dropper.execute(() -> drop(dropSession, copy));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            try (Session once = new Session(admin)) { // after close: right here
                drop(once, copy);
            }
        }
    }

    private static void drop(Session session, DatabaseCopy copy) {
        drop(session, copy.name());
    }

    private static void drop(Session session, String name) {
        try {
            session.run(c -> CopySql.dropCopy(c, name));
        } catch (SQLException e) {
            System.err.println("poststack: could not drop copy " + name + ": " + e.getMessage());
        }
    }

    void keep(DatabaseCopy copy) {
        try (Connection c = CopySql.connect(admin, copy.name())) {
            CopySql.comment(c, copy.name(), CopySql.copyComment(source.database(), OptionalLong.empty(), true));
        } catch (SQLException e) {
            throw failure("could not mark copy " + copy.name() + " as kept", e);
        }
    }

    /** Stops the pool, drops the copies in it and waits for pending drops (at most 30 s). */
    @Override
    public void close() {
        closed = true;
        filler.shutdownNow();
        List<DatabaseCopy> left = new ArrayList<>();
        ready.drainTo(left);
        left.forEach(DatabaseCopy::close);
        dropper.execute(dropSession::close); // after the drops queued so far
        dropper.shutdown();
        try {
            filler.awaitTermination(30, TimeUnit.SECONDS);
            ready.drainTo(left = new ArrayList<>());
            left.forEach(DatabaseCopy::close);
            dropper.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Refuses a database name a copy cannot have before anything reaches the server: {@link #clone} and {@link
     * #dropCopy} take plain PostgreSQL names only (letters, digits, underscores, at most 63, not starting with a
     * digit).
     *
     * @throws PoststackException {@code INVALID_INPUT}, saying what a name may hold
     */
    public static void checkName(String name) {
        CopySql.quote(name);
    }

    /**
     * One copy of {@code sourceDatabase} named {@code name}, with its owner and per-database settings ({@code
     * poststack clone NAME --from DB}). The source's sessions are ended for the moment of the copy.
     *
     * @return how to reach the copy as {@code admin}
     */
    public static DatabaseAccess clone(DatabaseAccess admin, String sourceDatabase, String name) {
        checkName(name);
        try (Connection c = CopySql.connect(admin, sourceDatabase)) {
            if (CopySql.exists(c, name)) {
                throw PoststackException.invalidInput("database `" + name + "` exists already; drop it first"
                        + " (poststack drop-clone " + name + ") or choose another name");
            }
            String owner = CopySql.owner(c, sourceDatabase);
            CopySql.copyInUse(c, sourceDatabase, name, owner, CopyStrategy.WAL_LOG);
            CopySql.apply(c, name, CopySql.settings(c, sourceDatabase));
            CopySql.comment(c, name, CopySql.copyComment(sourceDatabase, OptionalLong.empty(), true));
            return admin.withDatabase(name);
        } catch (SQLException e) {
            throw failure("could not copy database " + sourceDatabase + " to " + name, e);
        }
    }

    /** The copies on the server {@code admin} reaches: test copies and clones. */
    public static List<CopyInfo> list(DatabaseAccess admin) {
        try (Connection c = CopySql.connect(admin, "postgres")) {
            return CopySql.copies(c);
        } catch (SQLException e) {
            throw failure("could not list the copies", e);
        }
    }

    /**
     * Drops the copy {@code name}, ending its sessions.
     *
     * @throws PoststackException when {@code name} is not a database poststack copied (nothing else is dropped)
     */
    public static void dropCopy(DatabaseAccess admin, String name) {
        checkName(name);
        try (Connection c = CopySql.connect(admin, name)) {
            if (CopySql.copies(c).stream().noneMatch(copy -> copy.name().equals(name))) {
                throw PoststackException.invalidInput("database `" + name + "` is not a copy poststack made;"
                        + " see poststack clones");
            }
            CopySql.drop(c, name);
        } catch (SQLException e) {
            throw failure("could not drop copy " + name, e);
        }
    }

    /**
     * One thread's maintenance connection as the superuser, kept for all its statements: opening one costs a
     * server backend and a SCRAM exchange, more than a copy's own statements on a busy machine. Opened on first
     * use; a statement that fails because the connection broke is run once more on a new one.
     */
    private static final class Session implements AutoCloseable {
        private final DatabaseAccess admin;
        private Connection connection;

        Session(DatabaseAccess admin) {
            this.admin = admin;
        }

        interface Statements {
            void run(Connection c) throws SQLException;
        }

        void run(Statements statements) throws SQLException {
            try {
                statements.run(open());
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith(CONNECTION_EXCEPTION)) {
                    throw e;
                }
                close();
                statements.run(open());
            }
        }

        private Connection open() throws SQLException {
            if (connection == null || connection.isClosed()) {
                // "postgres": never a template or a copy, so this session never keeps one busy
                connection = CopySql.connect(admin, "");
            }
            return connection;
        }

        @Override
        public void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // the server ends a broken session by itself
                }
                connection = null;
            }
        }
    }

    /** SQLSTATE class 08: the connection is gone (server restarted, network), not the statement wrong. */
    private static final String CONNECTION_EXCEPTION = "08";

    private static PoststackException failure(String what, SQLException e) {
        return new PoststackException(PoststackException.Kind.FAILED, what + ": " + e.getMessage(), e);
    }
}
