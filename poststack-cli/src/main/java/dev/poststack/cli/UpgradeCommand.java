package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.api.UpgradeMode;
import dev.poststack.api.UpgradeOptions;
import dev.poststack.api.UpgradeResult;
import dev.poststack.report.RunConsole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code upgrade --to N}: a database service's data moved to a new PostgreSQL major with pg_upgrade. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = {"Moves the database service's data to the PostgreSQL major its `image:` runs, with pg_upgrade"
                + " (`database.upgrade` in the manifest names the old image and the upgrade image).",
                "Refused before anything stops when it cannot work (extensions the new major lacks, columns pg_upgrade"
                        + " refuses, no room); the old cluster is kept aside on the volume until the new server passed"
                        + " the service's checks, and put back when it fails."})
final class UpgradeCommand implements Callable<Integer> {

    @Option(names = "--to", required = true, paramLabel = "MAJOR", description = "The major version to move to, e.g. 18.")
    int to;

    @Option(names = "--mode", paramLabel = "MODE", description = "pg_upgrade's mode: link, clone or copy (default: clone where the volume's file system has reflinks, else link).")
    String mode;

    @Option(names = "--service", paramLabel = "SERVICE", description = "The database service (default: the one with `database.upgrade`).")
    String service;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws InterruptedException {
        UpgradeOptions options = UpgradeOptions.to(to);
        if (mode != null) {
            options = options.withMode(UpgradeMode.of(mode));
        }
        try (Poststack poststack = main.globals.open()) {
            String target = service != null ? service : poststack.upgradeService();
            UpgradeResult r = poststack.upgrade(target, options, main.globals.progress()::println);
            if (main.globals.json) {
                ObjectNode document = JsonOutput.document("upgrade");
                document.put("project", poststack.projectName());
                document.put("service", r.service());
                document.put("fromMajor", r.fromMajor());
                document.put("toMajor", r.toMajor());
                document.put("mode", r.mode().text());
                document.put("upgradeMillis", r.upgradeTook().toMillis());
                document.put("downtimeMillis", r.downtime().toMillis());
                document.put("checksPassed", r.checksPassed());
                ArrayNode updated = document.putArray("extensionsUpdated");
                r.extensionsUpdated().forEach(updated::add);
                ArrayNode kept = document.putArray("extensionsKept");
                r.extensionsKept().forEach(kept::add);
                document.put("statisticsMillis", r.statisticsTook().toMillis());
                document.set("connect", ApiJson.access(r.database()));
                JsonOutput.print(document);
                return 0;
            }
            System.out.println(String.format(Locale.ROOT, "%s: upgraded PostgreSQL %d to %d (--%s): pg_upgrade %.1f s,"
                            + " downtime %.1f s, %d checks passed, statistics %.1f s", r.service(), r.fromMajor(),
                    r.toMajor(), r.mode().text(), r.upgradeTook().toMillis() / 1000.0, r.downtime().toMillis() / 1000.0,
                    r.checksPassed(), r.statisticsTook().toMillis() / 1000.0));
            r.extensionsUpdated().forEach(u -> System.out.println(r.service() + ": extension updated " + u));
            r.extensionsKept().forEach(k -> System.out.println(r.service() + ": extension kept " + k));
            System.out.println(r.service() + ": " + RunConsole.psql(r.database()) + "   JDBC " + r.database().jdbcUrl());
            return 0;
        }
    }
}
