package dev.poststack.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The processes of a container and its user names, read by {@link #LIST_SCRIPT}: minimal images have no
 * {@code ps}, but every one with a shell has /proc.
 *
 * @param processes every process but the listing shell itself (and the shell of a batch of looks that ran it), in
 *                  pid order
 * @param userNames uid to user name, from the container's /etc/passwd
 */
record ProcessTable(List<Entry> processes, Map<Integer, String> userNames) {

    /**
     * POSIX sh with builtins only (no process of its own shows up): one {@code process PID UID NAME} line per
     * process, then one {@code user UID NAME} line per /etc/passwd entry.
     */
    static final String LIST_SCRIPT = """
            self=$$
            for d in /proc/[0-9]*; do
              pid=${d#/proc/}
              { [ "$pid" = "$self" ] || [ "$pid" = "${POSTSTACK_BATCH_SHELL:-}" ]; } && continue
              name= ; uid=
              read -r name 2>/dev/null < "$d/comm" || continue
              while read -r key value rest; do
                if [ "$key" = "Uid:" ]; then uid=$value; break; fi
              done 2>/dev/null < "$d/status"
              printf 'process %s %s %s\\n' "$pid" "$uid" "$name"
            done
            while IFS=: read -r user pw id rest; do
              printf 'user %s %s\\n' "$id" "$user"
            done 2>/dev/null < /etc/passwd
            exit 0
            """;

    /** The kernel keeps at most this many characters of a process name (comm). */
    static final int COMM_LENGTH = 15;

    /** One process: its id, real user id and name. */
    record Entry(int pid, int uid, String name) {
    }

    ProcessTable {
        processes = List.copyOf(processes);
        userNames = Map.copyOf(userNames);
    }

    static ProcessTable parse(String listing) {
        List<Entry> processes = new ArrayList<>();
        Map<Integer, String> users = new HashMap<>();
        for (String line : listing.split("\n")) {
            String[] fields = line.strip().split(" ", 4);
            try {
                if (fields.length == 4 && fields[0].equals("process")) {
                    processes.add(new Entry(Integer.parseInt(fields[1]), Integer.parseInt(fields[2]), fields[3]));
                } else if (fields.length == 3 && fields[0].equals("user")) {
                    users.putIfAbsent(Integer.parseInt(fields[1]), fields[2]);
                }
            } catch (NumberFormatException e) {
                // A process that ended while it was read has no uid; it is not running any more.
            }
        }
        return new ProcessTable(processes, users);
    }

    /** Processes called {@code name}; names longer than the kernel keeps match on their first 15 characters. */
    List<Entry> named(String name) {
        String comm = name.length() > COMM_LENGTH ? name.substring(0, COMM_LENGTH) : name;
        return processes.stream().filter(p -> p.name().equals(comm)).toList();
    }

    /** Whether {@code entry} runs as {@code user}, given as a name or a number. */
    boolean runsAs(Entry entry, String user) {
        return user.equals(Integer.toString(entry.uid())) || user.equals(userNames.get(entry.uid()));
    }

    /** {@code postgres (uid 999)}, or {@code uid 1234} for an id without a name. */
    String userOf(Entry entry) {
        String name = userNames.get(entry.uid());
        return name == null ? "uid " + entry.uid() : name + " (uid " + entry.uid() + ")";
    }

    /** Every distinct process name, in pid order. */
    List<String> names() {
        return List.copyOf(new LinkedHashSet<>(processes.stream().map(Entry::name).toList()));
    }
}
