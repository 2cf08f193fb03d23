package dev.slipway.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Release vN: a slug joined with a config snapshot. Carries everything a dyno needs, so the dyno
 * manager never calls back. {@code pushId} is set when a push caused it. {@code slugId} is null for a
 * config change made before the app's first deploy: such a release has nothing to run.
 * {@code configVersion} is the version of config-service's {@code ConfigVarsChanged} whose vars
 * the release carries (null when not known, as for a rollback), so config-service can tell when
 * its change has become a release; {@code rollbackOf} is the version a rollback copied, so
 * config-service can take the old config vars back. {@code status} is {@code pending} when the
 * release has a {@code release} process type and a slug: dyno-manager runs that command first and
 * the release goes live only once it exits 0 ({@link ReleasePhaseFinished}); otherwise (and when
 * absent, as in events from before the release phase) {@code succeeded}: live at once.
 * {@code layers} are the slug's runtime layers ({@link SlugBuilt#layers()}), copied with the slug
 * into every release made from it (a rollback too); empty when absent.
 */
public record ReleaseCreated(UUID appId, String appName, UUID releaseId, int version, String slugId,
                             String slugUrl, Map<String, String> processTypes, Map<String, String> configVars,
                             String description, String commit, UUID pushId, Instant createdAt,
                             Long configVersion, Integer rollbackOf, String status,
                             List<RuntimeLayer> layers) implements Event {
    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    /** The Procfile's process type that runs once per release, before the release goes live. */
    public static final String RELEASE_PROCESS_TYPE = "release";

    public ReleaseCreated {
        status = PENDING.equals(status) ? PENDING : SUCCEEDED;
        processTypes = processTypes == null ? Map.of() : Map.copyOf(processTypes);
        configVars = configVars == null ? Map.of() : Map.copyOf(configVars);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** A release of a slug without runtime layers. */
    public ReleaseCreated(UUID appId, String appName, UUID releaseId, int version, String slugId, String slugUrl,
                          Map<String, String> processTypes, Map<String, String> configVars, String description,
                          String commit, UUID pushId, Instant createdAt, Long configVersion, Integer rollbackOf,
                          String status) {
        this(appId, appName, releaseId, version, slugId, slugUrl, processTypes, configVars, description, commit, pushId,
                createdAt, configVersion, rollbackOf, status, null);
    }

    /** A release that neither config-service's change nor a rollback made. */
    public ReleaseCreated(UUID appId, String appName, UUID releaseId, int version, String slugId, String slugUrl,
                          Map<String, String> processTypes, Map<String, String> configVars, String description,
                          String commit, UUID pushId, Instant createdAt) {
        this(appId, appName, releaseId, version, slugId, slugUrl, processTypes, configVars, description, commit, pushId,
                createdAt, null, null, null);
    }

    /** A release that goes live at once (no release phase). */
    public ReleaseCreated(UUID appId, String appName, UUID releaseId, int version, String slugId, String slugUrl,
                          Map<String, String> processTypes, Map<String, String> configVars, String description,
                          String commit, UUID pushId, Instant createdAt, Long configVersion, Integer rollbackOf) {
        this(appId, appName, releaseId, version, slugId, slugUrl, processTypes, configVars, description, commit, pushId,
                createdAt, configVersion, rollbackOf, null);
    }

    /** True when dyno-manager must run the release command before the release goes live. */
    public boolean pending() {
        return PENDING.equals(status);
    }
}
