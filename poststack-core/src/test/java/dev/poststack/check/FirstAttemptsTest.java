package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared exec's script and its parsing, run by the host's own sh (the script is POSIX sh). */
class FirstAttemptsTest {

    private static final List<String> STAT = List.of("stat", "-c", "%F", "--", "/");
    private static final List<String> MISSING = List.of("stat", "-c", "%F", "--", "/no/such/path");
    private static final List<String> NO_NEWLINE = CheckContext.shell("printf 'a b'; printf \"it's\" >&2; exit 3");
    private static final List<String> SILENT = CheckContext.shell("exit 0");

    @Test
    void eachCommandOfTheBatchGetsTheResultItWouldGetAlone() throws Exception {
        List<List<String>> commands = List.of(STAT, MISSING, NO_NEWLINE, SILENT,
                CheckContext.shell("cat /etc/passwd; echo done >&2"));

        Map<List<String>, ExecResult> batch = FirstAttempts.parse(sh(FirstAttempts.script(commands)), commands);

        assertThat(batch).hasSize(commands.size());
        for (List<String> command : commands) {
            assertThat(batch.get(command)).as(String.join(" ", command)).isEqualTo(run(command));
        }
        assertThat(batch.get(NO_NEWLINE)).isEqualTo(new ExecResult(3, "a b", "it's"));
        assertThat(batch.get(MISSING).exitCode()).isNotZero();
    }

    @Test
    void aCommandWhoseMarkersAreMissingIsLeftToRunAlone() {
        List<List<String>> commands = List.of(STAT, SILENT);
        ExecResult cutShort = new ExecResult(ExecResult.DID_NOT_FINISH, "\036begin 0\ndirectory\n\n\036end 0 0\n"
                + "\036begin 1\n", "\036begin 0\n\n\036end 0\n\036begin 1\n");

        Map<List<String>, ExecResult> batch = FirstAttempts.parse(cutShort, commands);

        assertThat(batch).containsOnlyKeys(STAT);
        assertThat(batch.get(STAT)).isEqualTo(new ExecResult(0, "directory\n", ""));
    }

    @Test
    void theProcessListingLeavesOutTheBatchShellThatRanIt() throws Exception {
        List<String> listing = CheckContext.shell(ProcessTable.LIST_SCRIPT);
        List<String> parent = CheckContext.shell("echo $PPID");
        List<List<String>> commands = List.of(listing, parent);

        Map<List<String>, ExecResult> batch = FirstAttempts.parse(sh(FirstAttempts.script(commands)), commands);

        int batchShell = Integer.parseInt(batch.get(parent).stdout().strip());
        ProcessTable table = ProcessTable.parse(batch.get(listing).stdout());
        assertThat(table.processes()).isNotEmpty().noneMatch(p -> p.pid() == batchShell);
    }

    @Test
    void looksOfProbesListEachCommandOnceInOrder() {
        LookProbe port = new PortProbe(new CheckSpec.Port(5432, Specs.QUICK, Specs.AT));
        List<List<String>> looks = FirstAttempts.looksOf(List.of(port, port));

        assertThat(looks).containsExactly(port.look());
    }

    private static ExecResult run(List<String> command) throws Exception {
        return exec(new ProcessBuilder(command));
    }

    private static ExecResult sh(String script) throws Exception {
        return exec(new ProcessBuilder("sh", "-c", script));
    }

    private static ExecResult exec(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        return new ExecResult(process.waitFor(), out, err.get());
    }

    private static String read(InputStream in) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
