package dev.poststack.junit;

import dev.poststack.api.DatabaseAccess;
import dev.poststack.testing.TestProjects;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
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
 * closed after it. Stacks of test JVMs that died without closing theirs are removed once the first stack of
 * a run is up ({@link TestProjects}).
 */
public final class PoststackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PoststackExtension.class);

    /** The settings of a registered field; empty when JUnit created the extension for {@link PoststackTest}. */
    private final Optional<Settings> registered;

    private record Settings(Path manifest, List<String> services, boolean schema, PoststackTest.Isolation isolation) {
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
        return new PoststackExtension(new Settings(manifest, List.of(), true, PoststackTest.Isolation.SHARED));
    }

    /** Only these services (and what they depend on). */
    public PoststackExtension services(String... services) {
        Settings s = settings();
        return new PoststackExtension(new Settings(s.manifest(), List.of(services), s.schema(), s.isolation()));
    }

    /** Do not apply the schema. */
    public PoststackExtension withoutSchema() {
        Settings s = settings();
        return new PoststackExtension(new Settings(s.manifest(), s.services(), false, s.isolation()));
    }

    /** Shared by the JVM (default) or the class's own. */
    public PoststackExtension isolation(PoststackTest.Isolation isolation) {
        Settings s = settings();
        return new PoststackExtension(new Settings(s.manifest(), s.services(), s.schema(), isolation));
    }

    private Settings settings() {
        return registered.orElseThrow(() -> new IllegalStateException("configure the extension with forManifest(...)"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    /** The stack of the test class {@code context} belongs to, started on first use. */
    public PoststackStack stack(ExtensionContext context) {
        Settings settings = registered.orElseGet(() -> fromAnnotation(context));
        Path manifest = settings.manifest().toAbsolutePath().normalize();
        boolean fresh = settings.isolation() == PoststackTest.Isolation.FRESH_STACK;
        ExtensionContext owner = fresh ? classContext(context) : context.getRoot();
        String key = manifest + "|" + settings.services() + "|" + settings.schema()
                + (fresh ? "|" + owner.getUniqueId() : "");
        StackResource resource = owner.getStore(NAMESPACE).getOrComputeIfAbsent(key,
                k -> StackResource.start(manifest, settings.services(), settings.schema(),
                        fresh ? context.getRequiredTestClass().getSimpleName() : null), StackResource.class);
        return resource.stack();
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static Settings fromAnnotation(ExtensionContext context) {
        PoststackTest test = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), PoststackTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException("PoststackExtension needs @PoststackTest on "
                        + context.getRequiredTestClass().getName() + ", or register it with"
                        + " @RegisterExtension PoststackExtension.forManifest(...)"));
        return new Settings(Path.of(test.manifest()), List.of(test.services()), test.schema(), test.isolation());
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
        return type == DatabaseAccess.class ? stack.database() : stack.dataSource();
    }
}
