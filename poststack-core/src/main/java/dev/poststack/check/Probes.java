package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;

/** The probe for each kind of check. */
final class Probes {

    private Probes() {
    }

    /**
     * A new probe for {@code spec}. Java 17 has no pattern switch; {@code ProbesTest} checks that every
     * permitted kind of {@link CheckSpec} has a probe.
     */
    static Probe of(CheckSpec spec) {
        if (spec instanceof CheckSpec.Tcp tcp) {
            return new TcpProbe(tcp);
        } else if (spec instanceof CheckSpec.Sql sql) {
            return new SqlProbe(sql);
        } else if (spec instanceof CheckSpec.Http http) {
            return new HttpProbe(http);
        } else if (spec instanceof CheckSpec.Healthcheck) {
            return new HealthcheckProbe();
        } else if (spec instanceof CheckSpec.Log log) {
            return new LogProbe(log);
        } else if (spec instanceof CheckSpec.Exec exec) {
            return new ExecProbe(exec);
        } else if (spec instanceof CheckSpec.File file) {
            return new FileProbe(file);
        } else if (spec instanceof CheckSpec.Process process) {
            return new ProcessProbe(process);
        } else if (spec instanceof CheckSpec.Port port) {
            return new PortProbe(port);
        } else if (spec instanceof CheckSpec.Extension extension) {
            return new ExtensionProbe(extension);
        } else if (spec instanceof CheckSpec.Setting setting) {
            return new SettingProbe(setting);
        }
        throw new IllegalArgumentException("no probe for " + spec.kind() + " checks");
    }
}
