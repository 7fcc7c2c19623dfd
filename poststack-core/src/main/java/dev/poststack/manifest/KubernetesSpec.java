package dev.poststack.manifest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code kubernetes} section: what {@code poststack export kubernetes} needs beyond the services themselves.
 *
 * @param namespace the namespace every exported object is put in; empty: the one {@code kubectl} uses
 * @param clusters  per database service, how its CloudNativePG {@code Cluster} differs from the defaults; a
 *                  database service not named here gets {@link Cluster#DEFAULTS}
 */
public record KubernetesSpec(Optional<String> namespace, Map<String, Cluster> clusters) {

    /** No {@code kubernetes:} section. */
    public static final KubernetesSpec NONE = new KubernetesSpec(Optional.empty(), Map.of());

    public KubernetesSpec {
        clusters = OrderedMaps.copyOf(clusters);
    }

    /** The settings of the database service {@code service}'s {@code Cluster}. */
    public Cluster cluster(String service) {
        return clusters.getOrDefault(service, Cluster.DEFAULTS);
    }

    /**
     * One database service as a CloudNativePG {@code Cluster}.
     *
     * @param instances    PostgreSQL instances (one primary, the rest streaming replicas)
     * @param storage      each instance's volume size, as a Kubernetes quantity ({@code 10Gi})
     * @param storageClass the storage class of those volumes; empty: the cluster's default
     * @param preload      {@code shared_preload_libraries}: CloudNativePG writes the server's configuration itself,
     *                     so what the image's entrypoint would preload must be said here
     * @param postgresUid  the uid (and gid) of the image's {@code postgres} user, which CloudNativePG runs as
     * @param major        the image's PostgreSQL major version: CloudNativePG reads it from an image tag (which a
     *                     digest reference has none of) or from an {@code ImageCatalog}, which the export writes
     * @param pooler       a PgBouncer {@code Pooler} in front of the primary, when asked for
     */
    public record Cluster(int instances, String storage, Optional<String> storageClass, List<String> preload,
                          int postgresUid, int major, Optional<Pooler> pooler) {

        /** What poststack's postgres image needs: its entrypoint's preloads, its fixed uid 999, PostgreSQL 17. */
        public static final List<String> DEFAULT_PRELOAD = List.of("pg_cron", "pg_squeeze", "pg_stat_statements");
        public static final int DEFAULT_POSTGRES_UID = 999;
        /** poststack's postgres image: PostgreSQL 17 from Debian trixie. */
        public static final int DEFAULT_MAJOR = 17;
        public static final String DEFAULT_STORAGE = "1Gi";
        public static final Cluster DEFAULTS = new Cluster(1, DEFAULT_STORAGE, Optional.empty(), DEFAULT_PRELOAD,
                DEFAULT_POSTGRES_UID, DEFAULT_MAJOR, Optional.empty());

        public Cluster {
            preload = List.copyOf(preload);
        }
    }

    /**
     * A CloudNativePG {@code Pooler} (PgBouncer) for the primary.
     *
     * @param instances PgBouncer pods
     * @param mode      PgBouncer's pool mode
     */
    public record Pooler(int instances, PoolMode mode) {
    }

    /** PgBouncer's {@code pool_mode}s that CloudNativePG offers. */
    public enum PoolMode {
        SESSION, TRANSACTION;

        /** As written in the manifest and in the {@code Pooler}: {@code transaction}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
