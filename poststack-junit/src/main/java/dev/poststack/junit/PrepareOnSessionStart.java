package dev.poststack.junit;

import dev.poststack.Poststack;
import dev.poststack.testing.StackReuse;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.nio.file.Path;

/**
 * Registered with the JUnit Platform (a {@code LauncherSessionListener} service): when a test run opens its session,
 * before any test class is found, poststack's engine connection and database driver start getting ready on daemon
 * threads ({@link Poststack#prepare()}), so the first {@code @PoststackTest} does not wait for them, and the reused
 * stack last used from the working folder begins its checks ({@link HeadStart}). It creates nothing a run before
 * did not leave; the system property {@value #SWITCH}{@code =false} turns both off. Not for direct use.
 */
public final class PrepareOnSessionStart implements LauncherSessionListener {

    static final String SWITCH = "poststack.prepare-early";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if ("false".equalsIgnoreCase(System.getProperty(SWITCH))) {
            return;
        }
        try {
            Poststack.prepare();
            HeadStart.begin(Path.of("").toAbsolutePath(), StackReuse.ofThisJvm());
        } catch (RuntimeException | LinkageError e) {
            // A head start only: whatever goes wrong here shows again, with its context, where a test opens a stack
            // (a listener that throws would end the whole test run instead).
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            HeadStart.closeUntaken();
        } catch (RuntimeException | LinkageError e) {
            // a stack left unclosed is put back by the next run, as a killed run's is
        }
    }
}
