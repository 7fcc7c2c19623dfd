package dev.poststack.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Maven artifacts of Jib layers are resolved, where the caller knows better than the user's
 * {@code ~/.m2/settings.xml}: a Maven build hands down its own session (its {@code -o}, {@code -s},
 * {@code -gs} and {@code -Dmaven.repo.local}). What is not set here comes from the settings files as
 * {@code mvn} reads them.
 * <pre>{@code
 * MavenResolution session = MavenResolution.builder().offline(true).localRepository(Path.of("/tmp/repo")).build();
 * }</pre>
 */
public final class MavenResolution {

    private static final MavenResolution USER_SETTINGS = builder().build();

    private final Optional<Path> localRepository;
    private final boolean offline;
    private final Optional<Path> userSettings;
    private final Optional<Path> globalSettings;

    private MavenResolution(Builder builder) {
        this.localRepository = builder.localRepository;
        this.offline = builder.offline;
        this.userSettings = builder.userSettings;
        this.globalSettings = builder.globalSettings;
    }

    /** Everything from the user's settings, as the command line resolves. */
    public static MavenResolution userSettings() {
        return USER_SETTINGS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The local repository to use instead of the settings' (or {@code ~/.m2/repository}). */
    public Optional<Path> localRepository() {
        return localRepository;
    }

    /** Resolve from the local repository only, whatever the settings say. */
    public boolean offline() {
        return offline;
    }

    /** The user settings file to read instead of {@code ~/.m2/settings.xml}. */
    public Optional<Path> userSettingsFile() {
        return userSettings;
    }

    /** The global settings file to read instead of {@code $MAVEN_HOME/conf/settings.xml}. */
    public Optional<Path> globalSettingsFile() {
        return globalSettings;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MavenResolution that && offline == that.offline
                && localRepository.equals(that.localRepository) && userSettings.equals(that.userSettings)
                && globalSettings.equals(that.globalSettings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(localRepository, offline, userSettings, globalSettings);
    }

    @Override
    public String toString() {
        return "MavenResolution[localRepository=" + localRepository + ", offline=" + offline + ", userSettings="
                + userSettings + ", globalSettings=" + globalSettings + "]";
    }

    /** Builds a {@link MavenResolution}; every part is optional. */
    public static final class Builder {
        private Optional<Path> localRepository = Optional.empty();
        private boolean offline;
        private Optional<Path> userSettings = Optional.empty();
        private Optional<Path> globalSettings = Optional.empty();

        private Builder() {
        }

        public Builder localRepository(Path folder) {
            this.localRepository = Optional.ofNullable(folder).map(p -> p.toAbsolutePath().normalize());
            return this;
        }

        public Builder offline(boolean value) {
            this.offline = value;
            return this;
        }

        public Builder userSettingsFile(Path file) {
            this.userSettings = Optional.ofNullable(file).map(p -> p.toAbsolutePath().normalize());
            return this;
        }

        public Builder globalSettingsFile(Path file) {
            this.globalSettings = Optional.ofNullable(file).map(p -> p.toAbsolutePath().normalize());
            return this;
        }

        public MavenResolution build() {
            return new MavenResolution(this);
        }
    }
}
