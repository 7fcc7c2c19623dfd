package dev.poststack.junit;

import dev.poststack.api.DatabaseAccess;
import dev.poststack.testing.TestProjects;
import dev.poststack.clone.DatabaseCopy;
import dev.poststack.report.RunConsole;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The JUnit 5 extension behind {@link PoststackTest}, also usable as a field when the manifest's path is
 * computed:
 * <pre>{@code
 * @RegisterExtension
 * static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(Path.of("images.yaml"))
 *         .services("db").withoutSchema();
 * }</pre>
 * Stacks live in the root context's store, so JUnit closes them (containers, network, volumes) when the test
 * run ends; a class with {@link PoststackTest.Isolation#FRESH_STACK} keeps its own in its class context,
 * closed after it. With {@link PoststackTest.Isolation#DATABASE_PER_TEST} the stack's application database is
 * copied once into a template ({@link dev.poststack.clone.DatabaseCopies}) and each test method gets a copy,
 * kept in its own context and dropped after it. Stacks of test JVMs that died without closing theirs are
 * removed once the first stack of a run is up ({@link TestProjects}).
 */
public final class PoststackExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback, TestWatcher, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PoststackExtension.class);
    private static final String COPY = "copy";
    private static final String FAILED = "failed";

    /** The settings of a registered field; empty when JUnit created the extension for {@link PoststackTest}. */
    private final Optional<Settings> registered;

    private record Settings(Path manifest, List<String> services, boolean schema, PoststackTest.Isolation isolation,
                            boolean keepFailed) {

        boolean copies() {
            return isolation == PoststackTest.Isolation.DATABASE_PER_TEST
                    || isolation == PoststackTest.Isolation.DATABASE_PER_CLASS;
        }

        Settings with(PoststackTest.Isolation otherIsolation, boolean otherKeep) {
            return new Settings(manifest, services, schema, otherIsolation, otherKeep);
        }
    }

    /** Used by {@link PoststackTest}; its settings come from the annotation. */
    public PoststackExtension() {
        this.registered = Optional.empty();
    }

    private PoststackExtension(Settings settings) {
        this.registered = Optional.of(settings);
    }

    /** All services of {@code manifest}, its schema applied, one stack shared by the JVM. */
    public static PoststackExtension forManifest(Path manifest) {
        return new PoststackExtension(new Settings(manifest, List.of(), true, PoststackTest.Isolation.SHARED,
                keepFailedProperty()));
    }

    /** Only these services (and what they depend on). */
    public PoststackExtension services(String... services) {
        Settings s = settings();
        return new PoststackExtension(new Settings(s.manifest(), List.of(services), s.schema(), s.isolation(), s.keepFailed()));
    }

    /** Do not apply the schema. */
    public PoststackExtension withoutSchema() {
        Settings s = settings();
        return new PoststackExtension(new Settings(s.manifest(), s.services(), false, s.isolation(), s.keepFailed()));
    }

    /** Shared by the JVM (default), the class's own, or a database per test or class. */
    public PoststackExtension isolation(PoststackTest.Isolation isolation) {
        return new PoststackExtension(settings().with(isolation, settings().keepFailed()));
    }

    /** Keep a failed test's (or class's) database and print how to reach it ({@link PoststackTest#keepFailed()}). */
    public PoststackExtension keepFailed() {
        return new PoststackExtension(settings().with(settings().isolation(), true));
    }

    private Settings settings() {
        return registered.orElseThrow(() -> new IllegalStateException("configure the extension with forManifest(...)"));
    }

    private static boolean keepFailedProperty() {
        return Boolean.getBoolean("poststack.keepFailed");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
        if (settings(context).isolation() == PoststackTest.Isolation.DATABASE_PER_CLASS) {
            copy(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (settings(context).isolation() == PoststackTest.Isolation.DATABASE_PER_TEST) {
            copy(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (settings(context).isolation() == PoststackTest.Isolation.DATABASE_PER_TEST) {
            release(context, context.getExecutionException().isPresent());
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        context.getParent().ifPresent(parent -> parent.getStore(NAMESPACE).put(FAILED, Boolean.TRUE));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (settings(context).copies()) { // per class, or a per-test class's constructor took one
            boolean failed = context.getExecutionException().isPresent()
                    || Boolean.TRUE.equals(context.getStore(NAMESPACE).get(FAILED, Boolean.class));
            release(context, failed);
        }
    }

    /** The stack of the test class {@code context} belongs to, started on first use. */
    public PoststackStack stack(ExtensionContext context) {
        Settings settings = settings(context);
        ExtensionContext owner = stackOwner(context, settings);
        StackResource resource = owner.getStore(NAMESPACE).getOrComputeIfAbsent(stackKey(context, settings),
                k -> StackResource.start(settings.manifest().toAbsolutePath().normalize(), settings.services(),
                        settings.schema(), fresh(settings) ? context.getRequiredTestClass().getSimpleName() : null),
                StackResource.class);
        return resource.stack();
    }

    private static boolean fresh(Settings settings) {
        return settings.isolation() == PoststackTest.Isolation.FRESH_STACK;
    }

    private static ExtensionContext stackOwner(ExtensionContext context, Settings settings) {
        return fresh(settings) ? classContext(context) : context.getRoot();
    }

    private static String stackKey(ExtensionContext context, Settings settings) {
        return settings.manifest().toAbsolutePath().normalize() + "|" + settings.services() + "|" + settings.schema()
                + (fresh(settings) ? "|" + classContext(context).getUniqueId() : "");
    }

    /**
     * The database of the test (per test) or class (per class) {@code context} belongs to, taken from the
     * stack's pool on first use.
     */
    private DatabaseCopy copy(ExtensionContext context) {
        Settings settings = settings(context);
        ExtensionContext holder = settings.isolation() == PoststackTest.Isolation.DATABASE_PER_CLASS
                || context.getTestMethod().isEmpty() ? classContext(context) : context;
        PoststackStack stack = stack(context);
        CopiesResource copies = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(
                stackKey(context, settings) + "|copies", k -> CopiesResource.prepare(stack), CopiesResource.class);
        return holder.getStore(NAMESPACE).getOrComputeIfAbsent(COPY, k -> {
            try {
                return copies.copies().take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a fresh database", e);
            }
        }, DatabaseCopy.class);
    }

    private void release(ExtensionContext context, boolean failed) {
        DatabaseCopy copy = context.getStore(NAMESPACE).remove(COPY, DatabaseCopy.class);
        if (copy == null) {
            return;
        }
        if (failed && settings(context).keepFailed()) {
            copy.keep();
            System.err.println("poststack: kept database " + copy.name() + " of failed " + context.getDisplayName()
                    + " in " + context.getRequiredTestClass().getName() + ": " + RunConsole.psql(copy.access())
                    + "; drop it with poststack drop-clone " + copy.name());
        } else {
            copy.close();
        }
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private Settings settings(ExtensionContext context) {
        return registered.orElseGet(() -> fromAnnotation(context));
    }

    private static Settings fromAnnotation(ExtensionContext context) {
        PoststackTest test = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), PoststackTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException("PoststackExtension needs @PoststackTest on "
                        + context.getRequiredTestClass().getName() + ", or register it with"
                        + " @RegisterExtension PoststackExtension.forManifest(...)"));
        return new Settings(Path.of(test.manifest()), List.of(test.services()), test.schema(), test.isolation(),
                test.keepFailed() || keepFailedProperty());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PoststackStack.class || type == DatabaseAccess.class || type == DataSource.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        PoststackStack stack = stack(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == PoststackStack.class) {
            return stack;
        }
        if (settings(context).copies()) { // the copy's DataSource hands out the connection its pool opened ahead
            DatabaseCopy copy = copy(context);
            return type == DatabaseAccess.class ? copy.access() : copy.dataSource();
        }
        return type == DatabaseAccess.class ? stack.database() : PoststackStack.dataSource(stack.database());
    }
}
