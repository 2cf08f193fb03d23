package dev.slipway.release.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.kit.AppRef;
import dev.slipway.release.domain.Release;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Heroku Platform API's release resource. Releases are immutable but for their status, which the
 * release phase settles within its time limit; updated_at is created_at.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReleaseView(UUID id, int version, String description, String status, boolean current,
                          boolean eligibleForRollback, Instant createdAt, Instant updatedAt, SlugRef slug, UserRef user,
                          AppView app, List<String> addonPlanNames, List<Object> artifacts, String outputStreamUrl) {

    public static ReleaseView of(Release r, AppRef app, int currentVersion, String outputStreamUrl) {
        return new ReleaseView(r.id(), r.version(), r.description(), r.status(), r.version() == currentVersion, r.slugId() != null,
                r.createdAt(), r.createdAt(), r.slugId() == null ? null : new SlugRef(r.slugId()), new UserRef(r.userId(), r.userEmail()),
                new AppView(app.id(), app.name()), List.of(), List.of(), outputStreamUrl);
    }

    public record SlugRef(String id) {}

    public record UserRef(UUID id, String email) {}

    public record AppView(UUID id, String name) {}
}
