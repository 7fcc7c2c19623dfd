package dev.poststack.it;

import com.github.dockerjava.api.command.InspectContainerResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The postgres-gis image built by {@code poststack build-images postgres-gis} (which builds its parents
 * too), run in the real engine: PostGIS installs as an extension and computes with GEOS and PROJ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresGisIT {

    private static final String NS = "poststack-it-gis";
    private static final String PASSWORD = "it-gis-pw";

    @TempDir
    static Path dir;
    private PgContainers pg;

    @BeforeAll
    void buildTheImage() throws Exception {
        pg = PgContainers.build(dir.resolve("project"), NS, "postgres-gis");
    }

    @AfterAll
    void removeContainersAndImages() {
        pg.close();
    }

    @Test
    void postgisComputesAGeodesicDistanceWithGeosAndProj() throws Exception {
        String id = pg.start(Map.of("POSTGRES_PASSWORD", PASSWORD), pg.volume());
        int port = pg.awaitQuery(id, "postgres", PASSWORD, "postgres", Duration.ofSeconds(120));

        try (Connection c = PgContainers.connect(port, "postgres", PASSWORD, "postgres");
             Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION postgis");
            // One degree of latitude at the equator on the WGS 84 spheroid: 110574.39 m.
            double metres = Double.parseDouble(PgContainers.single(s,
                    "SELECT ST_Distance('SRID=4326;POINT(0 0)'::geography, 'SRID=4326;POINT(0 1)'::geography)"));
            assertThat(metres).isCloseTo(110574, within(1105.74));
            assertThat(PgContainers.single(s, "SELECT postgis_full_version()")).contains("GEOS=").contains("PROJ=");
            // PROJ finds its database (proj.db): a transformation between two reference systems works.
            String transformed = PgContainers.single(s, "SELECT ST_AsText(ST_SnapToGrid(ST_Transform("
                    + "'SRID=4326;POINT(0 0)'::geometry, 3857), 0.001))");
            assertThat(transformed).isEqualTo("POINT(0 0)");
        }
        // The parent's entrypoint, user and health check are inherited.
        InspectContainerResponse inspect = pg.docker().inspectContainerCmd(id).exec();
        assertThat(inspect.getConfig().getUser()).isEqualTo("postgres");
        assertThat(inspect.getConfig().getEntrypoint()).containsExactly("/usr/local/bin/docker-entrypoint.sh");
        assertThat(inspect.getConfig().getHealthcheck()).isNotNull();
    }
}
