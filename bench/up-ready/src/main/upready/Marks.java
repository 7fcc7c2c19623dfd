package upready;

/** What a side reports while it starts; thread-safe, the first call of each kind counts. */
public interface Marks {

    /** Records the current time under {@code event}. */
    void mark(String event);

    /** The database's port on 127.0.0.1 is published: the first-query poller starts now. */
    void port(int hostPort, String user, String password);
}
