package dev.poststack.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poststack.Poststack;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code poststack config}: the manifest as poststack resolved it, as compose's config. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Prints the manifest as poststack resolved it, as YAML (or JSON with --json).",
                "Defaults are filled in, paths resolved, checks with their timing; the project name the services run under is shown too. Secrets are shown by name and how they are made (generated, from an environment variable, from a file), never their values. Needs no Docker engine."})
final class ConfigCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws JsonProcessingException {
        try (Poststack poststack = main.globals.open()) {
            Map<String, Object> manifest = poststack.resolvedManifest();
            if (main.globals.json) {
                ObjectNode document = JsonOutput.document("config");
                document.put("project", poststack.projectName());
                document.set("manifest", JsonOutput.MAPPER.valueToTree(manifest));
                JsonOutput.print(document);
                return 0;
            }
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
            System.out.print("# " + manifest.get("file") + " as poststack resolved it; project " + poststack.projectName()
                    + System.lineSeparator() + yaml.writeValueAsString(manifest));
            return 0;
        }
    }
}
