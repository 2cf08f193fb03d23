package dev.slipway.dyno.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.dyno.domain.Dyno;
import dev.slipway.kit.AppRef;
import java.time.Instant;
import java.util.UUID;

/** Heroku Platform API's dyno resource. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DynoView(UUID id, String name, String type, String state, String command, String size,
                       AppView app, ReleaseView release, Instant createdAt, Instant updatedAt, String attachUrl) {

    public static DynoView of(Dyno d, AppRef app) {
        return new DynoView(d.id(), d.name(), d.type(), d.state(), d.command(), d.size(),
                new AppView(app.id(), app.name()), new ReleaseView(d.releaseId(), d.releaseVersion()),
                d.createdAt(), d.updatedAt(), null);
    }

    public record AppView(UUID id, String name) {}

    public record ReleaseView(UUID id, int version) {}
}
