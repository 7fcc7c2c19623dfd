package dev.poststack.check;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileStatusTest {

    private static FileStatus stat(String line) {
        return FileStatus.parse(line).orElseThrow();
    }

    @Test
    void readsStatsSixFields() {
        assertThat(stat("regular file|600|postgres|postgres|999|999\n"))
                .isEqualTo(new FileStatus("regular file", "600", "postgres", "postgres", 999, 999));
    }

    @Test
    void describesWhatWasSeen() {
        assertThat(stat("regular file|644|root|root|0|0").describe()).isEqualTo("regular file mode 644 owner root:root");
    }

    @Test
    void anEmptyFileIsAFileAndADirectoryIsNot() {
        assertThat(stat("regular empty file|644|root|root|0|0").isOfType("file")).isTrue();
        assertThat(stat("regular file|644|root|root|0|0").isOfType("file")).isTrue();
        assertThat(stat("directory|700|postgres|postgres|999|999").isOfType("file")).isFalse();
        assertThat(stat("directory|700|postgres|postgres|999|999").isOfType("directory")).isTrue();
        assertThat(stat("symbolic link|777|root|root|0|0").isOfType("directory")).isFalse();
    }

    @Test
    void modesCompareAsOctalWithoutLeadingZeros() {
        FileStatus file = stat("regular file|600|postgres|postgres|999|999");
        assertThat(file.hasMode("600")).isTrue();
        assertThat(file.hasMode("0600")).isTrue();
        assertThat(file.hasMode("644")).isFalse();
        assertThat(stat("directory|2775|postgres|postgres|999|999").hasMode("02775")).isTrue();
        assertThat(stat("regular file|0|root|root|0|0").hasMode("000")).isTrue();
    }

    @Test
    void ownerMatchesByNameOrNumberAndUserGroupComparesBoth() {
        FileStatus file = stat("regular file|600|postgres|postgres|999|999");
        assertThat(file.isOwnedBy("postgres")).isTrue();
        assertThat(file.isOwnedBy("999")).isTrue();
        assertThat(file.isOwnedBy("postgres:postgres")).isTrue();
        assertThat(file.isOwnedBy("999:postgres")).isTrue();
        assertThat(file.isOwnedBy("postgres:999")).isTrue();
        assertThat(file.isOwnedBy("root")).isFalse();
        assertThat(file.isOwnedBy("postgres:root")).isFalse();
        assertThat(file.isOwnedBy("0:999")).isFalse();
    }

    @Test
    void anIdWithoutANameStillMatchesByNumber() {
        FileStatus file = stat("regular file|640|UNKNOWN|UNKNOWN|1234|1234");
        assertThat(file.isOwnedBy("1234:1234")).isTrue();
        assertThat(file.describe()).isEqualTo("regular file mode 640 owner UNKNOWN:UNKNOWN");
    }

    @Test
    void outputThatIsNotStatsIsNotReadAsAStatus() {
        assertThat(FileStatus.parse("stat: cannot statx '/x': No such file or directory")).isEmpty();
        assertThat(FileStatus.parse("regular file|600|postgres|postgres|x|999")).isEmpty();
        assertThat(FileStatus.parse("")).isEmpty();
    }
}
