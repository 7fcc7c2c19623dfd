package dev.poststack.kubernetes;

import dev.poststack.manifest.SecretSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code create-secrets.sh}: makes (or updates) each Secret the export references with {@code kubectl}, from
 * where poststack keeps the value (a generated secret's file, a {@code file:}, an environment variable), never
 * from the export itself. A value reaches {@code kubectl} through a file descriptor ({@code --from-file} of a
 * process substitution), so it is never on a command line; only its first line, as poststack reads it.
 */
final class SecretScript {

    static final String FILE = "create-secrets.sh";

    private SecretScript() {
    }

    static String of(List<KubeSecret> secrets, Map<String, SecretSpec> specs, Function<String, Optional<Path>> files,
                     Optional<String> namespace) {
        StringBuilder out = new StringBuilder();
        out.append("#!/usr/bin/env bash\n")
                .append("# Written by `poststack export kubernetes`: creates or updates the Secrets the manifests here\n")
                .append("# reference, from where poststack keeps their values. Run it with kubectl pointed at the cluster.\n")
                .append("set -euo pipefail\n")
                .append("first_line() { local line; IFS= read -r line < \"$1\" || [[ -n $line ]]; printf %s \"$line\"; }\n")
                .append("need_file() { [[ -r $1 ]] || { echo \"create-secrets.sh: $1 is missing; run poststack setup"
                        + " (which generates it) or write it\" >&2; exit 2; }; }\n")
                .append("apply() { kubectl apply").append(namespace.map(n -> " --namespace " + ShellWords.quote(n))
                        .orElse("")).append(" -f -; }\n");
        for (KubeSecret secret : secrets) {
            SecretSpec spec = specs.get(secret.secret());
            String value;
            if (spec.source() instanceof SecretSpec.FromEnv env) {
                out.append(": \"${").append(env.variable()).append(":?set ").append(env.variable())
                        .append(" (secret ").append(secret.secret()).append(")}\"\n");
                value = "<(printf %s \"$" + env.variable() + "\")";
            } else {
                String path = ShellWords.quote(files.apply(secret.secret()).orElseThrow().toString());
                out.append("need_file ").append(path).append('\n');
                value = "<(first_line " + path + ")";
            }
            out.append("kubectl create secret generic ").append(ShellWords.quote(secret.name()));
            secret.username().ifPresent(u -> out.append(" --type=kubernetes.io/basic-auth --from-literal=username=")
                    .append(ShellWords.quote(u)));
            String key = secret.username().isPresent() ? "password" : secret.secret();
            out.append(" --from-file=").append(key).append('=').append(value)
                    .append(" --dry-run=client -o yaml | apply\n");
        }
        return out.toString();
    }
}
