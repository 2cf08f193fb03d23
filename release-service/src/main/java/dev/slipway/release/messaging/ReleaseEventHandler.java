package dev.slipway.release.messaging;

import dev.slipway.events.AppCreated;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.ConfigVarsChanged;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.ReleasePhaseFinished;
import dev.slipway.events.ReleasePhaseOutput;
import dev.slipway.events.SlugBuilt;
import dev.slipway.events.Topics;
import dev.slipway.kit.EventHandler;
import dev.slipway.release.domain.ReleaseService;
import dev.slipway.release.persistence.AppRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Apps and config from config-service, slugs from builder-service, release phases' output and end
 * from dyno-manager; all work is database work. Text
 * is made storable first ({@link StorableEvents}): a NUL never poisons a release.
 */
@ApplicationScoped
public class ReleaseEventHandler implements EventHandler {
    private final AppRepository apps;
    private final ReleaseService releases;

    ReleaseEventHandler(AppRepository apps, ReleaseService releases) {
        this.apps = apps;
        this.releases = releases;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.CONFIG, Topics.BUILDS, Topics.DYNOS);
    }

    @Override
    public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
        switch (envelope.payload()) {
            case AppCreated e -> {
                AppCreated storable = StorableEvents.of(e);
                apps.upsert(tx, storable.appId(), storable.name(), storable.ownerId(), storable.ownerEmail());
            }
            case AppUpdated e -> apps.rename(tx, e.appId(), StorableEvents.name(e));
            case AppDeleted e -> apps.delete(tx, e.appId());
            case ConfigVarsChanged e -> releases.onConfigChanged(tx, StorableEvents.of(e));
            case SlugBuilt e -> releases.onSlugBuilt(tx, StorableEvents.of(e));
            case ReleasePhaseOutput e -> releases.onPhaseOutput(tx, e);
            case ReleasePhaseFinished e -> releases.onPhaseFinished(tx, e);
            default -> { }
        }
    }
}
