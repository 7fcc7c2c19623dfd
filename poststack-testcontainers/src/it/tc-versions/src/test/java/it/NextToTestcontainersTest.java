package it;

import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.testcontainers.PoststackContainer;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * poststack and the consumer's own Testcontainers in one JVM, each with its own docker-java: Testcontainers'
 * client answers, poststack reaches the engine through its relocated copy, and a PoststackContainer starts, is
 * ready by poststack's checks and takes a query.
 */
class NextToTestcontainersTest {

    @Test
    void poststackAndTestcontainersEachUseTheirOwnDockerJava() throws Exception {
        String version = System.getProperty("testcontainers.version");
        String tcJar = GenericContainer.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(tcJar.contains(version), "Testcontainers " + version + " is the one on the class path: " + tcJar);
        System.out.println("Testcontainers " + version + " from " + tcJar + "; docker-java-api from "
                + com.github.dockerjava.api.DockerClient.class.getProtectionDomain().getCodeSource().getLocation());
        assertFalse(DockerClientFactory.instance().client().versionCmd().exec().getApiVersion().isEmpty());

        Path manifest = Path.of(System.getProperty("poststack.repo"), "images.yaml");
        try (Poststack poststack = Poststack.open(manifest, "psit-tc-" + version.replace('.', '-'));
             PoststackContainer db = PoststackContainer.of(poststack, "db")) {
            assertFalse(poststack.status().isEmpty(), "poststack's own engine calls work");
            db.start();
            DatabaseAccess access = db.database();
            try (Connection c = DriverManager.getConnection(access.jdbcUrl(), access.user(), access.password());
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
        }
    }
}
