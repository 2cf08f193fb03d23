package dev.slipway.events;

import java.util.Map;
import java.util.UUID;

/**
 * A slug is ready. {@code slugId} is the sha256 of the compressed tar; {@code processTypes} holds the
 * buildpack's defaults overridden by the Procfile.
 */
public record SlugBuilt(UUID appId, UUID buildId, UUID pushId, String slugId, String slugUrl, long sizeBytes,
                        Map<String, String> processTypes, String buildpack, String commit) implements Event {
    public SlugBuilt {
        processTypes = processTypes == null ? Map.of() : Map.copyOf(processTypes);
    }
}
