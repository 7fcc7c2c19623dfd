package bench;

import dev.poststack.junit.PoststackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.nio.file.Path;

/** poststack's extension, service db only, no schema: the body runs once the stack is started and verified. */
class PoststackStart {

    static {
        Marks.mark("clinit");
    }

    @RegisterExtension
    static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(Path.of(System.getProperty("bench.manifest")))
            .services("db").withoutSchema();

    @Test
    void firstBody(DataSource db) throws Exception {
        Marks.mark("body");
        Marks.afterBody(Marks.of(db));
    }
}
