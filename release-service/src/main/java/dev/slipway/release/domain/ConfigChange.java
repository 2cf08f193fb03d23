package dev.slipway.release.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/** Heroku's description of a config change release, from the vars before and after. */
public final class ConfigChange {
    private ConfigChange() {}

    /** "Set A, B config vars", "Remove A config vars", "Update config vars", or empty when nothing changed. */
    public static Optional<String> describe(Map<String, String> before, Map<String, String> after) {
        TreeSet<String> set = new TreeSet<>();
        after.forEach((k, v) -> {
            if (!Objects.equals(before.get(k), v)) {
                set.add(k);
            }
        });
        TreeSet<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(after.keySet());
        if (set.isEmpty() && removed.isEmpty()) {
            return Optional.empty();
        }
        if (removed.isEmpty()) {
            return Optional.of("Set " + String.join(", ", set) + " config vars");
        }
        if (set.isEmpty()) {
            return Optional.of("Remove " + String.join(", ", removed) + " config vars");
        }
        return Optional.of("Update config vars");
    }
}
