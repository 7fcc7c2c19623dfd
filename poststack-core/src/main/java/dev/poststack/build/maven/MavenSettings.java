package dev.poststack.build.maven;

import dev.poststack.api.MavenResolution;
import org.apache.maven.model.building.DefaultModelProcessor;
import org.apache.maven.model.io.DefaultModelReader;
import org.apache.maven.model.superpom.DefaultSuperPomProvider;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The user's Maven settings as the resolver needs them, read the way {@code mvn} reads them: the global
 * {@code $MAVEN_HOME/conf/settings.xml} (when {@code MAVEN_HOME} is set) under the user's
 * {@code ~/.m2/settings.xml}, with {@code ${env.X}} and system properties interpolated. Honoured: the local
 * repository, offline, mirrors, proxies, servers' user names and passwords (unencrypted), and the repositories
 * of active profiles, after Maven's default repository (taken from Maven's own super POM; its URL from
 * {@code maven.repo.central} or {@code MAVEN_REPO_CENTRAL} when set, as {@code mvn} 3.10 does).
 * {@code POSTSTACK_MAVEN_OFFLINE=1} forces offline; {@code -Dmaven.repo.local} names the local repository, as for
 * {@code mvn}. A {@link MavenResolution} (a Maven build's own session) comes first.
 */
final class MavenSettings {

    /** Maven Central, where neither {@code maven.repo.central} nor {@code MAVEN_REPO_CENTRAL} says otherwise. */
    static final String CENTRAL = "https://repo.maven.apache.org/maven2";
    /** How Maven 3.10's super POM names Central's URL, left for the model builder to interpolate. */
    private static final String CENTRAL_PROPERTY = "${maven.repo.central}";

    private final Settings settings;
    private final Path localRepository;
    private final boolean offline;
    private final String central;

    private MavenSettings(Settings settings, Path localRepository, boolean offline, String central) {
        this.settings = settings;
        this.localRepository = localRepository;
        this.offline = offline;
        this.central = central;
    }

    static MavenSettings fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, MavenResolution.userSettings());
    }

    /** The settings files {@code maven} names (else the user's and the global one), under what it sets. */
    static MavenSettings fromEnvironment(Map<String, String> env, MavenResolution maven) {
        Path home = Path.of(System.getProperty("user.home"));
        Path user = maven.userSettingsFile().orElse(home.resolve(".m2").resolve("settings.xml"));
        Path global = maven.globalSettingsFile().orElse(
                env.containsKey("MAVEN_HOME") ? Path.of(env.get("MAVEN_HOME"), "conf", "settings.xml") : null);
        boolean forceOffline = maven.offline() || "1".equals(env.get("POSTSTACK_MAVEN_OFFLINE"))
                || "true".equals(env.get("POSTSTACK_MAVEN_OFFLINE"));
        MavenSettings read = read(user, global, home, env, forceOffline);
        Optional<Path> local = maven.localRepository().or(() -> localRepositoryProperty());
        return local.map(read::withLocalRepository).orElse(read);
    }

    /** {@code -Dmaven.repo.local}, as {@code mvn} takes it (a Maven build's JVM, or JAVA_OPTS for the CLI). */
    private static Optional<Path> localRepositoryProperty() {
        String property = System.getProperty("maven.repo.local");
        return property == null || property.isBlank() ? Optional.empty() : Optional.of(Path.of(property));
    }

    MavenSettings withLocalRepository(Path folder) {
        return new MavenSettings(settings, folder, offline, central);
    }

    /**
     * @param user    the user settings file (need not exist)
     * @param global  the global settings file, or null
     * @param home    the home folder, whose {@code .m2/repository} is the default local repository
     */
    static MavenSettings read(Path user, Path global, Path home, Map<String, String> env, boolean forceOffline) {
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest().setUserSettingsFile(user.toFile());
        if (global != null) {
            request.setGlobalSettingsFile(global.toFile());
        }
        Properties system = new Properties();
        system.putAll(System.getProperties());
        env.forEach((k, v) -> system.setProperty("env." + k, v));
        request.setSystemProperties(system);
        Settings settings;
        try {
            settings = new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
        } catch (SettingsBuildingException e) {
            throw new IllegalArgumentException("cannot read the Maven settings " + user + ": " + e.getMessage(), e);
        }
        Path local = settings.getLocalRepository() == null || settings.getLocalRepository().isBlank()
                ? home.resolve(".m2").resolve("repository") : Path.of(settings.getLocalRepository());
        return new MavenSettings(settings, local, forceOffline || settings.isOffline(), central(env));
    }

    /**
     * Central's URL as {@code mvn} 3.10 takes it: the {@code maven.repo.central} system property, else the
     * {@code MAVEN_REPO_CENTRAL} environment variable, else Maven Central.
     */
    static String central(Map<String, String> env) {
        String property = System.getProperty("maven.repo.central");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String variable = env.get("MAVEN_REPO_CENTRAL");
        return variable != null && !variable.isBlank() ? variable : CENTRAL;
    }

    Path localRepository() {
        return localRepository;
    }

    boolean offline() {
        return offline;
    }

    /** The session builder with the local repository, offline mode, mirrors, proxies and credentials applied. */
    RepositorySystemSession.SessionBuilder configure(RepositorySystemSession.SessionBuilder builder) {
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (Mirror m : settings.getMirrors()) {
            mirrors.add(m.getId(), m.getUrl(), m.getLayout(), false, m.isBlocked(), m.getMirrorOf(),
                    m.getMirrorOfLayouts());
        }
        DefaultProxySelector proxies = new DefaultProxySelector();
        for (org.apache.maven.settings.Proxy p : settings.getProxies()) {
            if (p.isActive()) {
                AuthenticationBuilder auth = new AuthenticationBuilder().addUsername(p.getUsername())
                        .addPassword(p.getPassword());
                proxies.add(new Proxy(p.getProtocol(), p.getHost(), p.getPort(), auth.build()), p.getNonProxyHosts());
            }
        }
        DefaultAuthenticationSelector credentials = new DefaultAuthenticationSelector();
        for (Server s : settings.getServers()) {
            credentials.add(s.getId(), new AuthenticationBuilder().addUsername(s.getUsername())
                    .addPassword(s.getPassword()).addPrivateKey(s.getPrivateKey(), s.getPassphrase()).build());
        }
        return builder.withLocalRepositoryBaseDirectories(localRepository)
                .setOffline(offline)
                .setMirrorSelector(mirrors)
                .setProxySelector(proxies)
                .setAuthenticationSelector(credentials)
                .setSystemProperties(System.getProperties());
    }

    /** Maven's default repository (from its super POM), then those of the settings' active profiles. */
    List<RemoteRepository> repositories() {
        Map<String, RemoteRepository> byId = new LinkedHashMap<>();
        for (org.apache.maven.model.Repository r : superPomRepositories()) {
            // The super POM is read, not built, so nothing interpolated the property Maven 3.10 puts there.
            String url = r.getUrl().replace(CENTRAL_PROPERTY, central);
            byId.put(r.getId(), new RemoteRepository.Builder(r.getId(), "default", url).build());
        }
        List<String> active = new ArrayList<>(settings.getActiveProfiles());
        for (Profile profile : settings.getProfiles()) {
            boolean byDefault = profile.getActivation() != null && profile.getActivation().isActiveByDefault();
            if (active.contains(profile.getId()) || byDefault) {
                for (org.apache.maven.settings.Repository r : profile.getRepositories()) {
                    byId.putIfAbsent(r.getId(), new RemoteRepository.Builder(r.getId(),
                            r.getLayout() == null ? "default" : r.getLayout(), r.getUrl()).build());
                }
            }
        }
        return List.copyOf(byId.values());
    }

    private static List<org.apache.maven.model.Repository> superPomRepositories() {
        DefaultModelProcessor processor = new DefaultModelProcessor().setModelReader(new DefaultModelReader());
        return new DefaultSuperPomProvider().setModelProcessor(processor).getSuperModel("4.0.0").getRepositories();
    }
}
