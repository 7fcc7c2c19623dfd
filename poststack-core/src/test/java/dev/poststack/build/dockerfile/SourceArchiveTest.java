package dev.poststack.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poststack.build.BuildFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crafted archives that try to write or read outside the extraction folder, and ones that must still work. */
class SourceArchiveTest {

    @TempDir
    Path dir;

    /** One tar entry as written by the test: a file (with content), a folder, a symbolic or a hard link. */
    record Entry(String name, byte type, String content) {
        static Entry file(String name, String content) {
            return new Entry(name, TarConstants.LF_NORMAL, content);
        }

        static Entry folder(String name) {
            return new Entry(name, TarConstants.LF_DIR, "");
        }

        static Entry symlink(String name, String target) {
            return new Entry(name, TarConstants.LF_SYMLINK, target);
        }

        static Entry hardLink(String name, String target) {
            return new Entry(name, TarConstants.LF_LINK, target);
        }
    }

    /** Writes the entries exactly as given (absolute names kept), the way a hostile archive would. */
    static Path archive(Path file, Entry... entries) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(raw))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry entry = new TarArchiveEntry(e.name(), e.type(), true);
                byte[] bytes = e.content().getBytes(StandardCharsets.UTF_8);
                if (e.type() == TarConstants.LF_NORMAL) {
                    entry.setSize(bytes.length);
                } else if (e.type() != TarConstants.LF_DIR) {
                    entry.setLinkName(e.content());
                }
                tar.putArchiveEntry(entry);
                if (e.type() == TarConstants.LF_NORMAL) {
                    tar.write(bytes);
                }
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private Path outside() throws IOException {
        return Files.createDirectories(dir.resolve("outside"));
    }

    private Path target() {
        return dir.resolve("work/ext");
    }

    /** Extracting must fail with the message, leave nothing in the work folder and nothing new outside. */
    private void refused(Path archive, String... message) throws IOException {
        Path outside = outside();
        List<Path> before = listing(outside);
        assertThatThrownBy(() -> SourceArchive.extract(archive, target(), "ext"))
                .isInstanceOf(BuildFailure.class)
                .hasMessageContaining("source `ext`: archive " + archive + " is refused")
                .hasMessageContaining("nothing was extracted")
                .hasMessageContainingAll(message);
        assertThat(target()).doesNotExist();
        assertThat(listing(outside)).isEqualTo(before);
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aDotDotPathIsRefused() throws Exception {
        Path archive = archive(dir.resolve("a.tar.gz"), Entry.file("ext-1.0/Makefile", "ok"),
                Entry.file("ext-1.0/../../outside/evil.txt", "x"));
        refused(archive, "entry `ext-1.0/../../outside/evil.txt` has `..` in its path");
        assertThat(dir.resolve("outside/evil.txt")).doesNotExist();
    }

    @Test
    void aDotDotThatStaysInsideIsRefusedAsGnuTarDoes() throws Exception {
        refused(archive(dir.resolve("a.tar.gz"), Entry.file("a/../b.txt", "x")), "has `..` in its path");
    }

    @Test
    void anAbsolutePathIsRefused() throws Exception {
        String evil = outside().resolve("evil.txt").toString();
        refused(archive(dir.resolve("a.tar.gz"), Entry.file("ext/ok.c", "ok"), Entry.file(evil, "x")),
                "entry `" + evil + "` has an absolute path");
        assertThat(Path.of(evil)).doesNotExist();
    }

    @Test
    void aFileWrittenThroughAnEarlierSymlinkIsRefused() throws Exception {
        Path outside = outside();
        Path archive = archive(dir.resolve("a.tar.gz"),
                Entry.symlink("ext/lnk", "../../../outside"),
                Entry.file("ext/lnk/evil.txt", "x"));
        refused(archive, "entry `ext/lnk/evil.txt` would be written through the symbolic link ext/lnk");
        assertThat(outside.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void aFileWrittenThroughASymlinkInsideIsRefusedToo() throws Exception {
        refused(archive(dir.resolve("a.tar.gz"), Entry.folder("ext/real/"), Entry.symlink("ext/lnk", "real"),
                Entry.file("ext/lnk/x.c", "x")), "would be written through the symbolic link ext/lnk");
    }

    @Test
    void aSymlinkToAnAbsolutePathIsRefused() throws Exception {
        String host = outside().toString();
        refused(archive(dir.resolve("a.tar.gz"), Entry.symlink("ext/etc", host)),
                "entry `ext/etc` is a symbolic link to the absolute path " + host);
    }

    @Test
    void aSymlinkClimbingOutOfTheFolderIsRefused() throws Exception {
        refused(archive(dir.resolve("a.tar.gz"), Entry.file("ext/a.c", "a"), Entry.symlink("ext/up", "../../outside")),
                "entry `ext/up` is a symbolic link to ../../outside, outside the folder");
    }

    @Test
    void aSymlinkChainThatWouldClimbOutIsRefusedWhateverTheOrder() throws Exception {
        // ext/sub/up -> .. is ext, inside; ext/b -> sub/up/../../x looks like ext/x, but really is ../x.
        refused(archive(dir.resolve("a.tar.gz"), Entry.symlink("ext/b", "sub/up/../../x"),
                Entry.folder("ext/sub/"), Entry.symlink("ext/sub/up", "..")),
                "entry `ext/b` is a symbolic link (-> sub/up/../../x) that passes through the symbolic link ext/sub/up");
    }

    @Test
    void aHardLinkToAHostFileIsRefused() throws Exception {
        Path secret = Files.writeString(outside().resolve("secret.txt"), "secret");
        refused(archive(dir.resolve("a.tar.gz"), Entry.hardLink("ext/copy", secret.toString())),
                "entry `ext/copy` has an absolute hard link target (" + secret + ")");
        refused(archive(dir.resolve("b.tar.gz"), Entry.hardLink("ext/copy", "../outside/secret.txt")),
                "entry `ext/copy` has `..` in its hard link target");
    }

    @Test
    void aHardLinkToASymlinkOrAMissingFileIsRefused() throws Exception {
        refused(archive(dir.resolve("a.tar.gz"), Entry.symlink("ext/l", "a.c"), Entry.hardLink("ext/h", "ext/l")),
                "entry `ext/h` is a hard link to ext/l, which is not a regular file earlier in the archive");
        refused(archive(dir.resolve("b.tar.gz"), Entry.hardLink("ext/h", "ext/later.c"), Entry.file("ext/later.c", "")),
                "is a hard link to ext/later.c, which is not a regular file earlier in the archive");
    }

    @Test
    void symlinksAndHardLinksInsideAreKept() throws Exception {
        Path out = SourceArchive.extract(archive(dir.resolve("a.tar.gz"),
                Entry.file("ext-1.0/lib/libx.so.1", "elf"),
                Entry.symlink("ext-1.0/lib/libx.so", "libx.so.1"),
                Entry.symlink("ext-1.0/include", "lib/../lib"),
                Entry.hardLink("ext-1.0/copy.so", "ext-1.0/lib/libx.so.1"),
                Entry.file("./ext-1.0/README", "r")), target(), "ext");

        assertThat(out).isEqualTo(target().resolve("ext-1.0"));
        assertThat(Files.readSymbolicLink(out.resolve("lib/libx.so"))).isEqualTo(Path.of("libx.so.1"));
        assertThat(out.resolve("lib/libx.so")).hasContent("elf");
        assertThat(out.resolve("include/libx.so.1")).hasContent("elf");
        assertThat(Files.isSymbolicLink(out.resolve("copy.so"))).isFalse();
        assertThat(out.resolve("copy.so")).hasContent("elf");
        assertThat(out.resolve("README")).hasContent("r");
    }

    @Test
    void anArchiveThatCannotBeReadLeavesNothingBehind() throws Exception {
        Path good = archive(dir.resolve("good.tar.gz"), Entry.file("ext/a.c", "a".repeat(10_000)));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.tar.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> SourceArchive.extract(cut, target(), "ext"))
                .isInstanceOf(BuildFailure.class)
                .hasMessageContaining("source `ext`: cannot extract " + cut);
        assertThat(target()).doesNotExist();
    }
}
