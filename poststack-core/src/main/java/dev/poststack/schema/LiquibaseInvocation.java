package dev.poststack.schema;

import dev.poststack.api.DatabaseTls;
import dev.poststack.api.SchemaOptions;
import dev.poststack.manifest.SchemaSpec;
import dev.poststack.manifest.ServiceSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The arguments and the defaults file of one Liquibase command. Connection settings, the password among
 * them, live in the defaults file (placed at {@code /run/secrets/liquibase.properties}, mode 0400), so
 * neither {@code ps} in the container nor {@code docker inspect} shows them.
 */
record LiquibaseInvocation(List<String> arguments, Map<String, String> secretFiles) {

    static final String DEFAULTS_FILE = "liquibase.properties";
    /** Where the manifest's CA certificate is placed in the Liquibase container, for verify-ca and verify-full. */
    static final String CA_FILE = "poststack-tls-ca.crt";

    static LiquibaseInvocation of(String command, SchemaSpec spec, String url, String user, String password,
                                  SchemaOptions options) {
        List<String> args = new ArrayList<>();
        args.add("--defaults-file=" + ServiceSpec.secretPath(DEFAULTS_FILE));
        args.addAll(LiquibaseProperties.QUIET);
        args.add(command);
        options.contexts().ifPresent(c -> args.add("--contexts=" + c));
        options.labels().ifPresent(l -> args.add("--label-filter=" + l));
        String properties = "# written by poststack for one run; removed with the container\n"
                + LiquibaseProperties.line("changelog-file", spec.master()) + "\n"
                + LiquibaseProperties.line("search-path", spec.imagePath()) + "\n"
                + "url: " + escape(url) + "\n"
                + "username: " + escape(user) + "\n"
                + "password: " + escape(password) + "\n";
        Map<String, String> files = new LinkedHashMap<>();
        files.put(DEFAULTS_FILE, properties);
        return new LiquibaseInvocation(List.copyOf(args), files);
    }

    /**
     * The same command over TLS: the URL gets pgjdbc's {@code sslmode} (and {@code sslrootcert}, the CA copied
     * into the container next to the defaults file, read from the host by {@code readCa}).
     */
    LiquibaseInvocation withTls(Optional<DatabaseTls> tls, Function<Path, String> readCa) {
        if (tls.isEmpty()) {
            return this;
        }
        Map<String, String> files = new LinkedHashMap<>(secretFiles);
        tls.get().rootCertificate().ifPresent(ca -> files.put(CA_FILE, readCa.apply(ca)));
        DatabaseTls inContainer = tls.get().withRootCertificate(Path.of(ServiceSpec.secretPath(CA_FILE)));
        String properties = files.get(DEFAULTS_FILE).lines().map(line -> line.startsWith("url: ")
                ? line + (line.contains("?") ? "&" : "?") + escape(inContainer.urlParameters()) : line)
                .collect(Collectors.joining("\n", "", "\n"));
        files.put(DEFAULTS_FILE, properties);
        return new LiquibaseInvocation(arguments, files);
    }

    static String escape(String value) {
        return LiquibaseProperties.escape(value);
    }
}
