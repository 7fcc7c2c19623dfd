package dev.poststack;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package table of docs/ARCHITECTURE.md, checked on the compiled classes of every module: each package may
 * depend on exactly what its row lists (the JDK always), and there are no cycles between packages.
 */
class ArchitectureTest {

    private static final String[] JDK = {"java..", "javax.."};

    /** Libraries by the names the table uses. */
    private static final Map<String, String[]> LIBRARIES = Map.ofEntries(
            Map.entry("docker-java", new String[] {"com.github.dockerjava.."}),
            Map.entry("Jackson", new String[] {"com.fasterxml.jackson.."}),
            Map.entry("SnakeYAML", new String[] {"org.yaml.snakeyaml.."}),
            Map.entry("JDK XML", new String[] {"org.xml.sax.."}),
            Map.entry("commons-compress", new String[] {"org.apache.commons.compress.."}),
            Map.entry("jib-core", new String[] {"com.google.cloud.tools.jib.."}),
            Map.entry("PostgreSQL JDBC", new String[] {"org.postgresql.."}),
            Map.entry("SLF4J", new String[] {"org.slf4j.."}),
            Map.entry("JUnit", new String[] {"org.junit.."}),
            Map.entry("Testcontainers", new String[] {"org.testcontainers.."}),
            Map.entry("picocli", new String[] {"picocli.."}),
            Map.entry("Logback", new String[] {"ch.qos.logback.."}),
            Map.entry("Maven plugin API", new String[] {"org.apache.maven.."}),
            Map.entry("maven-resolver", new String[] {"org.eclipse.aether..", "org.apache.maven.model..",
                    "org.apache.maven.settings.."}));

    /**
     * The table: package (relative to dev.poststack, "" for the facade) to what it may depend on, poststack
     * packages by their relative names and libraries by their names above. Keep it equal to the doc's table.
     */
    private static final Map<String, List<String>> MAY_DEPEND_ON = table(
            "", "api, manifest, build, build.dockerfile, build.jib, build.rootfs, build.registry, check, engine,"
                    + " kubernetes, run, schema, secret, thread, backup, docker-java",
            "api", "",
            "manifest", "text, hash, Jackson, SnakeYAML",
            "secret", "api, manifest, files, hash",
            "run", "api, manifest, engine, secret, files, hash, thread, backup, logreport, upgrade, docker-java,"
                    + " commons-compress, PostgreSQL JDBC",
            "backup", "api, Jackson",
            "logreport", "api, Jackson",
            "upgrade", "api",
            "schema", "api, manifest, run, secret, changelog, files, hash, PostgreSQL JDBC",
            "changelog", "api, text, Jackson, SnakeYAML, JDK XML",
            "kubernetes", "api, manifest, schema, files, hash, Jackson",
            "text", "",
            "thread", "",
            "files", "",
            "hash", "",
            "build", "api, manifest, engine, hash, thread, text, docker-java",
            "build.rootfs", "build, api, manifest, engine, hash, docker-java, Jackson, commons-compress",
            "build.dockerfile", "build, api, manifest, engine, hash, docker-java, commons-compress",
            "build.jib", "build, build.maven, build.registry, api, manifest, engine, thread, jib-core, docker-java,"
                    + " commons-compress",
            "build.registry", "build, manifest, jib-core, docker-java",
            "build.maven", "build, api, manifest, files, hash, thread, Jackson, maven-resolver",
            "engine", "thread, docker-java, Jackson",
            "check", "api, manifest, thread, engine, docker-java",
            "report", "api, files, thread, Jackson, SLF4J",
            "clone", "api, thread, PostgreSQL JDBC",
            "testing", "facade, thread, api, report, hash",
            "junit", "facade, api, report, testing, clone, thread, JUnit, PostgreSQL JDBC",
            "testcontainers", "facade, api, testing, clone, Testcontainers, docker-java",
            "cli", "facade, api, report, clone, backup, files, testing, thread, picocli, Logback, SLF4J, Jackson",
            "maven", "facade, api, report, Maven plugin API");

    private static JavaClasses classes;

