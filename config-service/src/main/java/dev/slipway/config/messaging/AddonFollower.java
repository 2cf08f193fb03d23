package dev.slipway.config.messaging;

import dev.slipway.config.domain.ConfigVarService;
import dev.slipway.events.AddonAttached;
import dev.slipway.events.AddonDetached;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import dev.slipway.kit.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Follows addon-service: an attachment's config var (DATABASE_URL) is set as the add-on's own, a
 * detachment removes it; each makes a config version and so a release.
 */
@ApplicationScoped
public class AddonFollower implements EventHandler {
    private final ConfigVarService vars;

    AddonFollower(ConfigVarService vars) {
        this.vars = vars;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.ADDONS);
    }

    @Override
    public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
        switch (envelope.payload()) {
            case AddonAttached e -> vars.attach(tx, e);
            case AddonDetached e -> vars.detach(tx, e);
            default -> { }
        }
    }
}
