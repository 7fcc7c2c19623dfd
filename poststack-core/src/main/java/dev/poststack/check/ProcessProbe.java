package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;

import java.util.List;

/** A process of that name runs in the container, as that user when one is named. */
record ProcessProbe(CheckSpec.Process spec) implements LookProbe {

    @Override
    public List<String> look() {
        return CheckContext.shell(ProcessTable.LIST_SCRIPT);
    }

    @Override
    public Observation read(ExecResult result) {
        if (!result.succeeded()) {
            return Observation.failed(result.failure("listing processes"));
        }
        ProcessTable table = ProcessTable.parse(result.stdout());
        List<ProcessTable.Entry> named = table.named(spec.name());
        if (named.isEmpty()) {
            return Observation.failed("no process named " + spec.name() + " (running: " + Texts.listOrNone(table.names()) + ")");
        }
        if (spec.user().isEmpty()) {
            return Observation.passed(spec.name() + " runs as " + table.userOf(named.get(0)));
        }
        String user = spec.user().get();
        return named.stream().filter(p -> table.runsAs(p, user)).findFirst()
                .map(p -> Observation.passed(spec.name() + " runs as " + table.userOf(p)))
                .orElseGet(() -> Observation.failed(spec.name() + " runs as "
                        + String.join(", ", named.stream().map(table::userOf).distinct().toList()) + ", not as " + user));
    }

    @Override
    public String expected() {
        return "a process named " + spec.name() + spec.user().map(user -> " running as " + user).orElse("");
    }

    @Override
    public String describe() {
        return "process " + spec.name() + spec.user().map(user -> " as " + user).orElse("");
    }
}
