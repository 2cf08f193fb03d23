package dev.slipway.dyno.messaging;

import dev.slipway.dyno.domain.AppRelease;
import dev.slipway.dyno.domain.FormationEntry;
import dev.slipway.dyno.domain.ReleasePhases;
import dev.slipway.dyno.domain.Supervisor;
import dev.slipway.dyno.persistence.DesiredStateRepository;
import dev.slipway.dyno.persistence.LogLineRepository;
import dev.slipway.dyno.persistence.ReleasePhaseRepository;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.FormationChanged;
import dev.slipway.events.LogLine;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.Topics;
import dev.slipway.kit.EventHandler;
import dev.slipway.kit.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;

/**
 * The desired state from release-service (and app deletion from config-service) is stored in the
 * consumer's transaction; the dynos are changed only after the commit, on the supervisor's threads.
 * A release with a release phase waits for it ({@link ReleasePhases}) before it becomes desired state.
 */
@ApplicationScoped
public class DynoEventHandler implements EventHandler {
    private final DesiredStateRepository desired;
    private final Supervisor supervisor;
    private final LogLineRepository logs;
    private final Outbox outbox;
    private final ReleasePhases releasePhases;
    private final ReleasePhaseRepository phases;

    DynoEventHandler(DesiredStateRepository desired, Supervisor supervisor, LogLineRepository logs, Outbox outbox,
                     ReleasePhases releasePhases, ReleasePhaseRepository phases) {
        this.desired = desired;
        this.releasePhases = releasePhases;
        this.phases = phases;
        this.supervisor = supervisor;
        this.logs = logs;
        this.outbox = outbox;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.RELEASES, Topics.CONFIG);
    }

    @Override
    public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
        switch (envelope.payload()) {
            case ReleaseCreated e when e.slugId() == null -> logRelease(tx, e); // config set before the first deploy: nothing to run
            case ReleaseCreated e when e.pending() -> {
                // live only once its release command exits 0 (ReleasePhases)
                releasePhases.enqueue(tx, appRelease(e));
                logRelease(tx, e);
            }
            case ReleaseCreated e -> {
                desired.upsertRelease(tx, appRelease(e));
                logRelease(tx, e);
            }
            case FormationChanged e -> desired.replaceFormation(tx, e.appId(), e.processes().stream()
                    .map(p -> new FormationEntry(p.type(), Math.max(0, p.quantity()),
                            p.size() == null ? "standard-1X" : p.size()))
                    .toList());
            case AppDeleted e -> {
                desired.forget(tx, e.appId());
                phases.forget(tx, e.appId());
                logs.deleteApp(tx, e.appId());
            }
            default -> { }
        }
    }

    private static AppRelease appRelease(ReleaseCreated e) {
        return new AppRelease(e.appId(), e.appName(), e.releaseId(), e.version(), e.slugId(), e.slugUrl(),
                e.processTypes(), e.configVars(), e.commit(), e.createdAt() == null ? Instant.now() : e.createdAt(),
                e.layers());
    }

    /** Heroku's {@code app[api]} lines for a release: what it was ("Deploy 1a2b3c4"), then its number. */
    private void logRelease(Connection tx, ReleaseCreated e) throws SQLException {
        Instant at = e.createdAt() == null ? Instant.now() : e.createdAt();
        if (e.description() != null && !e.description().isBlank()) {
            outbox.publish(tx, new LogLine(e.appId(), at, "app", "api", e.description()));
        }
        outbox.publish(tx, new LogLine(e.appId(), at, "app", "api", "Release v" + e.version() + " created"));
    }

    @Override
    public void afterCommit(EventEnvelope envelope) {
        switch (envelope.payload()) {
            case ReleaseCreated e when e.pending() -> releasePhases.kick(e.appId());
            case ReleaseCreated e -> supervisor.desiredStateChanged(e.appId());
            case FormationChanged e -> supervisor.desiredStateChanged(e.appId());
            case AppDeleted e -> {
                releasePhases.appDeleted(e.appId());
                supervisor.desiredStateChanged(e.appId());
            }
            default -> { }
        }
    }
}
