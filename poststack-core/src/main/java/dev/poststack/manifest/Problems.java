package dev.poststack.manifest;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while the whole manifest is checked, so the user sees all of them at once. */
final class Problems {

    private final List<Problem> found = new ArrayList<>();

    void add(Location location, String message, String hint) {
        found.add(new Problem(location, message, hint));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    int count() {
        return found.size();
    }

    void throwIfAny() throws ManifestException {
        if (!found.isEmpty()) {
            throw new ManifestException(found);
        }
    }
}
