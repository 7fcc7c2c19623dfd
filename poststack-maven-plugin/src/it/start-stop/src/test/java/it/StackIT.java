package it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs between poststack:start and poststack:stop, told where the stack is by the properties start exported. */
class StackIT {

    @Test
    void theSuperuserReachesTheDatabaseAtTheExportedUrl() throws Exception {
        String url = System.getProperty("db.url");
        assertTrue(url.startsWith("jdbc:postgresql://127.0.0.1:" + System.getProperty("db.port") + "/"), url);
        assertEquals(1, selectOne(url, System.getProperty("db.user"), System.getProperty("db.password.file")));
    }

    @Test
    void theApplicationRoleReachesItsSchema() throws Exception {
        // Fails unless the schema (its account table) was applied before the tests ran.
        String url = System.getProperty("app.url");
        try (Connection c = DriverManager.getConnection(url, System.getProperty("app.user"),
                password(System.getProperty("app.password.file"))); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from account")) {
            assertTrue(rs.next());
        }
    }

    private static int selectOne(String url, String user, String passwordFile) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password(passwordFile));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String password(String file) throws Exception {
        return Files.readString(Path.of(file)).strip();
    }
}
