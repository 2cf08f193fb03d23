package dev.slipway.config.messaging;

import dev.slipway.config.domain.ConfigVarService;
import dev.slipway.config.domain.ReleaseWaiters;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.Topics;
import dev.slipway.kit.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Follows release-service's releases: a rollback brings its old config vars back as the app's own
 * (Heroku's rollback restores config), and every release wakes the config change it carries.
 */
@ApplicationScoped
public class ReleaseFollower implements EventHandler {
    private final ConfigVarService vars;
    private final ReleaseWaiters waiters;

    ReleaseFollower(ConfigVarService vars, ReleaseWaiters waiters) {
        this.vars = vars;
        this.waiters = waiters;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.RELEASES, Topics.CONFIG);
    }

    @Override
    public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
        switch (envelope.payload()) {
            case ReleaseCreated e when e.rollbackOf() != null -> vars.restore(tx, e.appId(), e.configVars());
            default -> { }
        }
    }

    @Override
    public void afterCommit(EventEnvelope envelope) {
        switch (envelope.payload()) {
            case ReleaseCreated e when e.configVersion() != null -> waiters.released(e.appId(), e.configVersion());
            case AppDeleted e -> waiters.forget(e.appId());
            default -> { }
        }
    }
}
