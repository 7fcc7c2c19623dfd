package dev.poststack.upgrade;

import dev.poststack.api.PoststackException;
import dev.poststack.api.UpgradeMode;
import dev.poststack.api.UpgradeOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Whether and how a service's data can move to a new major with pg_upgrade, decided before the service stops: the
 * volume's cluster, the images' majors, the extensions installed against what the new major packages, columns
 * pg_upgrade refuses, the mode and the room it needs. Every refusal is an {@code INVALID_INPUT} saying what and how
 * to fix it; a refused upgrade has changed nothing.
 *
 * @param fromMajor the volume's major
 * @param toMajor   the major it moves to
 * @param mode      pg_upgrade's mode
 * @param neededKb  the room the upgrade needs on the volume
 */
public record UpgradePlan(int fromMajor, int toMajor, UpgradeMode mode, long neededKb) {

    /** initdb's new cluster, pg_upgrade's schema dumps and logs, and the first WAL: room for them in any mode. */
    static final long MARGIN_KB = 256L * 1024;

    /**
     * What the plan is made from.
     *
     * @param service        the service's name
     * @param image          the service's {@code image:} and the major it runs (empty: not a PostgreSQL image)
     * @param fromImage      {@code database.upgrade.from} and its major
     * @param facts          the volume as {@code poststack-upgrade inspect} saw it
     * @param extensions     the extensions installed, in every database
     * @param oidColumns     columns pg_upgrade refuses
     */
    public record Inputs(String service, Image image, Image fromImage, VolumeFacts facts,
                         List<ClusterInventory.Installed> extensions, List<ClusterInventory.OidColumn> oidColumns) {
    }

    /** A manifest image and the PostgreSQL major it runs (its {@code PG_MAJOR}); empty when it has none. */
    public record Image(String name, Optional<Integer> major) {
    }

