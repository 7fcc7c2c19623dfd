package dev.poststack.run;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.poststack.api.PoststackException;
import dev.poststack.engine.Labels;
import dev.poststack.manifest.DatabaseSpec;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.thread.Interrupts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps one checkout off another's stack. Containers and volumes record the checkout that made them (and a
 * hash of their secrets); a checkout that shares the project name with another one is refused before it
 * stops, replaces or deletes any of theirs, unless told to take them over. A data volume whose cluster was
 * initialised with another superuser password than this checkout's is refused at once, take-over or not:
 * nothing this checkout starts on it could log in.
 */
final class Ownership {

    private final RunContext context;
    private volatile boolean takeOver;

    Ownership(RunContext context) {
        this.context = context;
    }

    /** With {@code true}, another checkout's containers and volumes are stopped, replaced and deleted too. */
    void allowTakeOver(boolean takeOver) {
        this.takeOver = takeOver;
    }

    /** The checkout that made something, when it was another one than this. */
    Optional<String> otherCheckout(Map<String, String> labels) {
        String owner = labels == null ? null : labels.get(Labels.CHECKOUT);
        return owner == null || owner.equals(context.resources().checkout()) ? Optional.empty() : Optional.of(owner);
    }

    /** Refuses to stop or replace {@code container} when another checkout made it and no take-over was asked. */
    void checkMayReplace(String service, InspectContainerResponse container) {
        Optional<String> owner = otherCheckout(container.getConfig().getLabels());
        if (owner.isPresent() && !takeOver) {
            throw refused("service `" + service + "`: its container " + context.resources().container(service)
                    + " belongs to the checkout at " + owner.get() + ", so this checkout does not stop or replace it",
                    "up");
        }
    }

    /**
     * The other checkout {@code container} is taken from, when take-over was asked for and another checkout
     * made it: it is then replaced even when it could be kept, so it is this checkout's afterwards.
     */
    Optional<String> takenOverFrom(InspectContainerResponse container) {
        return takeOver ? otherCheckout(container.getConfig().getLabels()) : Optional.empty();
    }

    /** Refuses a {@code down} that would remove another checkout's containers or (with volumes) volumes. */
    void checkMayRemove(List<Container> containers, boolean volumes) {
        if (takeOver) {
            return;
        }
        for (Container container : containers) {
            Optional<String> owner = otherCheckout(container.getLabels());
            if (owner.isPresent()) {
                throw refused("container " + container.getNames()[0].replaceFirst("^/", "")
                        + " belongs to the checkout at " + owner.get() + "; `down` removed nothing", "down");
            }
        }
        if (volumes) {
            // The engine answers null rather than an empty list when there are none.
            List<InspectVolumeResponse> found = context.docker().listVolumesCmd().withFilter("label",
                    List.of(context.resources().projectFilter())).exec().getVolumes();
            for (InspectVolumeResponse volume : found == null ? List.<InspectVolumeResponse>of() : found) {
                Optional<String> owner = otherCheckout(volume.getLabels());
                if (owner.isPresent()) {
                    throw refused("volume " + volume.getName() + " belongs to the checkout at " + owner.get()
                            + "; `down` removed nothing", "down --volumes");
                }
            }
        }
    }

    private PoststackException refused(String what, String command) {
        Resources resources = context.resources();
        return new PoststackException(PoststackException.Kind.FAILED, what + " (this checkout is "
                + resources.checkout() + "; both use the project name `" + resources.project() + "`)"
                + "\nfix: give this checkout a project name of its own (unset POSTSTACK_PROJECT or pass"
                + " `--project NAME`), or take the stack over with `poststack " + command + " --take-over`"
                + " (stops and replaces the other checkout's containers; their volumes keep their data)", null);
    }

    /**
     * Fails at once when one of the service's volumes holds a cluster initialised with another superuser
     * password than this checkout's secret (as the volume's label records it), unless {@code reset-password}
     * set it to this secret since (as the volume's {@link PasswordRecord} says; read only when the label does not
     * match, so the everyday start costs one inspect per volume as before).
     */
    void checkVolumesMatchPassword(ContainerPlan plan) throws InterruptedException {
        ServiceSpec service = plan.service();
        Optional<DatabaseSpec> database = service.database();
        if (database.isEmpty()) {
            return;
        }
        String secret = database.get().passwordSecret();
        String password = context.secrets().value(secret);
        for (Map.Entry<String, String> volume : service.volumes().entrySet()) {
            String name = context.resources().volume(volume.getKey());
            Optional<InspectVolumeResponse> found = inspectVolume(name);
            String recorded = found.map(v -> v.getLabels() == null ? null : v.getLabels().get(Labels.PASSWORD))
                    .orElse(null);
            if (recorded != null && !context.secrets().isFingerprintOf(recorded, password, List.of(secret))
                    && !resetTo(plan, name, volume.getValue(), password)) {
                throw otherPassword(service, name, secret, found.flatMap(v -> otherCheckout(v.getLabels())));
            }
        }
    }

