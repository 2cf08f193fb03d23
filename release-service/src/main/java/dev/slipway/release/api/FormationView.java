package dev.slipway.release.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.kit.AppRef;
import dev.slipway.release.domain.Formation;
import java.time.Instant;
import java.util.UUID;

/** Heroku Platform API's formation resource. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FormationView(UUID id, String type, int quantity, String size, String command,
                            ReleaseView.AppView app, DynoSizeRef dynoSize, Instant createdAt, Instant updatedAt) {

    public static FormationView of(Formation f, AppRef app, String command) {
        return new FormationView(f.id(), f.type(), f.quantity(), f.size(), command,
                new ReleaseView.AppView(app.id(), app.name()), new DynoSizeRef(f.size()), f.createdAt(), f.updatedAt());
    }

    public record DynoSizeRef(String name) {}
}
