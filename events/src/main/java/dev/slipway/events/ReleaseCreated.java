package dev.slipway.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Release vN: a slug joined with a config snapshot. Carries everything a dyno needs, so the dyno
 * manager never calls back. {@code pushId} is set when a push caused it. {@code slugId} is null for a
 * config change made before the app's first deploy: such a release has nothing to run.
 */
public record ReleaseCreated(UUID appId, String appName, UUID releaseId, int version, String slugId,
                             String slugUrl, Map<String, String> processTypes, Map<String, String> configVars,
                             String description, String commit, UUID pushId, Instant createdAt) implements Event {
    public ReleaseCreated {
        processTypes = processTypes == null ? Map.of() : Map.copyOf(processTypes);
        configVars = configVars == null ? Map.of() : Map.copyOf(configVars);
    }
}
