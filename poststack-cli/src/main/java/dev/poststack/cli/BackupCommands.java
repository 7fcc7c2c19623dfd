package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.api.BackupSet;
import dev.poststack.api.BackupType;
import dev.poststack.api.DrillResult;
import dev.poststack.api.PoststackException;
import dev.poststack.api.RestoreOptions;
import dev.poststack.api.RestoreResult;
import dev.poststack.backup.RestorePlan;
import dev.poststack.report.RunConsole;
import dev.poststack.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code backup}, {@code backups}, {@code restore}, {@code drop-restored}, {@code drill}: pgBackRest for a database service. */
final class BackupCommands {

    private BackupCommands() {
    }

    private static ObjectNode document(String command, Poststack poststack, String service) {
        ObjectNode document = JsonOutput.document(command);
        document.put("project", poststack.projectName());
        document.put("service", service);
        return document;
    }

    static ObjectNode set(BackupSet set) {
        ObjectNode out = JsonOutput.MAPPER.createObjectNode();
        out.put("label", set.label());
        out.put("type", set.type().text());
        out.put("startedAt", set.started().toString());
        out.put("stoppedAt", set.stopped().toString());
        out.put("databaseBytes", set.databaseBytes());
        out.put("repositoryBytes", set.repositoryBytes());
        out.put("walStart", set.walStart());
        out.put("walStop", set.walStop());
        out.put("prior", set.prior().orElse(null));
        out.put("repository", set.repository());
        return out;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Makes a pgBackRest backup of the running database service (`database.backup` in the manifest).",
                    "pgBackRest's expire then applies the manifest's retention."})
    static final class Backup implements Callable<Integer> {

        @Option(names = "--type", paramLabel = "TYPE", description = "full (default), diff or incr.")
        String type = "full";

        @Mixin
        BackupServiceOption service = new BackupServiceOption();

        @ParentCommand
        Main main;

        @Override
        public Integer call() throws InterruptedException {
            BackupType backupType;
            try {
                backupType = BackupType.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw PoststackException.invalidInput("--type `" + type + "` is not a backup type\nfix: write --type"
                        + " full, diff (changes since the last full) or incr (since the last backup)");
            }
            try (Poststack poststack = main.globals.open()) {
                String target = service.of(poststack);
                long start = System.nanoTime();
                BackupSet made = poststack.backup(target, backupType, main.globals.progress()::println);
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (main.globals.json) {
                    ObjectNode document = document("backup", poststack, target);
                    document.set("backup", set(made));
                    document.put("tookMillis", millis);
                    JsonOutput.print(document);
                    return 0;
                }
                System.out.println(target + ": " + made.type().text() + " backup " + made.label() + " in "
                        + String.format(Locale.ROOT, "%.1f s", millis / 1000.0) + ", " + mib(made.databaseBytes())
                        + " of data, " + mib(made.repositoryBytes()) + " added to the repository");
                return 0;
            }
        }
    }

    @Command(name = "backups", mixinStandardHelpOptions = true,
            description = "Lists the backups in the database service's pgBackRest repository: type, times, sizes, WAL range.")
    static final class Backups implements Callable<Integer> {

        @Mixin
        BackupServiceOption service = new BackupServiceOption();

        @ParentCommand
        Main main;

        @Override
        public Integer call() throws InterruptedException {
            try (Poststack poststack = main.globals.open()) {
                String target = service.of(poststack);
                List<BackupSet> sets = poststack.backups(target);
                if (main.globals.json) {
                    ObjectNode document = document("backups", poststack, target);
                    ArrayNode backups = document.putArray("backups");
                    sets.forEach(s -> backups.add(set(s)));
                    JsonOutput.print(document);
                    return 0;
                }
                if (sets.isEmpty()) {
                    System.out.println(target + ": no backups yet (`poststack backup` makes one)");
                    return 0;
                }
                TextTable table = TextTable.withColumns("LABEL", "TYPE", "STARTED", "TOOK", "DATA", "REPOSITORY",
                        "WAL");
                for (BackupSet s : sets) {
                    table.row(s.label(), s.type().text(), s.started().toString(),
                            (s.stopped().getEpochSecond() - s.started().getEpochSecond()) + " s", mib(s.databaseBytes()),
                            mib(s.repositoryBytes()), s.walStart() + " - " + s.walStop());
                }
                System.out.print(table.render());
                return 0;
            }
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Restores the database service from its pgBackRest backups, optionally to a point in time.",
                    "In place the service is stopped, its old data kept aside until the restored server passed its health and verify checks (then removed; on failure put back); with --to a new service is made beside the running one."})
    static final class Restore implements Callable<Integer> {

        @Option(names = "--set", paramLabel = "LABEL", description = "The backup set (`poststack backups`); alone, the database as that backup holds it.")
        String set;

        @Option(names = "--target-time", paramLabel = "T", description = "Replay WAL up to this time (ISO-8601 with an offset, or as psql prints now()), then promote.")
        String targetTime;

        @Option(names = "--target-lsn", paramLabel = "L", description = "Replay WAL up to this position (e.g. 0/3000060), then promote.")
        String targetLsn;

        @Option(names = "--to", paramLabel = "NEW_SERVICE", description = "Restore into a new service beside the running one (its own data volume, random ports).")
        String to;

        @Mixin
        BackupServiceOption service = new BackupServiceOption();

        @ParentCommand
        Main main;

        @Override
        public Integer call() throws InterruptedException {
            RestoreOptions options = RestoreOptions.latest();
            if (targetTime != null && targetLsn != null) {
                throw PoststackException.invalidInput("give one recovery target: --target-time or --target-lsn, not both");
            }
            if (set != null) {
                options = options.withSet(set);
            }
            if (targetTime != null) {
                options = options.withTargetTime(RestorePlan.parseTime(targetTime));
            }
            if (targetLsn != null) {
                options = options.withTargetLsn(RestorePlan.checkLsn(targetLsn));
            }
            if (to != null) {
                options = options.to(to);
            }
            try (Poststack poststack = main.globals.open()) {
                String target = service.of(poststack);
                RestoreResult result = poststack.restore(target, options, main.globals.progress()::println);
                if (main.globals.json) {
                    ObjectNode document = document("restore", poststack, result.service());
                    document.put("from", result.from());
                    document.put("set", result.set());
                    document.put("targetTime", options.targetTime().map(Object::toString).orElse(null));
                    document.put("targetLsn", options.targetLsn().orElse(null));
                    document.put("beside", to != null);
                    document.put("restoreMillis", result.restoreTook().toMillis());
                    document.put("recoveryMillis", result.recoveryTook().toMillis());
                    document.put("checksPassed", result.checksPassed());
                    document.set("connect", ApiJson.access(result.database()));
                    JsonOutput.print(document);
                    return 0;
                }
                System.out.println(result.service() + ": restored backup " + result.set() + " of " + result.from()
                        + options.targetTime().map(t -> " to " + t).orElse("")
                        + options.targetLsn().map(l -> " to " + l).orElse("")
                        + String.format(Locale.ROOT, " (restore %.1f s, recovery and checks %.1f s, %d checks passed)",
                        result.restoreTook().toMillis() / 1000.0, result.recoveryTook().toMillis() / 1000.0,
                        result.checksPassed()));
                System.out.println(result.service() + ": " + RunConsole.psql(result.database()) + "   JDBC "
                        + result.database().jdbcUrl());
                return 0;
            }
        }
    }

    @Command(name = "drop-restored", mixinStandardHelpOptions = true,
            description = "Removes a service `restore --to` made: its container and its data volume (the repository stays).")
    static final class DropRestored implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "The service --to named.")
        String name;

        @Option(names = "--service", paramLabel = "SERVICE", description = "The database service it was restored from.")
        String service;

        @ParentCommand
        Main main;

        @Override
        public Integer call() {
            try (Poststack poststack = main.globals.open()) {
                String target = service != null ? service : poststack.backupService();
                if (poststack.databaseServices().contains(name) || name.equals(target)) {
                    throw PoststackException.invalidInput("`" + name + "` is a service of the manifest, not a restored"
                            + " copy\nfix: name the service `restore --to` made");
                }
                poststack.removeRestored(target, name);
                if (main.globals.json) {
                    JsonOutput.print(document("drop-restored", poststack, target).put("removed", name));
                    return 0;
                }
                System.out.println("removed " + name);
                return 0;
            }
        }
    }

    @Command(name = "drill", mixinStandardHelpOptions = true,
            description = {"A restore drill: writes rows, makes a full backup, writes more, notes the time, writes more, restores to that time beside the service and compares every table.",
                    "Prints the result table; exits 1 when any table differs."})
    static final class Drill implements Callable<Integer> {

        @Mixin
        BackupServiceOption service = new BackupServiceOption();

        @ParentCommand
        Main main;

        @Override
        public Integer call() throws InterruptedException {
            try (Poststack poststack = main.globals.open()) {
                String target = service.of(poststack);
                DrillResult result = poststack.drill(target, main.globals.progress()::println);
                if (main.globals.json) {
                    ObjectNode document = document("drill", poststack, target);
                    document.put("database", result.database());
                    document.put("target", result.target().toString());
                    document.put("backup", result.backup());
                    document.put("passed", result.passed());
                    document.put("tookMillis", result.took().toMillis());
                    ArrayNode tables = document.putArray("tables");
                    for (DrillResult.Table t : result.tables()) {
                        tables.addObject().put("table", t.name()).put("rowsAtTarget", t.rowsAtTarget())
                                .put("rowsRestored", t.rowsRestored()).put("same", t.same());
                    }
                    JsonOutput.print(document);
                    return result.passed() ? 0 : 1;
                }
                TextTable table = TextTable.withColumns("TABLE", "ROWS AT TARGET", "ROWS RESTORED", "CONTENT");
                for (DrillResult.Table t : result.tables()) {
                    table.row(t.name(), count(t.rowsAtTarget()), count(t.rowsRestored()), t.same() ? "same" : "DIFFERENT");
                }
                System.out.print(table.render());
                long differ = result.tables().stream().filter(t -> !t.same()).count();
                System.out.println(target + ": drill " + (result.passed() ? "passed" : "FAILED") + ": restored "
                        + result.database() + " to " + result.target() + " from backup " + result.backup() + "; "
                        + result.tables().size() + " tables compared, " + differ + " differ ("
                        + String.format(Locale.ROOT, "%.1f s", result.took().toMillis() / 1000.0) + ")");
                return result.passed() ? 0 : 1;
            }
        }

        private static String count(long rows) {
            return rows < 0 ? "(missing)" : String.valueOf(rows);
        }
    }
}
