package dev.poststack.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code poststack push}: {@code build-images --push} (a cached build is a no-op), for the images named. */
@Command(name = "push",
        mixinStandardHelpOptions = true,
        description = {"Pushes images to the registry (defaults.registry in images.yaml, or --registry), parents first.",
                "Builds what is not current first. Jib images go daemonless from their layers, Dockerfile and rootfs images from the engine; blobs the registry has are not sent again. The credentials are proven before anything is sent. Each image's digest is in logs/build-report.json."},
        footer = {"", "Examples:",
                "  poststack push                          every image",
                "  poststack push liquibase                liquibase and its parents",
                "  poststack push --registry 127.0.0.1:5000/team",
                "", "Credentials: POSTSTACK_REGISTRY_USER and POSTSTACK_REGISTRY_PASSWORD_FILE (a file with the password), else ~/.docker/config.json (auths, credHelpers, credsStore; $DOCKER_CONFIG moves it). A registry's CA is read from /etc/docker/certs.d/HOST:PORT/ca.crt, as the engine does.",
                "Exit codes: 0 pushed, 1 a build or push failed, 2 invalid input, 3 no engine, 4 the registry refused the credentials or does not answer (nothing pushed)."})
final class PushCommand implements Callable<Integer> {

    @Parameters(paramLabel = "IMAGE", arity = "0..*",
            description = "Images to push (with the images they are built on). Default: all.")
    List<String> images = new ArrayList<>();

    @Option(names = "--registry", paramLabel = "HOST[:PORT][/PATH]",
            description = "Push to this registry instead of the manifest's defaults.registry.")
    String registry;

    @Option(names = "--parallel", paramLabel = "N",
            description = "How many images may build and push at once. Default: the number of cores (${DEFAULT-VALUE}).")
    int parallel = Runtime.getRuntime().availableProcessors();

    @Option(names = "--source-dir", paramLabel = "DIR",
            description = "Folder with extension sources, as for build-images.")
    Path sourceDir;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws InterruptedException {
        BuildImagesCommand build = new BuildImagesCommand();
        build.main = main;
        build.registry = registry;
        build.parallel = parallel;
        build.sourceDir = sourceDir;
        return build.checked().run(images, true);
    }
}
