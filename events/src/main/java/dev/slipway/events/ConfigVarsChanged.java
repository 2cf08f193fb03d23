package dev.slipway.events;

import java.util.Map;
import java.util.UUID;

/**
 * The app's complete config vars after a change, so that consumers can snapshot them without a
 * call. Kafka is an internal network: these values are secrets and never leave it.
 * {@code description} is the release's description when the change is not a user's (an add-on's
 * "Attach DATABASE (postgresql-shaped-12345)"); null lets the release service describe it
 * ("Set FOO config vars").
 */
public record ConfigVarsChanged(UUID appId, long version, Map<String, String> vars, String changedBy,
                                String description) implements Event {
    public ConfigVarsChanged {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
    }

    /** A user's change (or a rollback's), described by the release service. */
    public ConfigVarsChanged(UUID appId, long version, Map<String, String> vars, String changedBy) {
        this(appId, version, vars, changedBy, null);
    }
}
