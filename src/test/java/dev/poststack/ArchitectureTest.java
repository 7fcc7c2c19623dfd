package dev.poststack;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The package rules of docs/ARCHITECTURE.md, checked on the compiled classes. */
@AnalyzeClasses(packages = "dev.poststack", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("dev.poststack.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule apiDependsOnNothingOfPoststack = noClasses().that().resideInAPackage("dev.poststack.api..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.poststack", "dev.poststack.build..", "dev.poststack.manifest..", "dev.poststack.engine..",
                    "dev.poststack.report..", "dev.poststack.cli..");

    @ArchTest
    static final ArchRule manifestStandsAlone = noClasses().that().resideInAPackage("dev.poststack.manifest..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.poststack", "dev.poststack.build..", "dev.poststack.engine..", "dev.poststack.report..",
                    "dev.poststack.cli..", "dev.poststack.api..");

    @ArchTest
    static final ArchRule changelogStandsAlone = noClasses().that().resideInAPackage("dev.poststack.changelog..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.poststack", "dev.poststack.build..", "dev.poststack.manifest..", "dev.poststack.engine..",
                    "dev.poststack.report..", "dev.poststack.cli..");

    @ArchTest
    static final ArchRule textNeedsOnlyTheJdk = classes().that().resideInAPackage("dev.poststack.text..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.poststack.text..");

    @ArchTest
    static final ArchRule filesNeedOnlyTheJdk = classes().that().resideInAPackage("dev.poststack.files..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.poststack.files..");

    @ArchTest
    static final ArchRule threadNeedsOnlyTheJdk = classes().that().resideInAPackage("dev.poststack.thread..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.poststack.thread..");

    @ArchTest
    static final ArchRule reportSeesOnlyEvents = noClasses().that().resideInAPackage("dev.poststack.report..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.poststack", "dev.poststack.build..", "dev.poststack.manifest..", "dev.poststack.engine..",
                    "dev.poststack.cli..");

    @ArchTest
    static final ArchRule checkSeesOnlyApiManifestAndEngine = noClasses().that().resideInAPackage("dev.poststack.check..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.poststack", "dev.poststack.build..", "dev.poststack.report..", "dev.poststack.cli..",
                    "dev.poststack.run..", "dev.poststack.schema..", "dev.poststack.changelog..");

    @ArchTest
    static final ArchRule runKnowsNoCheckSchemaOrReport = noClasses().that().resideInAPackage("dev.poststack.run..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.poststack", "dev.poststack.check..", "dev.poststack.schema..", "dev.poststack.changelog..",
                    "dev.poststack.report..", "dev.poststack.cli..");

    @ArchTest
    static final ArchRule secretsNeedOnlyTheManifest = noClasses().that().resideInAPackage("dev.poststack.secret..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.poststack", "dev.poststack.build..", "dev.poststack.engine..", "dev.poststack.run..",
                    "dev.poststack.check..", "dev.poststack.schema..", "dev.poststack.report..", "dev.poststack.cli..");

    @ArchTest
    static final ArchRule schemaRunsThroughTheRunner = noClasses().that().resideInAPackage("dev.poststack.schema..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.poststack", "dev.poststack.check..", "dev.poststack.report..", "dev.poststack.cli..",
                    "com.github.dockerjava..");

    @ArchTest
    static final ArchRule testIntegrationsGoThroughTheFacade = noClasses().that()
            .resideInAnyPackage("dev.poststack.junit..", "dev.poststack.testcontainers..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.poststack.build..", "dev.poststack.manifest..", "dev.poststack.engine..", "dev.poststack.run..",
                    "dev.poststack.check..", "dev.poststack.schema..", "dev.poststack.secret..",
                    "dev.poststack.changelog..", "dev.poststack.cli..");

    @ArchTest
    static final ArchRule copiesNeedOnlyJdbcApiAndThreads = classes().that().resideInAPackage("dev.poststack.clone..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.poststack.clone..",
                    "dev.poststack.api..", "dev.poststack.thread..");

    @ArchTest
    static final ArchRule internalsNeverReachTheCli = noClasses().that().resideOutsideOfPackage("dev.poststack.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.poststack.cli..");

    @ArchTest
    static final ArchRule cliGoesThroughTheFacade = noClasses().that().resideInAPackage("dev.poststack.cli..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.poststack.build..", "dev.poststack.manifest..", "dev.poststack.engine..");

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
