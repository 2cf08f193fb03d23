package dev.slipway.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Release vN: a slug joined with a config snapshot. Carries everything a dyno needs, so the dyno
 * manager never calls back. {@code pushId} is set when a push caused it. {@code slugId} is null for a
 * config change made before the app's first deploy: such a release has nothing to run.
 * {@code configVersion} is the version of config-service's {@code ConfigVarsChanged} whose vars
 * the release carries (null when not known, as for a rollback), so config-service can tell when
 * its change has become a release; {@code rollbackOf} is the version a rollback copied, so
 * config-service can take the old config vars back.
 */
public record ReleaseCreated(UUID appId, String appName, UUID releaseId, int version, String slugId,
                             String slugUrl, Map<String, String> processTypes, Map<String, String> configVars,
                             String description, String commit, UUID pushId, Instant createdAt,
                             Long configVersion, Integer rollbackOf) implements Event {
    public ReleaseCreated {
        processTypes = processTypes == null ? Map.of() : Map.copyOf(processTypes);
        configVars = configVars == null ? Map.of() : Map.copyOf(configVars);
    }

    /** A release that neither config-service's change nor a rollback made. */
    public ReleaseCreated(UUID appId, String appName, UUID releaseId, int version, String slugId, String slugUrl,
                          Map<String, String> processTypes, Map<String, String> configVars, String description,
                          String commit, UUID pushId, Instant createdAt) {
        this(appId, appName, releaseId, version, slugId, slugUrl, processTypes, configVars, description, commit, pushId,
                createdAt, null, null);
    }
}
