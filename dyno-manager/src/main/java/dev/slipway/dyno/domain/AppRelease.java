package dev.slipway.dyno.domain;

import dev.slipway.events.RuntimeLayer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The release an app should run: everything a dyno needs, copied from ReleaseCreated: the slug and
 * the runtime layers shown read-only beside it.
 */
public record AppRelease(UUID appId, String appName, UUID releaseId, int version, String slugId, String slugUrl,
                         Map<String, String> processTypes, Map<String, String> configVars, String commit,
                         Instant createdAt, List<RuntimeLayer> layers) {
    public AppRelease {
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** A release whose slug carries everything it runs with. */
    public AppRelease(UUID appId, String appName, UUID releaseId, int version, String slugId, String slugUrl,
                      Map<String, String> processTypes, Map<String, String> configVars, String commit, Instant createdAt) {
        this(appId, appName, releaseId, version, slugId, slugUrl, processTypes, configVars, commit, createdAt, List.of());
    }
}
