package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.api.ChangeSet;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.api.ServiceStatus;
import dev.poststack.clone.CopyInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The library's result values as the JSON objects docs/JSON.md describes; one shape per value, shared by commands. */
final class ApiJson {

    private ApiJson() {
    }

    /** {@code [{"container": 5432, "host": 32799}, ...]}, by container port; published on 127.0.0.1. */
    static ArrayNode ports(Map<Integer, Integer> ports) {
        ArrayNode out = JsonOutput.MAPPER.createArrayNode();
        new TreeMap<>(ports).forEach((container, host) -> out.addObject().put("container", container).put("host", host));
        return out;
    }

    static ObjectNode status(ServiceStatus s, Instant now) {
        ObjectNode out = JsonOutput.MAPPER.createObjectNode();
        out.put("service", s.service());
        out.put("image", s.image());
        out.put("state", s.state().keyword());
        out.put("health", s.health().orElse(null));
        out.set("ports", ports(s.ports()));
        out.put("startedAt", s.startedAt().map(Instant::toString).orElse(null));
        if (s.startedAt().isPresent()) {
            out.put("uptimeSeconds", Duration.between(s.startedAt().get(), now).toSeconds());
        } else {
            out.putNull("uptimeSeconds");
        }
        out.put("containerId", s.containerId().orElse(null));
        out.put("current", s.current());
        return out;
    }

    static ObjectNode outcome(ServiceOutcome o) {
        ObjectNode out = JsonOutput.MAPPER.createObjectNode();
        out.put("service", o.service());
        out.put("action", o.action().name().toLowerCase(Locale.ROOT));
        out.put("containerId", o.containerId());
        out.set("ports", ports(o.ports()));
        out.put("readyMillis", o.ready().toMillis());
        out.put("checksPassed", o.checks().size());
        return out;
    }

    /** How to connect; the password never, only the file it is kept in. */
    static ObjectNode access(DatabaseAccess db) {
        ObjectNode out = JsonOutput.MAPPER.createObjectNode();
        out.put("service", db.service());
        out.put("host", db.host());
        out.put("port", db.port());
        out.put("database", db.database());
        out.put("user", db.user());
        out.put("passwordFile", db.passwordFile().map(Object::toString).orElse(null));
        out.put("jdbcUrl", db.jdbcUrl());
        return out;
    }

    static ArrayNode changeSets(Collection<ChangeSet> changeSets) {
        ArrayNode out = JsonOutput.MAPPER.createArrayNode();
        changeSets.forEach(c -> out.add(changeSet(c)));
        return out;
    }

    static ObjectNode changeSet(ChangeSet c) {
        return JsonOutput.MAPPER.createObjectNode().put("id", c.id()).put("author", c.author()).put("file", c.file());
    }

    /** A database poststack copied: a clone, or a test run's copy (with the pid of the JVM that made it). */
    static ObjectNode copy(CopyInfo copy) {
        ObjectNode out = JsonOutput.MAPPER.createObjectNode();
        out.put("name", copy.name());
        out.put("source", copy.source());
        if (copy.pid().isPresent()) {
            out.put("testRunPid", copy.pid().getAsLong());
        } else {
            out.putNull("testRunPid");
        }
        out.put("kept", copy.kept());
        return out;
    }
}
