package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;
import dev.poststack.manifest.CheckSpec.Timing;
import dev.poststack.manifest.Location;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Check specs as the manifest loader makes them, one of each kind, for tests. */
final class Specs {

    static final Location AT = Location.of(Path.of("images.yaml"), 12, 9);
    static final Timing QUICK = Timing.defaults(Duration.ofSeconds(2));

    private Specs() {
    }

    static List<CheckSpec> oneOfEachKind() {
        return List.of(
                new CheckSpec.Tcp(5432, true, true, QUICK, AT),
                new CheckSpec.Sql("select 1", Optional.of("1"), Optional.empty(), QUICK, AT),
                new CheckSpec.Http(8080, "/health", 200, Optional.of(Pattern.compile("ok")), QUICK, AT),
                new CheckSpec.Healthcheck(QUICK, AT),
                new CheckSpec.Log(Pattern.compile("ready to accept connections"), 2, QUICK, AT),
                new CheckSpec.Exec("exec", List.of("pg_isready", "-q"), 0, Optional.empty(), QUICK, AT),
                new CheckSpec.File("/var/lib/postgresql/data/PG_VERSION", Optional.empty(), Optional.of("600"),
                        Optional.of("postgres"), QUICK, AT),
                new CheckSpec.Process("postgres", Optional.of("postgres"), QUICK, AT),
                new CheckSpec.Port(5432, QUICK, AT),
                new CheckSpec.Extension("vector", Optional.of("0.8.0"), Optional.empty(), QUICK, AT),
                new CheckSpec.Setting("max_connections", "100", QUICK, AT));
    }
}
