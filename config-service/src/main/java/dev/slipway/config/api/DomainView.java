package dev.slipway.config.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.config.config.PublicUrls;
import dev.slipway.config.domain.App;
import dev.slipway.config.domain.CustomDomain;
import java.time.Instant;
import java.util.UUID;

/**
 * Heroku's domain resource. A custom domain's {@code cname} is the app's default hostname, the
 * DNS target a user points the name at; no certificates are managed, so the ACM fields are null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DomainView(UUID id, String hostname, String kind, String cname, String status, Instant createdAt,
                         Instant updatedAt, AppRef app, String acmStatus, String acmStatusReason, Object sniEndpoint) {

    public record AppRef(UUID id, String name) {}

    static DomainView custom(CustomDomain d, App app, PublicUrls urls) {
        return new DomainView(d.id(), d.hostname(), "custom", urls.defaultHostname(app.name()), "succeeded",
                AppView.seconds(d.createdAt()), AppView.seconds(d.updatedAt()), new AppRef(app.id(), app.name()),
                null, null, null);
    }

    /** The derived default domain; its id is stable for the app's lifetime. */
    static DomainView heroku(App app, PublicUrls urls) {
        UUID id = UUID.nameUUIDFromBytes(("heroku-domain:" + app.id()).getBytes());
        return new DomainView(id, urls.defaultHostname(app.name()), "heroku", null, "none",
                AppView.seconds(app.createdAt()), AppView.seconds(app.updatedAt()), new AppRef(app.id(), app.name()),
                null, null, null);
    }
}
