package dev.slipway.addon.messaging;

import dev.slipway.addon.domain.AddonService;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import dev.slipway.kit.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/** Destroying an app destroys its add-ons (Heroku's rule): their databases and roles are dropped. */
@ApplicationScoped
public class AppDeletionHandler implements EventHandler {
    private final AddonService addons;

    AppDeletionHandler(AddonService addons) {
        this.addons = addons;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.CONFIG);
    }

    @Override
    public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
        switch (envelope.payload()) {
            case AppDeleted e -> addons.destroyAllOf(tx, e.appId());
            default -> { }
        }
    }
}
