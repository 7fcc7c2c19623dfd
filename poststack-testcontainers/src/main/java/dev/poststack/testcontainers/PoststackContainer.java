package dev.poststack.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.ServiceSettings;
import dev.poststack.clone.DatabaseCopies;
import dev.poststack.clone.DatabaseCopy;
import dev.poststack.testing.StackBuilder;
import dev.poststack.testing.TestProjects;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.utility.DockerImageName;

import java.util.Map;
import java.util.Optional;

/**
 * A Testcontainers container of a poststack service: its image, environment, secrets and ports from
 * {@code images.yaml}, and a {@link PoststackWaitStrategy}, so it is ready exactly when {@code verify-db}
 * would say so. Ports are published on 127.0.0.1 only.
 * <pre>{@code
 * @Testcontainers
 * class RepositoryTest {
 *     static final Poststack POSTSTACK = Poststack.open(Path.of("images.yaml"));
 *
 *     @Container
 *     static final PoststackContainer DB = PoststackContainer.of(POSTSTACK, "db");
 *
 *     @Test
 *     void answers() throws SQLException {
 *         try (Connection c = DriverManager.getConnection(DB.database().jdbcUrl(), DB.database().user(),
 *                 DB.database().password())) { ... }
 *     }
 * }
 * }</pre>
 * {@link #start()} first builds the service's image and its parents when they are missing or out of date (as
 * {@code poststack build-images} would, progress on stderr), so Testcontainers never tries to pull it. Works with Ryuk
 * enabled or disabled: the container is labelled as a poststack test stack of this JVM, so when Ryuk is off
 * and the JVM is killed, the next poststack test run removes it.
 */
public class PoststackContainer extends GenericContainer<PoststackContainer> {

    private final Poststack poststack;
    private final ServiceSettings settings;
    /** True while {@link #start()} runs: an exit then is a failed start ({@link #noteEarlyExit}). */
    private volatile boolean launching;
    /** The checks' story of a container that exited while it was being started, if one did. */
    private volatile String earlyExit;
    /** Made on the first {@link #freshDatabase()}. */
    private DatabaseCopies copies;

    protected PoststackContainer(Poststack poststack, ServiceSettings settings) {
        super(DockerImageName.parse(settings.image()));
        this.poststack = poststack;
        this.settings = settings;
        withImagePullPolicy(image -> false);
        withEnv(settings.env());
        settings.ports().forEach(port -> addExposedPort(port));
        withLabels(settings.labels());
        withCreateContainerCmdModifier(cmd -> {
            // Testcontainers publishes every port on all interfaces; poststack publishes on loopback only. Every
            // exposed port, the service's and any a test adds (withExposedPorts): Testcontainers waits for all.
            Ports requested = cmd.getHostConfig().getPortBindings();
            Ports bindings = new Ports();
            for (ExposedPort port : cmd.getExposedPorts()) {
                Ports.Binding[] asked = requested == null ? null : requested.getBindings().get(port);
                String hostPort = asked == null || asked.length == 0 ? null : asked[0].getHostPortSpec();
                bindings.bind(port, new Ports.Binding("127.0.0.1", hostPort));
            }
            cmd.getHostConfig().withPublishAllPorts(false).withPortBindings(bindings);
        });
        waitingFor(new PoststackWaitStrategy(poststack, settings.service()));
        withLogConsumer(this::noteEarlyExit);
    }

    /** A container of {@code service} of the manifest {@code poststack} opened. */
    public static PoststackContainer of(Poststack poststack, String service) {
        return new PoststackContainer(poststack, poststack.serviceSettings(service, TestProjects.forThisJvm("tc")));
    }

