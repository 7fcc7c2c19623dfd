package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.api.ExportResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code poststack export kubernetes [--out DIR]}: the stack as objects a Kubernetes cluster runs. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes what another platform needs to run the stack: `export kubernetes` (see docs/KUBERNETES.md).",
                "For each database service a CloudNativePG Cluster (its image, superuser, the schema's database and owner made at bootstrap, storage) and, where the manifest's `kubernetes:` section asks for it, a Pooler; the schema as a Job running the Liquibase image; Deployments and Services for the other services; a kustomization.yaml listing them (`kubectl apply -k DIR`). Secrets are referenced by name: create-secrets.sh makes them with kubectl from where poststack keeps the values, and no value is written. Images are named by the digest they were pushed as (logs/build-report.json), else by their local reference, with a note. Needs no Docker engine."})
final class ExportCommand implements Callable<Integer> {

    /** The platforms an export is written for. */
    enum Target { kubernetes }

    @Parameters(paramLabel = "TARGET", description = "What to export for: ${COMPLETION-CANDIDATES}.")
    Target target;

    @Option(names = "--out", paramLabel = "DIR", description = "The folder written (created; an earlier export's files that are no longer part of it are removed). Default: k8s.")
    Path out = Path.of("k8s");

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        try (Poststack poststack = main.globals.open()) {
            ExportResult result = poststack.exportKubernetes(out);
            if (main.globals.json) {
                ObjectNode document = JsonOutput.document("export");
                document.put("target", target.name());
                document.put("folder", result.folder().toAbsolutePath().toString());
                result.files().forEach(f -> document.withArray("files").add(f.getFileName().toString()));
                result.objects().forEach(document.putArray("objects")::add);
                result.notes().forEach(document.putArray("notes")::add);
                JsonOutput.print(document);
                return 0;
            }
            result.notes().forEach(n -> main.globals.progress().println("note: " + n));
            System.out.println("wrote " + result.objects().size() + " objects to " + result.folder() + ": "
                    + String.join(", ", result.objects()));
            System.out.println("next: " + result.folder().resolve("create-secrets.sh") + " && kubectl apply -k "
                    + result.folder() + "   (needs the CloudNativePG operator in the cluster)");
            return 0;
        }
    }
}
