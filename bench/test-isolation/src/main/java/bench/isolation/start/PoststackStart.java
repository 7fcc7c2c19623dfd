package bench.isolation.start;

import bench.isolation.Work;
import dev.poststack.junit.PoststackExtension;
import dev.poststack.junit.PoststackStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * JVM start to first test body with poststack's extension (run with {@code -Dpoststack.reuse=true}): the first
 * statement notes the time, then the stack's project and each service's action ({@code REUSED} on a second run),
 * then the suite's body, which fails unless the schema is empty: a reused stack must not show the last run's rows.
 */
class PoststackStart {

    @RegisterExtension
    static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(Path.of(System.getProperty("bench.manifest")));

    @Test
    void firstTestBody(PoststackStack stack, DataSource db) throws Exception {
        Work.note("body", Work.epochMicros());
        Work.note("project", stack.project());
        stack.services().forEach(s -> Work.note("action", s.service() + "=" + s.action()));
        Work.body(db);
    }
}
