package dev.poststack.check;

import java.util.SortedSet;
import java.util.TreeSet;

/** The TCP ports something listens on, read from the kernel's {@code /proc/net/tcp} and {@code tcp6} tables. */
final class ListeningPorts {

    /** The socket state column's value for LISTEN. */
    private static final String LISTEN = "0A";

    /** Prints both tables; either may be missing (no IPv6), so errors are ignored. */
    static final String READ_TABLES = "cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; exit 0";

    private ListeningPorts() {
    }

    /**
     * The listening ports of one or more tables' text. A row reads
     * {@code "0: 00000000:1538 00000000:0000 0A ..."}: slot, local address:port (hex), remote, state.
     */
    static SortedSet<Integer> parse(String tables) {
        SortedSet<Integer> ports = new TreeSet<>();
        for (String line : tables.split("\n")) {
            String[] columns = line.strip().split("\\s+");
            if (columns.length < 4 || !columns[0].endsWith(":") || !LISTEN.equalsIgnoreCase(columns[3])) {
                continue;
            }
            int colon = columns[1].lastIndexOf(':');
            try {
                ports.add(Integer.parseInt(columns[1].substring(colon + 1), 16));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                // Not a table row.
            }
        }
        return ports;
    }
}
