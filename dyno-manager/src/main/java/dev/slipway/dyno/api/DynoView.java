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
        return new DynoView(d.id(), d.name(), d.type(), d.state(), d.command(), displaySize(d.size()),
                new AppView(app.id(), app.name()), new ReleaseView(d.releaseId(), d.releaseVersion()),
                d.createdAt(), d.updatedAt(), null);
    }

    /** Heroku's dyno API spells sizes capitalised ({@code Basic}, {@code Standard-1X}); formations do not. */
    static String displaySize(String size) {
        return size == null || size.isEmpty() ? size : Character.toUpperCase(size.charAt(0)) + size.substring(1);
    }

    public record AppView(UUID id, String name) {}

    public record ReleaseView(UUID id, int version) {}
}
