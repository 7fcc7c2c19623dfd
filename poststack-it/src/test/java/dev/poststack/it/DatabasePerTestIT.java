package dev.poststack.it;

import dev.poststack.api.DatabaseAccess;
import dev.poststack.clone.CopyInfo;
import dev.poststack.clone.DatabaseCopies;
import dev.poststack.clone.DatabaseCopy;
import dev.poststack.junit.PoststackExtension;
import dev.poststack.junit.PoststackStack;
import dev.poststack.junit.PoststackTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code DATABASE_PER_TEST}: each test gets its own copy of the migrated example schema (HNSW index, AGE graph,
 * pg_cron job and the owner's AGE settings included), dropped after it. Shares the JVM's stack with the other
 * extension ITs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabasePerTestIT {

    @RegisterExtension
    static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(SharedImages.manifest())
            .isolation(PoststackTest.Isolation.DATABASE_PER_TEST);

    /** The databases the tests got, in order. */
    static final List<String> SEEN = new ArrayList<>();

    @Test
    @Order(1)
    void aTestGetsItsOwnEmptyCopyOfTheMigratedSchema(DataSource db, DatabaseAccess access, PoststackStack stack)
            throws Exception {
        SEEN.add(access.database());
        assertThat(access.database()).startsWith("app_").isNotEqualTo("app");
        assertThat(access.user()).isEqualTo("app");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            assertThat(count(s, "select count(*) from account")).isZero();
            s.execute("insert into account (email, display_name) values ('one@example.org', 'One')");
            assertThat(count(s, "select count(*) from account")).isOne();
            assertThat(count(s, "select count(*) from pg_indexes where indexname = 'document_embedding_hnsw'")).isOne();
            // AGE is preloaded for app in this database (a per-database role setting the copy was given).
            s.execute("select * from cypher('app_graph', $$ CREATE (:Account {email: 'one@example.org'}) $$) as (v agtype)");
            assertThat(count(s, "select count(*) from cypher('app_graph', $$ MATCH (a:Account) RETURN a $$) as (a agtype)"))
                    .isOne();
        }
        // pg_cron's schema is the superuser's (the owner role schedules nothing itself).
        try (Connection c = connect(stack.admin().withDatabase(access.database())); Statement s = c.createStatement()) {
            assertThat(count(s, "select count(*) from cron.job where jobname = 'purge-deleted-documents'")).isOne();
        }
    }

    @Test
    @Order(2)
    void theNextTestSeesNoneOfThePreviousRowsAndThePreviousCopyIsDropped(DataSource db, DatabaseAccess access,
                                                                           PoststackStack stack) throws Exception {
        SEEN.add(access.database());
        assertThat(access.database()).isNotEqualTo(SEEN.get(0));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            assertThat(count(s, "select count(*) from account")).isZero();
            assertThat(count(s, "select count(*) from cypher('app_graph', $$ MATCH (a:Account) RETURN a $$) as (a agtype)"))
                    .isZero();
        }
        // dropped in the background, behind the pool's refills: on a busy 2-core machine that took over 10 s
        Eventually.within(Duration.ofSeconds(30), () -> assertThat(DatabaseCopies.list(stack.admin()))
                .extracting(CopyInfo::name).doesNotContain(SEEN.get(0)));
        try (Connection c = DriverManager.getConnection(stack.admin().jdbcUrl(), stack.admin().user(), stack.admin().password());
             Statement s = c.createStatement()) {
            assertThat(count(s, "select count(*) from pg_database where datname = 'app_template' and datistemplate"
                    + " and not datallowconn")).as("the template is sealed").isOne();
            assertThat(count(s, "select count(*) from pg_database where datname = '" + SEEN.get(0) + "'")).isZero();
        }
    }

    @Test
    @Order(3)
    void concurrentTakersEachGetTheirOwnCopy(PoststackStack stack) throws Exception {
        Set<String> names = ConcurrentHashMap.newKeySet();
        try (DatabaseCopies copies = DatabaseCopies.from(stack.admin(), stack.database())
                .poolSize(2).prepare()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Long>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    results.add(pool.submit(() -> {
                        try (DatabaseCopy copy = copies.take(); Connection c = connect(copy.access());
                             Statement s = c.createStatement()) {
                            names.add(copy.name());
                            for (int row = 0; row <= n; row++) {
                                s.execute("insert into account (email, display_name) values ('" + row + "@example.org', 'x')");
                            }
                            return count(s, "select count(*) from account");
                        }
                    }));
                }
                for (int i = 0; i < results.size(); i++) {
                    assertThat(results.get(i).get()).as("rows seen by taker %d", i).isEqualTo(i + 1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(names).hasSize(8);
        // dropped in the background: on a busy 2-core machine that took over 10 s
        Eventually.within(Duration.ofSeconds(30), () -> assertThat(DatabaseCopies.list(stack.admin()))
                .extracting(CopyInfo::name).doesNotContainAnyElementsOf(names));
    }

    @Test
    @Order(4)
    void aCloneIsListedAndDroppedOnlyThroughItsName(PoststackStack stack) throws Exception {
        DatabaseAccess clone = DatabaseCopies.clone(stack.admin(), "app", "app_it_clone");
        try {
            assertThat(DatabaseCopies.list(stack.admin())).anySatisfy(copy -> {
                assertThat(copy.name()).isEqualTo("app_it_clone");
                assertThat(copy.source()).isEqualTo("app");
                assertThat(copy.kept()).isTrue();
            });
            try (Connection c = connect(clone); Statement s = c.createStatement()) {
                assertThat(count(s, "select count(*) from pg_indexes where indexname = 'document_embedding_hnsw'")).isOne();
            }
            assertThatThrownBy(() -> DatabaseCopies.clone(stack.admin(), "app", "app_it_clone"))
                    .hasMessageContaining("exists already");
            assertThatThrownBy(() -> DatabaseCopies.dropCopy(stack.admin(), "app"))
                    .hasMessageContaining("is not a copy poststack made");
            assertThatThrownBy(() -> DatabaseCopies.clone(stack.admin(), "app", "bad name; drop"))
                    .hasMessageContaining("not a plain PostgreSQL name");
        } finally {
            DatabaseCopies.dropCopy(stack.admin(), "app_it_clone");
        }
        assertThat(DatabaseCopies.list(stack.admin())).extracting(CopyInfo::name).doesNotContain("app_it_clone");
    }

    private static Connection connect(DatabaseAccess access) throws SQLException {
        return DriverManager.getConnection(access.jdbcUrl(), access.user(), access.password());
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
