package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;

import java.util.List;

/** The container's output since it started has at least {@code count} lines the pattern finds. */
record LogProbe(CheckSpec.Log spec) implements Probe {

    @Override
    public Observation attempt(CheckContext context) throws InterruptedException {
        List<String> lines = context.container().logLines();
        long matching = lines.stream().filter(line -> spec.pattern().matcher(line).find()).count();
        String seen = matching + " matching " + (matching == 1 ? "line" : "lines") + " of " + lines.size()
                + (lines.isEmpty() ? "" : ", the last line " + Texts.quote(lines.get(lines.size() - 1)));
        return matching >= spec.count() ? Observation.passed(seen) : Observation.failed(seen);
    }

    @Override
    public String expected() {
        return "at least " + spec.count() + (spec.count() == 1 ? " line" : " lines") + " matching /"
                + spec.pattern().pattern() + "/";
    }

    @Override
    public String describe() {
        return "log /" + spec.pattern().pattern() + "/" + (spec.count() == 1 ? "" : " x" + spec.count());
    }
}
