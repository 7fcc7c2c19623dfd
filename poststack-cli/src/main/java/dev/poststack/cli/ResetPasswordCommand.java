package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.api.PasswordResetResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code poststack reset-password [SERVICE]}: the cluster's passwords set to this checkout's secrets. */
@Command(name = "reset-password", mixinStandardHelpOptions = true,
        description = {"Sets a database's passwords to this checkout's secrets, keeping its data.",
                "For a data volume whose cluster was initialised with another password (another checkout's secret, or an older one): sets the superuser's password, and the schema owner's when that role exists, to this checkout's secrets, without the old ones. The server is asked over its Unix socket, in the service's running container or, when none runs, in a temporary one on its volume (no network), removed afterwards. The passwords go to it as SCRAM verifiers on standard input, never on a command line or in the environment. Afterwards `up` accepts the volume; the old passwords no longer work."})
final class ResetPasswordCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SERVICE", arity = "0..1",
            description = "The database service. Default: the one with a `database:` block.")
    String service;

    @ParentCommand
    Main main;

    @Mixin
    TakeOverOption takeOver;

    @Override
    public Integer call() throws InterruptedException {
        try (Poststack poststack = takeOver.applyTo(main.globals.open())) {
            String target = service != null ? service : poststack.databaseService();
            PasswordResetResult result = poststack.resetPassword(target, main.globals.progress()::println);
            if (main.globals.json) {
                ObjectNode document = JsonOutput.document("reset-password");
                document.put("project", poststack.projectName());
                document.put("service", result.service());
                result.volumes().forEach(document.putArray("volumes")::add);
                result.roles().forEach(document.putArray("roles")::add);
                result.absent().forEach(document.putArray("absentRoles")::add);
                document.put("server", result.server().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                document.put("tookMillis", result.took().toMillis());
                JsonOutput.print(document);
                return 0;
            }
            System.out.println(result.service() + ": passwords of " + String.join(", ", result.roles())
                    + " set to this checkout's secrets in " + result.took().toMillis() + " ms"
                    + (result.server() == PasswordResetResult.Server.TEMPORARY ? " (temporary server, removed)" : ""));
            if (!result.absent().isEmpty()) {
                System.out.println(result.service() + ": no role " + String.join(", ", result.absent())
                        + " yet; `poststack init-schema` creates it with this checkout's password");
            }
            return 0;
        }
    }
}
