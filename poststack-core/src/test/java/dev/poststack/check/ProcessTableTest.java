package dev.poststack.check;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessTableTest {

    private static final String LISTING = """
            process 1 999 docker-entrypoi
            process 27 999 postgres
            process 28 999 postgres
            process 30 0 bash
            process 31 1234 sleep
            process 32  vanished
            user 0 root
            user 999 postgres
            user 65534 nobody
            """;

    private final ProcessTable table = ProcessTable.parse(LISTING);

    @Test
    void readsProcessesAndUserNames() {
        assertThat(table.processes()).containsExactly(
                new ProcessTable.Entry(1, 999, "docker-entrypoi"), new ProcessTable.Entry(27, 999, "postgres"),
                new ProcessTable.Entry(28, 999, "postgres"), new ProcessTable.Entry(30, 0, "bash"),
                new ProcessTable.Entry(31, 1234, "sleep"));
        assertThat(table.userNames()).containsEntry(999, "postgres").containsEntry(0, "root").hasSize(3);
    }

    @Test
    void namesLongerThanTheKernelKeepsMatchOnTheirStart() {
        assertThat(table.named("docker-entrypoint.sh")).extracting(ProcessTable.Entry::pid).containsExactly(1);
        assertThat(table.named("postgres")).extracting(ProcessTable.Entry::pid).containsExactly(27, 28);
        assertThat(table.named("postgre")).isEmpty();
    }

    @Test
    void userMatchesByNameOrNumber() {
        ProcessTable.Entry postgres = table.named("postgres").get(0);
        assertThat(table.runsAs(postgres, "postgres")).isTrue();
        assertThat(table.runsAs(postgres, "999")).isTrue();
        assertThat(table.runsAs(postgres, "root")).isFalse();
    }

    @Test
    void describesUsersWithAndWithoutANameAndListsDistinctNames() {
        assertThat(table.userOf(table.named("postgres").get(0))).isEqualTo("postgres (uid 999)");
        assertThat(table.userOf(table.named("sleep").get(0))).isEqualTo("uid 1234");
        assertThat(table.names()).containsExactly("docker-entrypoi", "postgres", "bash", "sleep");
    }

    @Test
    void theListScriptRunsUnderAPosixShellAndSeesThisJvmButNotItself() throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", ProcessTable.LIST_SCRIPT).start();
        String listing = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(sh.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();

        ProcessTable here = ProcessTable.parse(listing);
        assertThat(errors).isEmpty();
        assertThat(here.processes()).anySatisfy(p -> assertThat(p.pid()).isEqualTo(ProcessHandle.current().pid()));
        assertThat(here.processes()).noneSatisfy(p -> assertThat(p.pid()).isEqualTo(sh.pid()));
        assertThat(here.userNames()).containsEntry(0, "root");
    }
}
