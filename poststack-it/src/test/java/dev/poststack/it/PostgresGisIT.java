package dev.poststack.it;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.poststack.Poststack;
import dev.poststack.testcontainers.PoststackContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static dev.poststack.it.Sql.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The postgres-gis image (built with the shared images), run as the database service of a project copy whose
 * {@code db} runs {@code image: postgres-gis}: it passes the service's checks, PostGIS installs as an extension
 * and computes with GEOS and PROJ.
 */
class PostgresGisIT {

    @TempDir
    Path dir;

    @Test
    void postgisComputesAGeodesicDistanceWithGeosAndProj() throws Exception {
        TestProject project = TestProject.copyOfRepo(dir, SharedImages.namespace())
                .editManifest("    image: postgres\n", "    image: postgres-gis\n");
        try (Poststack poststack = Poststack.open(project.manifest());
             PoststackContainer db = PoststackContainer.of(poststack, "db")) {
            assertThat(db.getDockerImageName()).isEqualTo(SharedImages.namespace() + "/postgres-gis:latest");
            db.start();

            try (Connection c = Sql.connect(db.database()); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION postgis");
                // One degree of latitude at the equator on the WGS 84 spheroid: 110574.39 m.
                double metres = Double.parseDouble(single(s,
                        "SELECT ST_Distance('SRID=4326;POINT(0 0)'::geography, 'SRID=4326;POINT(0 1)'::geography)"));
                assertThat(metres).isCloseTo(110574, within(1105.74));
                assertThat(single(s, "SELECT postgis_full_version()")).contains("GEOS=").contains("PROJ=");
                // PROJ finds its database (proj.db): a transformation between two reference systems works.
                String transformed = single(s, "SELECT ST_AsText(ST_SnapToGrid(ST_Transform("
                        + "'SRID=4326;POINT(0 0)'::geometry, 3857), 0.001))");
                assertThat(transformed).isEqualTo("POINT(0 0)");
            }
            // The parent's entrypoint, user and health check are inherited.
            InspectContainerResponse inspect = db.getDockerClient().inspectContainerCmd(db.getContainerId()).exec();
            assertThat(inspect.getConfig().getUser()).isEqualTo("postgres");
            assertThat(inspect.getConfig().getEntrypoint()).containsExactly("/usr/local/bin/docker-entrypoint.sh");
            assertThat(inspect.getConfig().getHealthcheck()).isNotNull();
        }
    }
}
