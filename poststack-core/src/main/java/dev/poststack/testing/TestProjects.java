package dev.poststack.testing;

import dev.poststack.Poststack;
import dev.poststack.thread.Daemons;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of test stacks, {@code pstest-<pid>[-<suffix>]}: unique per JVM, and the pid tells a later run
 * whether the JVM that made a stack still lives. A killed or crashed test JVM cleans nothing up (and Ryuk,
 * Testcontainers' reaper, may be disabled); the next test JVM removes such stacks once its first is up.
 * The pid check assumes the test JVMs share one pid namespace, which holds for one host.
 */
public final class TestProjects {

    private static final Pattern TEST_PROJECT = Pattern.compile("pstest-(\\d+)(-.*)?");
    private static final AtomicBoolean REAPING_STARTED = new AtomicBoolean();

    private TestProjects() {
    }

    /** This JVM's project name, with an optional suffix (a test class, {@code tc}). */
    public static String forThisJvm(String suffix) {
        String name = "pstest-" + ProcessHandle.current().pid();
        if (suffix == null || suffix.isBlank()) {
            return name;
        }
        String clean = suffix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return (name + "-" + clean).substring(0, Math.min(63, name.length() + 1 + clean.length()));
    }

    /**
     * Whether {@code project} is a test stack: a JVM's ({@code pstest-<pid>...}), a reused one, or a container
     * Testcontainers reuses ({@code pstest-tcreuse-<service>}).
     */
    public static boolean isTestStack(String project) {
        return TEST_PROJECT.matcher(project).matches() || StackReuse.isReused(project)
                || project.startsWith("pstest-tcreuse-");
    }

    /** Whether {@code project} is a test stack whose JVM is gone. */
    public static boolean isAbandoned(String project) {
        Matcher m = TEST_PROJECT.matcher(project);
        if (!m.matches()) {
            return false;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(Long.parseLong(m.group(1)));
        return owner.isEmpty() || !owner.get().isAlive();
    }

    /**
     * Once per JVM, on a daemon thread: removes the stacks of dead test JVMs, and reused stacks idle for longer
     * than {@link StackReuse#idleLimit()}. Called once a stack of this JVM
     * is up, so the removal never competes with its start. Best effort: a failure is reported on stderr and
     * never fails the tests (the next run tries again).
     */
    public static void removeAbandonedInBackground(Poststack poststack) {
        if (!REAPING_STARTED.compareAndSet(false, true)) {
            return;
        }
        Daemons.start("poststack-reaper", () -> removeAbandoned(poststack));
    }

    private static void removeAbandoned(Poststack poststack) {
        try {
            StackReuse reuse = StackReuse.ofThisJvm();
            poststack.removeProjects(p -> isAbandoned(p) || reuse.isIdle(p)).forEach(reuse::forget);
        } catch (RuntimeException e) {
            System.err.println("poststack: could not remove the stacks of dead test JVMs: " + e.getMessage());
        }
    }
}
