package dev.poststack.check;

import dev.poststack.api.DatabaseAccess;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What the checks of one run share on their first attempt: one exec that makes every in-container look of the
 * verify checks (stat, the process list, the socket tables) at once, and one connection per database for the
 * checks that only read the catalog. An exec costs the engine tens of milliseconds and a connection a backend
 * and a password exchange; shared, a service's verify phase pays about one of each. Later attempts look
 * afresh, on their own, so a retry sees the container as it is then.
 */
final class FirstAttempts implements AutoCloseable {

    /** Starts a command's part of the batch's output, on stdout and on stderr. */
    private static final String BEGIN = "\036begin ";
    /** Ends it: on stdout followed by the command's exit code. */
    private static final String END = "\n\036end ";

    private final EngineContainer container;
    private final Set<List<String>> looks;
    private final Optional<LookShell> shell;
    private final Map<String, FutureTask<Connection>> connections = new ConcurrentHashMap<>();
    private FutureTask<Map<List<String>, ExecResult>> batch;

    /**
     * @param looks the in-container commands the run's checks will make: made by {@code shell} when there is
     *              one, else as one exec when there are two or more
     */
    FirstAttempts(EngineContainer container, List<List<String>> looks, Optional<LookShell> shell) {
        this.container = container;
        this.looks = new LinkedHashSet<>(looks);
        this.shell = shell;
    }

    /**
     * The result of {@code command} from the shared exec (the same for every verify check that makes it);
     * empty when it is not one of the run's looks or the shared exec could not make it (then the caller runs
     * it alone).
     */
    Optional<ExecResult> look(List<String> command, Duration timeout) throws InterruptedException {
        if ((looks.size() < 2 && shell.isEmpty()) || !looks.contains(command)) {
            return Optional.empty();
        }
        return Optional.ofNullable(batchResults(timeout).get(command));
    }

    private Map<List<String>, ExecResult> batchResults(Duration timeout) throws InterruptedException {
        FutureTask<Map<List<String>, ExecResult>> task;
        boolean mine = false;
        synchronized (this) {
            if (batch == null) {
                List<List<String>> commands = List.copyOf(looks);
                batch = new FutureTask<>(() -> {
                    Map<List<String>, ExecResult> results = shell.isPresent() ? shell.get().results(timeout) : Map.of();
                    return results.isEmpty() && commands.size() > 1 ? parse(container.exec(
                            Optional.of(EngineContainer.ROOT), timeout, CheckContext.shell(script(commands))), commands)
                            : results;
                });
                mine = true;
            }
            task = batch;
        }
        if (mine) {
            task.run();
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            return Map.of();
        }
    }

    /**
     * A connection to the database of {@code access}, opened by the first check that asks and shared by the
     * rest (the driver runs their statements one at a time); closed with this object. A connect that failed
     * is forgotten, so the next check that asks tries again.
     */
    Connection connection(DatabaseAccess access, Deadline deadline) throws SQLException, InterruptedException {
        String key = key(access);
        FutureTask<Connection> task = new FutureTask<>(() -> Jdbc.connect(access, deadline));
        FutureTask<Connection> existing = connections.putIfAbsent(key, task);
        if (existing == null) {
            task.run();
        } else {
            task = existing;
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            connections.remove(key, task);
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException("cannot connect: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Takes {@code connection} as the shared one to its database when there is none yet (a check that passed
     * offers its own); true when taken, and closed with this object then.
     */
    boolean adopt(DatabaseAccess access, Connection connection) {
        FutureTask<Connection> task = new FutureTask<>(() -> connection);
        if (connections.putIfAbsent(key(access), task) != null) {
            return false;
        }
        task.run();
        return true;
    }

    private static String key(DatabaseAccess access) {
        return access.user() + "@" + access.jdbcUrl();
    }

    @Override
    public void close() {
        for (FutureTask<Connection> task : connections.values()) {
            try {
                if (task.isDone()) {
                    task.get().close();
                }
            } catch (ExecutionException | InterruptedException | SQLException | RuntimeException e) {
                // Never opened, or the server went away: nothing is left to close.
            }
        }
    }

    /**
     * One POSIX sh script that runs {@code commands} in order, each between markers on both streams, its
     * exit code after the end marker. Markers start with a control character no look prints.
     */
    static String script(List<List<String>> commands) {
        // The process listing leaves out this shell as well as itself.
        StringBuilder script = new StringBuilder("POSTSTACK_BATCH_SHELL=$$; export POSTSTACK_BATCH_SHELL\n");
        for (int k = 0; k < commands.size(); k++) {
            script.append("printf '").append(BEGIN).append(k).append("\\n'; printf '").append(BEGIN).append(k)
                    .append("\\n' >&2\n");
            commands.get(k).forEach(arg -> script.append(quote(arg)).append(' '));
            script.append("\nrc=$?; printf '\\n\\036end ").append(k).append(" %d\\n' \"$rc\"; printf '\\n\\036end ")
                    .append(k).append("\\n' >&2\n");
        }
        return script.toString();
    }

    /** The result of each command whose markers are all found; the others are left out. */
    static Map<List<String>, ExecResult> parse(ExecResult batch, List<List<String>> commands) {
        Map<List<String>, ExecResult> results = new HashMap<>();
        for (int k = 0; k < commands.size(); k++) {
            Optional<String> out = between(batch.stdout(), BEGIN + k + "\n", END + k + " ");
            Optional<String> err = between(batch.stderr(), BEGIN + k + "\n", END + k + "\n");
            Optional<Integer> exitCode = exitCode(batch.stdout(), END + k + " ");
            if (out.isPresent() && err.isPresent() && exitCode.isPresent()) {
                results.put(commands.get(k), new ExecResult(exitCode.get(), out.get(), err.get()));
            }
        }
        return results;
    }

    private static Optional<String> between(String text, String begin, String end) {
        int start = text.indexOf(begin);
        int stop = start < 0 ? -1 : text.indexOf(end, start + begin.length());
        return stop < 0 ? Optional.empty() : Optional.of(text.substring(start + begin.length(), stop));
    }

    private static Optional<Integer> exitCode(String stdout, String end) {
        int at = stdout.indexOf(end);
        if (at < 0) {
            return Optional.empty();
        }
        int from = at + end.length();
        int to = stdout.indexOf('\n', from);
        try {
            return Optional.of(Integer.parseInt(stdout.substring(from, to < 0 ? stdout.length() : to).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** The look commands of {@code probes}, in order, each once. */
    static List<List<String>> looksOf(List<Probe> probes) {
        return probes.stream().filter(LookProbe.class::isInstance).map(LookProbe.class::cast).map(LookProbe::look)
                .distinct().toList();
    }
}
