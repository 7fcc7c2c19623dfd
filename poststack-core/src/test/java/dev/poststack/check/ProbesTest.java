package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ProbesTest {

    private static final Map<String, Probe> PROBES = Specs.oneOfEachKind().stream()
            .collect(Collectors.toMap(CheckSpec::kind, Probes::of));

    @Test
    void everyKindOfCheckHasAProbe() {
        List<Class<?>> covered = Specs.oneOfEachKind().stream().<Class<?>>map(Object::getClass).toList();

        assertThat(covered).containsExactlyInAnyOrder(CheckSpec.class.getPermittedSubclasses());
        assertThat(PROBES).hasSize(CheckSpec.class.getPermittedSubclasses().length);
    }

    @Test
    void describesEachCheckInAFewWords() {
        assertThat(PROBES).extractingFromEntries(Map.Entry::getKey, e -> e.getValue().describe()).containsOnly(
                org.assertj.core.groups.Tuple.tuple("tcp", "tcp 5432 from the host and from inside the container"),
                org.assertj.core.groups.Tuple.tuple("sql", "sql: select 1"),
                org.assertj.core.groups.Tuple.tuple("http", "http GET :8080/health"),
                org.assertj.core.groups.Tuple.tuple("healthcheck", "healthcheck"),
                org.assertj.core.groups.Tuple.tuple("log", "log /ready to accept connections/ x2"),
                org.assertj.core.groups.Tuple.tuple("exec", "exec: pg_isready -q"),
                org.assertj.core.groups.Tuple.tuple("file", "file /var/lib/postgresql/data/PG_VERSION mode 600 owner postgres"),
                org.assertj.core.groups.Tuple.tuple("process", "process postgres as postgres"),
                org.assertj.core.groups.Tuple.tuple("port", "port 5432"),
                org.assertj.core.groups.Tuple.tuple("extension", "extension vector 0.8.0"),
                org.assertj.core.groups.Tuple.tuple("setting", "setting max_connections = 100"));
    }

    @Test
    void saysWhatWouldPass() {
        Function<String, String> expected = kind -> PROBES.get(kind).expected();

        assertThat(expected.apply("sql")).isEqualTo("first value \"1\"");
        assertThat(expected.apply("http")).isEqualTo("HTTP 200 with a body matching /ok/");
        assertThat(expected.apply("log")).isEqualTo("at least 2 lines matching /ready to accept connections/");
        assertThat(expected.apply("exec")).isEqualTo("exit code 0");
        assertThat(expected.apply("file")).isEqualTo("a path, mode 600, owner postgres");
        assertThat(expected.apply("process")).isEqualTo("a process named postgres running as postgres");
        assertThat(expected.apply("extension")).isEqualTo("extension vector available at version 0.8.0");
        assertThat(expected.apply("setting")).isEqualTo("max_connections = \"100\"");
    }
}
