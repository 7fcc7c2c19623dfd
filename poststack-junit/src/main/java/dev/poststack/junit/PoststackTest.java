package dev.poststack.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class against the services of an {@code images.yaml}: the same images, checks and schema
 * that {@code poststack setup} uses. Before the first test, images are built when missing (cached
 * otherwise), the services start and pass their health and side-effect checks, and the schema is applied.
 * Test methods and constructors may take a {@link PoststackStack}, a {@link dev.poststack.api.DatabaseAccess}
 * or a {@link javax.sql.DataSource} (the application database when the manifest has a schema, else the
 * database service's).
 * <pre>{@code
 * @PoststackTest
 * class AccountRepositoryTest {
 *     @Test
 *     void storesAnAccount(DataSource db) throws SQLException {
 *         try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
 *             s.execute("insert into account (email, display_name) values ('a@example.org', 'A')");
 *         }
 *     }
 * }
 * }</pre>
 * One stack per JVM (per manifest) is shared by every class and removed, volumes included, when the test
 * run ends; {@link Isolation#FRESH_STACK} gives a class its own; {@link Isolation#DATABASE_PER_TEST} gives each
 * test a fresh copy of the migrated database, injected as {@code DataSource} / {@code DatabaseAccess}. A check failure fails the class before
 * any of its tests runs, with the check's message.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PoststackExtension.class)
public @interface PoststackTest {

    /** The manifest, relative to the working folder (Maven runs tests in the project folder). */
    String manifest() default "images.yaml";

    /** Services to start (with their dependencies); all by default. */
    String[] services() default {};

    /** Whether to apply the manifest's schema after the services are verified. */
    boolean schema() default true;

    /** Whether the class shares the JVM's stack or gets its own, and whether each test gets its own database. */
    Isolation isolation() default Isolation.SHARED;

    /**
     * With {@link Isolation#DATABASE_PER_TEST} or {@link Isolation#DATABASE_PER_CLASS}: keep the database of a
     * failed test (or class) and print its name and how to connect, instead of dropping it. The system property
     * {@code poststack.keepFailed=true} does the same for every class.
     */
    boolean keepFailed() default false;

    enum Isolation {
        /** One stack per manifest for the whole JVM; data written by one class is seen by the next. */
        SHARED,
        /** The class gets its own project: containers, network and a fresh volume, removed after it. */
        FRESH_STACK,
        /**
         * The JVM's shared stack, and each test method its own database, copied from a template of the
         * migrated schema (prepared ahead, in milliseconds) and dropped after the test. Safe with JUnit's
         * parallel execution. Needs the manifest's schema.
         */
        DATABASE_PER_TEST,
        /** As {@link #DATABASE_PER_TEST}, one database for all tests of the class. */
        DATABASE_PER_CLASS
    }
}
