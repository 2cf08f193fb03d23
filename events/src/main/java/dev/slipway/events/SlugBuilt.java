package dev.slipway.events;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A slug is ready. {@code slugId} is the sha256 of the compressed tar; {@code processTypes} holds the
 * buildpack's defaults overridden by the Procfile. {@code layers} are the runtimes the slug runs
 * with but does not carry (empty in events from before layers, and for slugs that carry everything).
 */
public record SlugBuilt(UUID appId, UUID buildId, UUID pushId, String slugId, String slugUrl, long sizeBytes,
                        Map<String, String> processTypes, String buildpack, String commit,
                        List<RuntimeLayer> layers) implements Event {
    public SlugBuilt {
        processTypes = processTypes == null ? Map.of() : Map.copyOf(processTypes);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** A slug that carries all it runs with. */
    public SlugBuilt(UUID appId, UUID buildId, UUID pushId, String slugId, String slugUrl, long sizeBytes,
                     Map<String, String> processTypes, String buildpack, String commit) {
        this(appId, buildId, pushId, slugId, slugUrl, sizeBytes, processTypes, buildpack, commit, null);
    }
}
