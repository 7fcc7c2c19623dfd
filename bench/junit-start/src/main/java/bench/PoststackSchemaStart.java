package bench;

import dev.poststack.junit.PoststackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.nio.file.Path;

/** poststack's extension with its defaults: all services, checks, and the schema applied (more work). */
class PoststackSchemaStart {

    static {
        Marks.mark("clinit");
    }

    @RegisterExtension
    static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(Path.of(System.getProperty("bench.manifest")));

    @Test
    void firstBody(DataSource db) throws Exception {
        Marks.mark("body");
        Marks.afterBody(Marks.of(db));
    }
}