    @BeforeAll
    static void importEveryModule() {
        Path repo = Path.of(System.getProperty("poststack.repo", ".."));
        List<Path> folders = new ArrayList<>();
        for (String module : List.of("poststack-core", "poststack-junit", "poststack-testcontainers", "poststack-cli",
                "poststack-maven-plugin")) {
            Path folder = repo.resolve(module).resolve("target/classes");
            assertThat(folder).as("the compiled classes of " + module).isDirectory();
            folders.add(folder);
        }
        // Only poststack's own classes: resolving every library class they name from the class path takes long.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        classes = new ClassFileImporter().importPaths(folders);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.poststack.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyPackageIsInTheTable() {
        List<String> missing = classes.stream().map(c -> c.getPackageName())
                .filter(p -> p.startsWith("dev.poststack")).distinct()
                .filter(p -> !MAY_DEPEND_ON.containsKey(relative(p))).toList();
        assertThat(missing).as("packages missing from the table (and docs/ARCHITECTURE.md)").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> eachPackageDependsOnlyOnWhatTheTableLists() {
        return MAY_DEPEND_ON.entrySet().stream().map(row -> DynamicTest.dynamicTest(
                (row.getKey().isEmpty() ? "facade" : row.getKey()) + " may depend on " + row.getValue(),
                () -> rule(row.getKey(), row.getValue()).check(classes)));
    }

    @Test
    void theDocumentsTableIsThisTable() throws Exception {
        Path doc = Path.of(System.getProperty("poststack.repo", "..")).resolve("docs/ARCHITECTURE.md");
        Map<String, Set<String>> documented = new TreeMap<>();
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("| `dev.poststack")) {
                String[] cells = line.split("\\s*\\|\\s*");
                Set<String> allowed = new TreeSet<>(List.of(cells[cells.length - 1].split("\\s*[,;]\\s*")));
                allowed.remove("JDK only");
                documented.put(relative(cells[1].replace("`", "")), allowed);
            }
        }
        Map<String, Set<String>> tested = new TreeMap<>();
        MAY_DEPEND_ON.forEach((pkg, allowed) -> tested.put(pkg, new TreeSet<>(allowed)));
        assertThat(documented).as("docs/ARCHITECTURE.md's package table (last column)").isEqualTo(tested);
    }

    private static ArchRule rule(String pkg, List<String> allowed) {
        List<String> packages = new ArrayList<>(List.of(JDK));
        packages.add(absolute(pkg));
        for (String name : allowed) {
            String[] library = LIBRARIES.get(name);
            if (library != null) {
                packages.addAll(List.of(library));
            } else {
                packages.add(absolute(name.equals("facade") ? "" : name));
            }
        }
        return classes().that().resideInAPackage(absolute(pkg))
                .should().onlyDependOnClassesThat().resideInAnyPackage(packages.toArray(String[]::new));
    }

    private static String absolute(String relative) {
        return relative.isEmpty() ? "dev.poststack" : "dev.poststack." + relative;
    }

    private static String relative(String pkg) {
        return pkg.equals("dev.poststack") ? "" : pkg.substring("dev.poststack.".length());
    }

    private static Map<String, List<String>> table(String... rows) {
        Map<String, List<String>> table = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i += 2) {
            List<String> allowed = rows[i + 1].isEmpty() ? List.of() : List.of(rows[i + 1].split(",\\s*"));
            for (String name : allowed) {
                if (!LIBRARIES.containsKey(name) && !name.equals("facade") && !List.of(rows).contains(name)) {
                    throw new IllegalArgumentException(rows[i] + " names an unknown package or library: " + name);
                }
            }
            table.put(rows[i], allowed);
        }
        return table;
    }

    @Test
    void facadeSignaturesUseOnlyJdkAndApiTypes() {
        List<String> leaks = new ArrayList<>();
        for (Method method : Poststack.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(method.getModifiers())) {
                continue;
            }
            List<Type> types = new ArrayList<>(List.of(method.getGenericParameterTypes()));
            types.add(method.getGenericReturnType());
            types.addAll(List.of(method.getGenericExceptionTypes()));
            for (Type type : types) {
                collectLeaks(type, method.getName(), leaks);
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static void collectLeaks(Type type, String method, List<String> leaks) {
        if (type instanceof ParameterizedType p) {
            collectLeaks(p.getRawType(), method, leaks);
            for (Type arg : p.getActualTypeArguments()) {
                collectLeaks(arg, method, leaks);
            }
        } else if (type instanceof Class<?> c) {
            String name = c.getName();
            boolean allowed = c.isPrimitive() || name.startsWith("java.") || name.startsWith("dev.poststack.api.")
                    || c == Poststack.class;
            if (!allowed) {
                leaks.add(method + " uses " + name);
            }
        }
    }
}
