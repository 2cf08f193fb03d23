package dev.slipway.router.messaging;

import dev.slipway.events.AppCreated;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.DomainAdded;
import dev.slipway.events.DomainRemoved;
import dev.slipway.events.DynoStateChanged;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import dev.slipway.kit.EventHandler;
import dev.slipway.router.domain.Routing;
import dev.slipway.router.domain.RoutingRows;
import dev.slipway.router.persistence.RoutingRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/** Keeps the router's tables in step with apps, domains and dynos, then swaps in a new table. */
@ApplicationScoped
public class RoutingEventHandler implements EventHandler {
    private final RoutingRepository repository;
    private final Routing routing;

    RoutingEventHandler(RoutingRepository repository, Routing routing) {
        this.repository = repository;
        this.routing = routing;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.CONFIG, Topics.DYNOS);
    }

    @Override
    public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
        switch (envelope.payload()) {
            case AppCreated e -> repository.upsertApp(tx, e.appId(), e.name(), null);
            case AppUpdated e -> repository.upsertApp(tx, e.appId(), e.name(), e.maintenance());
            case AppDeleted e -> repository.deleteApp(tx, e.appId());
            case DomainAdded e -> repository.upsertDomain(tx, e.hostname(), e.appId());
            case DomainRemoved e -> repository.deleteDomain(tx, e.hostname(), e.appId());
            case DynoStateChanged e -> {
                // a dyno that is down will never serve again: its row is only history
                if ("down".equals(e.state())) {
                    repository.deleteDyno(tx, e.dynoId());
                } else {
                    repository.upsertDyno(tx, new RoutingRows.Dyno(e.dynoId(), e.appId(), e.name(), e.type(),
                            e.state(), e.host(), e.port()), e.releaseVersion());
                }
            }
            default -> {}
        }
    }

    @Override
    public void afterCommit(EventEnvelope envelope) {
        switch (envelope.payload()) {
            case AppCreated e -> routing.rebuild();
            case AppUpdated e -> routing.rebuild();
            case AppDeleted e -> routing.rebuild();
            case DomainAdded e -> routing.rebuild();
            case DomainRemoved e -> routing.rebuild();
            case DynoStateChanged e -> routing.rebuild();
            default -> {}
        }
    }
}
