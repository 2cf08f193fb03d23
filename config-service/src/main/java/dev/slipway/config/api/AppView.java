package dev.slipway.config.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.config.config.PublicUrls;
import dev.slipway.config.domain.App;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Heroku's app resource; what Slipway has no notion of is null or false, as on a fresh Heroku app. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AppView(UUID id, String name, Instant createdAt, Instant updatedAt, Instant releasedAt, String webUrl,
                      String gitUrl, Named owner, Named region, Named stack, Named buildStack, boolean maintenance,
                      String buildpackProvidedDescription, Long repoSize, Long slugSize, Object organization,
                      Object team, Object space, boolean internalRouting, boolean acm, Instant archivedAt,
                      Named generation) {

    static final Named REGION = new Named(UUID.nameUUIDFromBytes("slipway-region-local".getBytes()), "local", null);
    static final Named STACK = new Named(UUID.nameUUIDFromBytes("slipway-stack-heroku-24".getBytes()), "heroku-24", null);
    /** Slipway runs classic buildpacks and Procfile dynos: Heroku's Cedar generation, never Fir. */
    static final Named GENERATION = new Named(UUID.nameUUIDFromBytes("slipway-generation-cedar".getBytes()), "cedar", null);

    /** {@code {id, name}} for regions and stacks, {@code {id, email}} for the owner. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Named(UUID id, String name, String email) {}

    static AppView of(App app, PublicUrls urls) {
        return new AppView(app.id(), app.name(), seconds(app.createdAt()), seconds(app.updatedAt()), null,
                urls.webUrl(app.name()), urls.gitUrl(app.name()), new Named(app.ownerId(), null, app.ownerEmail()),
                REGION, STACK, STACK, app.maintenance(), null, null, null, null, null, null, false, false, null,
                GENERATION);
    }

    /** Heroku's timestamps have whole seconds. */
    static Instant seconds(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
    }
}
