package dev.poststack.it;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A test class run in a JVM of its own, as a second {@code mvn test} would run it: {@link #run} forks
 * {@code java -cp <this classpath> ForkedRun <class>}, which runs the class and exits 0 when every test passed.
 */
final class ForkedRun {

    private ForkedRun() {
    }

    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(args[0])).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        TestExecutionSummary result = summary.getSummary();
        result.printTo(new PrintWriter(System.out));
        result.printFailuresTo(new PrintWriter(System.out), 30);
        System.exit(result.getTotalFailureCount() == 0 && result.getTestsSucceededCount() > 0 ? 0 : 1);
    }

    /** The output of a forked run of {@code testClass} with {@code properties} (-D...), failing unless it passed. */
    static String run(Class<?> testClass, Path output, String... properties) throws Exception {
        return run(testClass, output, Map.of(), properties);
    }

    /** As {@link #run(Class, Path, String...)}, the environment changed by {@code env} (an empty value removes). */
    static String run(Class<?> testClass, Path output, Map<String, String> env, String... properties) throws Exception {
        return runIn(null, testClass, output, env, properties);
    }

    /** As {@link #run(Class, Path, Map, String...)}, in working folder {@code folder} (null: this JVM's). */
    static String runIn(Path folder, Class<?> testClass, Path output, Map<String, String> env, String... properties)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ForkedRun.class.getName(), testClass.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        if (folder != null) {
            builder.directory(folder.toFile());
        }
        env.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("forked run of " + testClass.getName() + " did not end within 5 minutes");
        }
        String out = java.nio.file.Files.readString(output);
        if (process.exitValue() != 0) {
            throw new AssertionError("forked run of " + testClass.getName() + " failed:\n" + out);
        }
        return out;
    }
}