    /**
     * Whether the volume's record names {@code password}: read through the service's container when it has one on
     * the volume (no engine call more than that), else through a container created for the read.
     */
    private boolean resetTo(ContainerPlan plan, String volume, String mountPath, String password)
            throws InterruptedException {
        Map<String, String> labels = context.resources().projectLabels();
        labels.put(Labels.TASK, "password-record");
        try {
            Optional<String> mountedIn = containerWith(context.resources().container(plan.service().name()), volume,
                    mountPath);
            String record = mountedIn.isPresent()
                    ? PasswordRecord.read(context.docker(), mountedIn.get(), mountPath)
                    : PasswordRecord.readFromVolume(context.docker(), plan.image().id(), volume, mountPath, labels);
            return PasswordRecord.matches(record, password);
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, "reading the password record of volume " + volume);
            throw e;
        }
    }

    /** The id of container {@code name} when it exists and has {@code volume} mounted at {@code mountPath}. */
    private Optional<String> containerWith(String name, String volume, String mountPath) {
        try {
            InspectContainerResponse container = context.docker().inspectContainerCmd(name).exec();
            List<InspectContainerResponse.Mount> mounts = container.getMounts() == null ? List.of()
                    : container.getMounts();
            return mounts.stream().anyMatch(m -> volume.equals(m.getName()) && m.getDestination() != null
                    && mountPath.equals(m.getDestination().getPath())) ? Optional.of(container.getId())
                    : Optional.empty();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Refuses a {@code reset-password} of a service whose container or volumes another checkout made, unless
     * take-over was asked for: that checkout's own secret would stop working.
     */
    void checkMayResetPassword(String service, Optional<InspectContainerResponse> container,
                               List<InspectVolumeResponse> volumes) {
        if (takeOver) {
            return;
        }
        Optional<String> owner = container.flatMap(c -> otherCheckout(c.getConfig().getLabels()));
        String what = "its container " + context.resources().container(service);
        for (InspectVolumeResponse volume : volumes) {
            if (owner.isEmpty()) {
                owner = otherCheckout(volume.getLabels());
                what = "its volume " + volume.getName();
            }
        }
        if (owner.isPresent()) {
            Resources resources = context.resources();
            throw new PoststackException(PoststackException.Kind.FAILED, "service `" + service + "`: " + what
                    + " belongs to the checkout at " + owner.get() + ", so this checkout does not change its"
                    + " database's passwords; nothing was changed (this checkout is " + resources.checkout()
                    + "; both use the project name `" + resources.project() + "`)"
                    + "\nfix: give this checkout a project name of its own (unset POSTSTACK_PROJECT or pass"
                    + " `--project NAME`), or take the database over with `poststack reset-password " + service
                    + " --take-over` (that checkout's secret stops working)", null);
        }
    }

    private PoststackException otherPassword(ServiceSpec service, String volume, String secret,
                                             Optional<String> owner) {
        String file = context.secrets().file(secret).map(Object::toString)
                .orElse("the secret `" + secret + "` (images.yaml `secrets:`)");
        return new PoststackException(PoststackException.Kind.FAILED,
                otherPasswordMessage(service.name(), volume, secret, file, owner), null);
    }

    /**
     * What {@code up} says of a volume made with another password, and the ways out.
     *
     * @param file  where this checkout's secret is kept, or how it is declared
     * @param owner the other checkout that made the volume, when it was one
     */
    static String otherPasswordMessage(String service, String volume, String secret, String file,
                                       Optional<String> owner) {
        String by = owner.map(o -> " by the checkout at " + o).orElse("");
        String takeOverFlag = owner.isPresent() ? " --take-over" : "";
        return "service `" + service + "`: volume "
                + volume + " holds a database cluster initialised" + by + " with another superuser password than"
                + " this checkout's secret `" + secret + "` (" + file + "); it would refuse every login, so nothing"
                + " was started or stopped"
                + "\nfix: one of"
                + "\n  - use the password it was made with: copy "
                + owner.map(o -> o + "/.poststack/secrets/" + secret).orElse("that checkout's secret file")
                + " to " + file + " (or point the secret at it in images.yaml)"
                + "\n  - keep its data and give it this checkout's password: `poststack reset-password "
                + service + takeOverFlag + "` sets its superuser's (and schema owner's) password to this"
                + " checkout's secrets; the old ones stop working"
                + "\n  - start over without its data: `poststack down --volumes" + takeOverFlag + "` deletes it"
                + "\n  - keep both: give this checkout a project name of its own (unset POSTSTACK_PROJECT or pass"
                + " `--project NAME`)";
    }

    Optional<InspectVolumeResponse> inspectVolume(String name) {
        try {
            return Optional.of(context.docker().inspectVolumeCmd(name).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
