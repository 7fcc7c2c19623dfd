import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * bench/cold-jvm.sh: a fresh JVM's first PostgreSQL connection (and select 1) against its later ones.
 * Arguments: port, password file. Prints "first ms", "second ms", "third ms".
 */
public final class FirstConnection {

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/postgres";
        String password = Files.readString(Path.of(args[1])).strip();
        String[] names = {"first", "second", "third"};
        for (String name : names) {
            long t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection(url, "postgres", password);
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select 1")) {
                r.next();
            }
            System.out.printf("%s %d%n", name, (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
