package dev.slipway.addon.messaging;

import dev.slipway.addon.domain.AddonService;
import dev.slipway.addon.domain.BackupService;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import dev.slipway.kit.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Destroying an app destroys its add-ons (Heroku's rule): their databases and roles are dropped,
 * and its backups go with it (rows in the event's transaction, files once it commits).
 */
@ApplicationScoped
public class AppDeletionHandler implements EventHandler {
    private final AddonService addons;
    private final BackupService backups;

    AppDeletionHandler(AddonService addons, BackupService backups) {
        this.addons = addons;
        this.backups = backups;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.CONFIG);
    }

    @Override
    public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
        switch (envelope.payload()) {
            case AppDeleted e -> {
                addons.destroyAllOf(tx, e.appId());
                backups.forgetAllOf(tx, e.appId());
            }
            default -> { }
        }
    }
}