    /** @throws PoststackException {@code INVALID_INPUT} when the upgrade is refused */
    public static UpgradePlan check(Inputs in, UpgradeOptions options) {
        int to = options.toMajor();
        VolumeFacts facts = in.facts();
        String service = "service `" + in.service() + "`";
        int version = facts.version().orElseThrow(() -> PoststackException.invalidInput(service + ": its data volume"
                + " holds no cluster yet, so there is nothing to upgrade\nfix: `poststack up " + in.service()
                + "` makes a PostgreSQL " + in.image().major().map(String::valueOf).orElse("") + " cluster directly"));
        if (version == to) {
            throw PoststackException.invalidInput(service + " is already on PostgreSQL " + to + "; nothing to upgrade");
        }
        if (version > to) {
            throw PoststackException.invalidInput(service + ": its data is PostgreSQL " + version + ", newer than " + to
                    + "; pg_upgrade only moves data to a newer major\nfix: restore a dump into a PostgreSQL " + to
                    + " service instead");
        }
        int imageMajor = in.image().major().orElseThrow(() -> PoststackException.invalidInput(service + ": its image `"
                + in.image().name() + "` is not a PostgreSQL image of poststack's (no PG_MAJOR)\nfix: upgrade a service"
                + " that runs postgres18 (the catalog's), or an image built on it"));
        if (imageMajor != to) {
            throw PoststackException.invalidInput(service + ": its image `" + in.image().name() + "` runs PostgreSQL "
                    + imageMajor + ", not " + to + "\nfix: set the service's `image:` to the PostgreSQL " + to + " image"
                    + " (e.g. `postgres18: {catalog: postgres18}` under `images:`) and `database.upgrade.from` to the"
                    + " PostgreSQL " + version + " one it ran before, then `poststack build-images` and run the upgrade"
                    + " again");
        }
        if (in.fromImage().major().orElse(-1) != version) {
            throw PoststackException.invalidInput(service + ": `database.upgrade.from` names `" + in.fromImage().name()
                    + "`, which runs " + in.fromImage().major().map(m -> "PostgreSQL " + m).orElse("no PostgreSQL")
                    + ", but the volume holds PostgreSQL " + version + "\nfix: name the image the service ran before"
                    + " (the one that made the volume's data)");
        }
        if (facts.oldMajor() != version || facts.newMajor() != to) {
            throw PoststackException.invalidInput(service + ": the upgrade image moves PostgreSQL " + facts.oldMajor()
                    + " to " + facts.newMajor() + ", and this is " + version + " to " + to + "\nfix: name an upgrade"
                    + " image for these majors in `database.upgrade.image`");
        }
        if (facts.stageLeft()) {
            throw PoststackException.invalidInput(service + ": its volume still holds .poststack-restore/, left by an"
                    + " interrupted restore or upgrade, so nothing is started over it\nfix: look at it in a task"
                    + " container of the image; `poststack-upgrade put-back` there puts back the old data it holds");
        }
        List<String> problems = new ArrayList<>();
        missing(in.extensions(), facts, to).ifPresent(problems::add);
        oidColumns(in.oidColumns()).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw PoststackException.invalidInput(service + " cannot be upgraded to PostgreSQL " + to + " as it is:\n"
                    + String.join("\n", problems) + "\nnothing was stopped or changed");
        }
        UpgradeMode mode = options.mode().orElse(facts.reflink() ? UpgradeMode.CLONE : UpgradeMode.LINK);
        if (mode == UpgradeMode.CLONE && !facts.reflink()) {
            throw PoststackException.invalidInput(service + ": --mode clone needs a file system with reflinks (XFS,"
                    + " Btrfs), and the volume's has none\nfix: use --mode link (seconds; the old cluster is not"
                    + " started again once the new one has run) or --mode copy (the data's size in time and room)");
        }
        long needed = MARGIN_KB + (mode == UpgradeMode.COPY ? facts.usedKb() : facts.usedKb() / 50);
        if (facts.freeKb() < needed) {
            throw PoststackException.invalidInput(String.format(Locale.ROOT, "%s: the upgrade (--mode %s) needs about"
                    + " %d MiB free on the data volume, which has %d MiB free (the cluster takes %d MiB)\nfix: make room"
                    + " on the volume's file system%s", service, mode.text(), needed / 1024, facts.freeKb() / 1024,
                    facts.usedKb() / 1024, mode == UpgradeMode.COPY ? ", or use --mode link" : ""));
        }
        return new UpgradePlan(version, to, mode, needed);
    }

    private static Optional<String> missing(List<ClusterInventory.Installed> extensions, VolumeFacts facts, int to) {
        Map<String, List<String>> where = new TreeMap<>();
        for (ClusterInventory.Installed e : extensions) {
            if (!facts.available().contains(e.name())) {
                where.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e.database());
            }
        }
        if (where.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("- extensions with no PostgreSQL " + to + " package in the image: " + where.entrySet().stream()
                .map(e -> e.getKey() + " (in " + String.join(", ", e.getValue()) + ")").collect(Collectors.joining(", "))
                + "\n  fix: add their PostgreSQL " + to + " packages to the image (a Dockerfile on postgres" + to
                + " and on the upgrade image), or DROP EXTENSION them in those databases first");
    }

    private static Optional<String> oidColumns(List<ClusterInventory.OidColumn> columns) {
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        String list = columns.stream().map(c -> c.database() + ": " + c.column() + " (" + c.type()
                + c.extension().map(e -> ", extension " + e).orElse("") + ")").collect(Collectors.joining(", "));
        boolean age = columns.stream().anyMatch(c -> c.extension().filter("age"::equals).isPresent());
        return Optional.of("- columns of reg* types, which pg_upgrade refuses (the OIDs they hold change): " + list
                + "\n  fix: " + (age ? "Apache AGE keeps its graphs' schemas as regnamespace and this AGE has no"
                + " pg_upgrade support; move the graph databases by dump and restore, or drop the extension (and its"
                + " graphs) first" : "change those columns to text or oid (or drop them), then upgrade"));
    }
}
