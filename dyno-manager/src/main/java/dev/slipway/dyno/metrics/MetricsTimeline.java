package dev.slipway.dyno.metrics;

import dev.slipway.events.AppDeleted;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.FormationChanged;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.Topics;
import dev.slipway.kit.Db;
import dev.slipway.kit.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The metrics timeline: what the dashboard marks on the time axis. Deploys ({@code ReleaseCreated}
 * with a slug) and scaling ({@code FormationChanged}) come from the service's main consumer loop,
 * in the transaction of the event; restarts from the dyno API ({@link #restarted}). An app's
 * metrics go with the app ({@code AppDeleted}).
 */
@ApplicationScoped
public class MetricsTimeline implements EventHandler {
    public static final String DEPLOY = "deploy";
    public static final String RESTART = "restart";
    public static final String SCALE = "scale";

    private final Db db;
    private final MetricsRepository store;
    private final InstantSource clock;

    MetricsTimeline(Db db, MetricsRepository store, InstantSource clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.RELEASES, Topics.CONFIG);
    }

    @Override
    public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
        Instant at = envelope.occurredAt() == null ? clock.instant() : envelope.occurredAt();
        switch (envelope.payload()) {
            case ReleaseCreated e when e.slugId() != null -> store.addEvent(tx, e.appId(),
                    e.createdAt() == null ? at : e.createdAt(), DEPLOY, deployed(e));
            case FormationChanged e when !e.processes().isEmpty() -> store.addEvent(tx, e.appId(), at, SCALE,
                    e.processes().stream().map(p -> p.type() + " scaled to " + Math.max(0, p.quantity()))
                            .collect(Collectors.joining(", ")));
            case AppDeleted e -> store.deleteApp(tx, e.appId());
            default -> { }
        }
    }

    /** A restart asked for through the API ({@code heroku ps:restart}): "web.1 restarted", "all dynos restarted". */
    public void restarted(UUID appId, String what) {
        db.inTransaction(tx -> {
            store.addEvent(tx, appId, clock.instant(), RESTART, what + " restarted");
            return null;
        });
    }

    static String deployed(ReleaseCreated e) {
        String description = e.description() == null || e.description().isBlank() ? "" : ": " + e.description();
        String text = "Deploy v" + e.version() + description;
        return text.length() > 200 ? text.substring(0, 200) : text;
    }
}
