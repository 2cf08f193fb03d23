package dev.slipway.events;

import java.util.Map;
import java.util.UUID;

/**
 * The app's complete config vars after a change, so that consumers can snapshot them without a
 * call. Kafka is an internal network: these values are secrets and never leave it.
 */
public record ConfigVarsChanged(UUID appId, long version, Map<String, String> vars, String changedBy)
        implements Event {
    public ConfigVarsChanged {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
    }
}
