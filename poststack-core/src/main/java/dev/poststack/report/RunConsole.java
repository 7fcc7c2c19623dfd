package dev.poststack.report;

import dev.poststack.api.CheckResult;
import dev.poststack.api.Durations;
import dev.poststack.api.RunEvent;
import dev.poststack.api.RunListener;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Shows service events as one line each: starting and why, started with its ports, each check with its
 * time, ready, stopped. A failure's whole story is printed by whoever catches it, not here.
 */
public final class RunConsole implements RunListener {

    private final PrintStream out;

    public RunConsole(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void on(RunEvent event) {
        String line = line(event);
        if (!line.isEmpty()) {
            out.println(line);
        }
    }

    static String line(RunEvent event) {
        String service = event.service();
        if (event instanceof RunEvent.ServiceStarting starting) {
            return service + ": starting " + starting.image() + " (" + starting.reason() + ")";
        }
        if (event instanceof RunEvent.ServiceStarted started) {
            return service + ": started in " + Durations.format(started.took())
                    + (started.ports().isEmpty() ? "" : ", " + ports(started.ports()));
        }
        if (event instanceof RunEvent.ServiceReused reused) {
            return service + ": already running and current, kept (" + Format.shortId(reused.containerId()) + ")";
        }
        if (event instanceof RunEvent.CheckFinished finished) {
            CheckResult r = finished.result();
            return service + ": " + (r.passed() ? "ok    " : "FAILED") + " " + r.phase() + " " + r.check() + " ("
                    + Durations.format(r.took()) + (r.passed() ? "" : ", seen: " + r.seen()) + ")";
        }
        if (event instanceof RunEvent.ServiceReady ready) {
            return service + ": ready, " + Durations.format(ready.sinceStart()) + " after its start";
        }
        if (event instanceof RunEvent.ServiceStopped stopped) {
            return service + ": stopped and removed in " + Durations.format(stopped.took());
        }
        return "";
    }

    /** {@code 5432 -> 127.0.0.1:49153}, in port order. */
    public static String ports(Map<Integer, Integer> ports) {
        return new TreeMap<>(ports).entrySet().stream().map(e -> e.getKey() + " -> 127.0.0.1:" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** {@code psql -h HOST -p PORT -U USER DATABASE   (password in FILE)}: how to connect, never the password. */
    public static String psql(dev.poststack.api.DatabaseAccess db) {
        return db.tls().map(t -> "PGSSLMODE=" + t.mode().text() + t.rootCertificate().map(c -> " PGSSLROOTCERT=" + c)
                .orElse("") + " ").orElse("") + "psql -h " + db.host() + " -p " + db.port() + " -U " + db.user() + " " + db.database()
                + db.passwordFile().map(f -> "   (password in " + f + ")").orElse("");
    }
}
