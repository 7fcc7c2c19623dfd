package dev.poststack.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.api.CheckResult;
import dev.poststack.api.Durations;

import java.util.List;

/** The results of a service's checks as a table (check, expected, seen, time) or as JSON. */
public final class CheckReport {

    private static final int MAX_CELL = 60;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CheckReport() {
    }

    public static String table(List<CheckResult> results) {
        TextTable table = TextTable.withColumns("PHASE", "CHECK", "EXPECTED", "SEEN", "TIME", "RESULT");
        for (CheckResult r : results) {
            table.row(r.phase().keyword(), Format.truncate(r.check(), MAX_CELL), Format.truncate(r.expected(), MAX_CELL),
                    Format.truncate(Format.singleSpaced(r.seen()), MAX_CELL), Durations.format(r.took()),
                    r.passed() ? "ok" : "FAILED");
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        return table.render() + (failed == 0 ? "all " + results.size() + " checks passed"
                : failed + " of " + results.size() + " checks failed") + System.lineSeparator();
    }

    public static String json(String service, List<CheckResult> results) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("service", service);
        root.put("passed", results.stream().allMatch(CheckResult::passed));
        ArrayNode checks = root.putArray("checks");
        for (CheckResult r : results) {
            ObjectNode check = checks.addObject();
            check.put("phase", r.phase().keyword());
            check.put("kind", r.kind());
            check.put("check", r.check());
            check.put("declaredAt", r.declaredAt());
            check.put("expected", r.expected());
            check.put("seen", r.seen());
            check.put("passed", r.passed());
            check.put("millis", r.took().toMillis());
            check.put("attempts", r.attempts());
            r.lastError().ifPresent(e -> check.put("lastError", e));
            r.exitCode().ifPresent(c -> check.put("exitCode", c));
            if (!r.passed()) {
                ArrayNode tail = check.putArray("logTail");
                r.logTail().forEach(tail::add);
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}
