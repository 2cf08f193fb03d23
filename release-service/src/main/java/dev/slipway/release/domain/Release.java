package dev.slipway.release.domain;

import dev.slipway.events.RuntimeLayer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Release vN of an app: a slug joined with a copy of the config vars. Never changes once written,
 * but for its status: {@code pending} while its release phase runs, then {@code succeeded} or
 * {@code failed}. {@code outputToken} is set when it has a release phase (its output stream's capability).
 * {@code layers} are the slug's runtime layers, part of the slug: they go wherever the slug goes.
 */
public record Release(UUID id, UUID appId, int version, String slugId, String slugUrl,
                      Map<String, String> processTypes, Map<String, String> configVars, String description,
                      String commit, UUID pushId, UUID userId, String userEmail, Instant createdAt, String status,
                      String outputToken, List<RuntimeLayer> layers) {
    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public Release {
        processTypes = processTypes == null ? Map.of() : Map.copyOf(processTypes);
        configVars = configVars == null ? Map.of() : Map.copyOf(configVars);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }
}
