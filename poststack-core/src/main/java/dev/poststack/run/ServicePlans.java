package dev.poststack.run;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.poststack.api.PoststackException;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.ServiceSpec;

import java.util.Optional;

/** Resolves a service to its {@link ContainerPlan}: its image as the engine has it, plus the project's names. */
final class ServicePlans {

    private final RunContext context;

    ServicePlans(RunContext context) {
        this.context = context;
    }

    /** @throws PoststackException {@code FAILED} with the build command when the engine lacks the image */
    ContainerPlan plan(ServiceSpec service) {
        Manifest manifest = context.manifest();
        return planOf(service).orElseThrow(() -> new PoststackException(PoststackException.Kind.FAILED,
                "service `" + service.name() + "` runs image " + manifest.referenceOf(service.image())
                + ", which is not in the engine\nfix: build it with `poststack build-images " + service.image()
                + "` (or run `poststack setup`)", null));
    }

    /** The service's plan, when the engine has its image. */
    Optional<ContainerPlan> planOf(ServiceSpec service) {
        String reference = context.manifest().referenceOf(service.image());
        return image(reference).map(image -> new ContainerPlan(service, image, context.resources(),
                context.secrets()));
    }

    /** The image a reference names, when the engine has it. */
    Optional<LocalImage> image(String reference) {
        InspectImageResponse image;
        try {
            image = context.docker().inspectImageCmd(reference).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        String user = image.getConfig() == null ? null : image.getConfig().getUser();
        return Optional.of(new LocalImage(reference, image.getId(), user == null ? "" : user));
    }

    /**
     * The service {@code manifest} declares as {@code name}.
     *
     * @throws PoststackException {@code INVALID_INPUT} naming the services it declares
     */
    static ServiceSpec service(Manifest manifest, String name) {
        ServiceSpec service = manifest.services().get(name);
        if (service == null) {
            throw PoststackException.invalidInput("no service named `" + name + "` in " + manifest.file()
                    + "; services: " + String.join(", ", manifest.services().keySet()));
        }
        return service;
    }
}
