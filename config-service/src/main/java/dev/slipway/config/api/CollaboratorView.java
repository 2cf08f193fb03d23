package dev.slipway.config.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.config.domain.App;
import dev.slipway.config.domain.Collaborator;
import java.time.Instant;
import java.util.UUID;

/**
 * Heroku's collaborator resource. The owner is listed first with role {@code owner}, as Heroku lists
 * it; {@code permissions} exists only on team apps, so it is left out (the CLI adds a column for it).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CollaboratorView(AppRef app, Instant createdAt, UUID id, String role, Instant updatedAt, User user) {

    public record AppRef(UUID id, String name) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record User(String email, boolean federated, UUID id) {}

    static CollaboratorView of(Collaborator c, App app) {
        return new CollaboratorView(new AppRef(app.id(), app.name()), AppView.seconds(c.createdAt()), c.id(),
                "collaborator", AppView.seconds(c.updatedAt()), new User(c.email(), false, c.accountId()));
    }

    /** The owner's entry; its id is stable for the app's lifetime. */
    static CollaboratorView owner(App app) {
        UUID id = UUID.nameUUIDFromBytes(("owner:" + app.id() + ":" + app.ownerId()).getBytes());
        return new CollaboratorView(new AppRef(app.id(), app.name()), AppView.seconds(app.createdAt()), id, "owner",
                AppView.seconds(app.createdAt()), new User(app.ownerEmail(), false, app.ownerId()));
    }
}
