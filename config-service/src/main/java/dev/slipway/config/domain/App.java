package dev.slipway.config.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An app as config-service owns it; {@code configVersion} counts config var changes. */
public record App(UUID id, String name, UUID ownerId, String ownerEmail, boolean maintenance, List<String> buildpacks,
                  long configVersion, Instant createdAt, Instant updatedAt) {
    public App {
        buildpacks = buildpacks == null ? List.of() : List.copyOf(buildpacks);
    }
}
