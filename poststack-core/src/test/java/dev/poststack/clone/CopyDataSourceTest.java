package dev.poststack.clone;

import dev.poststack.api.DatabaseAccess;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopyDataSourceTest {

    /** Port 1 on the loopback: nothing listens, so a connection the source opens itself fails at once. */
    private static final DatabaseAccess NOWHERE = new DatabaseAccess("db", "127.0.0.1", 1, "app_1", "app", "secret",
            Optional.empty());

    @Test
    void handsOutTheConnectionOpenedAheadOnceThenOpensItsOwn() throws SQLException {
        AtomicBoolean closed = new AtomicBoolean();
        Connection opened = connection(closed);
        CopyDataSource source = new CopyDataSource(NOWHERE, opened);

        assertSame(opened, source.getConnection());
        // the second call opens a new connection: here it reaches the (missing) server instead of the prepared one
        assertThrows(SQLException.class, source::getConnection);
        source.closeUnused();
        assertFalse(closed.get(), "a connection handed out is the test's to close");
    }

    @Test
    void closesThePreparedConnectionWhenNoOneTookIt() {
        AtomicBoolean closed = new AtomicBoolean();
        CopyDataSource source = new CopyDataSource(NOWHERE, connection(closed));

        source.closeUnused();
        assertTrue(closed.get());
        assertThrows(SQLException.class, source::getConnection);
    }

    @Test
    void skipsAPreparedConnectionThatWasClosedMeanwhile() {
        AtomicBoolean closed = new AtomicBoolean(true);
        CopyDataSource source = new CopyDataSource(NOWHERE, connection(closed));

        assertThrows(SQLException.class, source::getConnection);
    }

    private static Connection connection(AtomicBoolean closed) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        closed.set(true);
                        yield null;
                    }
                    case "isClosed" -> closed.get();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
