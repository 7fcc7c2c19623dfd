package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A path exists in the container, with the type, mode and owner the check names. */
record FileProbe(CheckSpec.File spec) implements LookProbe {

    @Override
    public List<String> look() {
        return List.of("stat", "-c", FileStatus.STAT_FORMAT, "--", spec.path());
    }

    @Override
    public Observation read(ExecResult result) {
        if (!result.succeeded()) {
            String error = result.output().strip();
            return Observation.failed(error.contains("No such file or directory") ? "no such file or directory"
                    : result.failure("stat"));
        }
        Optional<FileStatus> status = FileStatus.parse(result.stdout());
        if (status.isEmpty()) {
            return Observation.failed("unreadable stat output " + Texts.quote(result.stdout()));
        }
        FileStatus file = status.get();
        boolean passed = spec.type().map(file::isOfType).orElse(true)
                && spec.mode().map(file::hasMode).orElse(true)
                && spec.owner().map(file::isOwnedBy).orElse(true);
        return passed ? Observation.passed(file.describe()) : Observation.failed(file.describe());
    }

    @Override
    public String expected() {
        List<String> parts = new ArrayList<>();
        parts.add(spec.type().map(type -> type.equals("file") ? "a regular file" : "a " + type).orElse("a path"));
        spec.mode().ifPresent(mode -> parts.add("mode " + mode));
        spec.owner().ifPresent(owner -> parts.add("owner " + owner));
        return String.join(", ", parts);
    }

    @Override
    public String describe() {
        return "file " + spec.path() + spec.type().map(t -> " type " + t).orElse("")
                + spec.mode().map(m -> " mode " + m).orElse("") + spec.owner().map(o -> " owner " + o).orElse("");
    }
}