    /**
     * Builds the service's image where it is missing or out of date (cached images cost a fraction of a second),
     * then starts the container as Testcontainers does.
     *
     * @throws dev.poststack.api.PoststackException when the image does not build, naming the command that shows why
     */
    @Override
    public void start() {
        try {
            StackBuilder.buildMissing(poststack, java.util.List.of(settings.service()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the image of " + settings.service(), e);
        }
        launching = true;
        earlyExit = null;
        try {
            super.start();
        } catch (RuntimeException e) {
            throw exitedAtOnce(e).orElseThrow(() -> e);
        } finally {
            launching = false;
        }
    }

    /**
     * A container that exits within milliseconds is gone from Testcontainers' view before it first sees the ports
     * published: Testcontainers then waits 5 s for them and fails with a timeout about ports (thrown as it is, not as
     * a launch failure; the container may be gone by then), without reaching the wait strategy, whose checks say why
     * a container stopped. So the checks ran the moment such a container's output ended ({@link #noteEarlyExit}), and
     * their story (exit code, last log lines) is the failure's root cause; a failure the wait strategy itself
     * reported is thrown as it is.
     */
    private Optional<ContainerLaunchException> exitedAtOnce(RuntimeException failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String story = earlyExit;
        if (root instanceof ContainerLaunchException || story == null) {
            return Optional.empty();
        }
        ContainerLaunchException reason = new ContainerLaunchException(story);
        reason.addSuppressed(failure);
        return Optional.of(new ContainerLaunchException("Container startup failed for image " + getDockerImageName(), reason));
    }

    /**
     * While the container is being started, the end of its output means it exited: its checks run at once, while
     * the container is still there, and the first failure's story is kept for {@link #exitedAtOnce}. Testcontainers
     * follows the output from right after the start, before it waits for the ports.
     */
    private void noteEarlyExit(OutputFrame frame) {
        String id = getContainerId();
        if (frame.getType() != OutputFrame.OutputType.END || !launching || id == null) {
            return;
        }
        try {
            poststack.check(settings.service(), id, Map.of()).stream().filter(r -> !r.passed()).findFirst()
                    .ifPresent(r -> earlyExit = r.failureMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // only the better message is lost: Testcontainers' own failure is thrown then
        }
    }

    /**
     * With Testcontainers' reuse ({@code withReuse(true)} and {@code testcontainers.reuse.enable=true}) the
     * container is labelled as one stable project instead of this JVM's: Testcontainers finds it by the hash
     * of its configuration, which must not change from run to run, and the dead-JVM cleanup leaves it alone.
     */
    @Override
    protected void configure() {
        super.configure();
        if (isShouldBeReused() && org.testcontainers.utility.TestcontainersConfiguration.getInstance().environmentSupportsReuse()) {
            withLabel(PROJECT_LABEL, "pstest-tcreuse-" + settings.service());
        }
    }

    private static final String PROJECT_LABEL = "dev.poststack.project";

    /** Secrets go in after the container is created and before it starts, as {@code poststack up} does. */
    @Override
    protected void containerIsCreated(String containerId) {
        super.containerIsCreated(containerId);
        poststack.placeSecrets(settings.service(), containerId);
    }

    /** Once the container passed its checks, stacks of dead test JVMs are removed in the background. */
    @Override
    protected void containerIsStarted(InspectContainerResponse containerInfo) {
        super.containerIsStarted(containerInfo);
        TestProjects.removeAbandonedInBackground(poststack);
    }

    /** How to reach the service's database from the host (for a service with a {@code database:} block). */
    public DatabaseAccess database() {
        return poststack.database(settings.service(), PoststackWaitStrategy.ports(this));
    }

    /**
     * A fresh database for one test: a copy of this container's database as it is at the first call (migrate it
     * first), made from a template in milliseconds, with copies prepared ahead on a background thread. Closing
     * it drops the copy. Thread-safe, so parallel tests each get their own.
     * <pre>{@code
     * try (DatabaseCopy db = DB.freshDatabase()) {
     *     DataSource source = db.dataSource(); // its first connection is open already
     * }
     * }</pre>
     */
    public DatabaseCopy freshDatabase() {
        DatabaseCopies prepared;
        synchronized (this) {
            if (copies == null) {
                DatabaseAccess database = database();
                DatabaseCopies.snapshot(database, database.database());
                copies = DatabaseCopies.from(database, database).prepare();
            }
            prepared = copies;
        }
        try {
            return prepared.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a fresh database", e);
        }
    }

    /** The copies' pool goes with the container. */
    @Override
    public void stop() {
        synchronized (this) {
            if (copies != null) {
                copies.close();
                copies = null;
            }
        }
        super.stop();
    }

    /** The service's name. */
    public String service() {
        return settings.service();
    }
}
