package dev.slipway.git.messaging;

import dev.slipway.events.AppCreated;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.BuildFailed;
import dev.slipway.events.BuildLogLine;
import dev.slipway.events.BuildStarted;
import dev.slipway.events.DynoStateChanged;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.ReleasePhaseFinished;
import dev.slipway.events.ReleasePhaseOutput;
import dev.slipway.events.SlugBuilt;
import dev.slipway.events.Topics;
import dev.slipway.git.domain.PushSessions;
import dev.slipway.git.domain.RepoStore;
import dev.slipway.git.persistence.AppRepository;
import dev.slipway.git.persistence.PushRepository;
import dev.slipway.kit.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Apps become repositories; build, release and web dyno events end pushes and reach the git
 * client that waits on them. Disk work and the hand-over to sessions happen only after the commit.
 */
@ApplicationScoped
public class GatewayEventHandler implements EventHandler {
    private static final Logger LOG = Logger.getLogger(GatewayEventHandler.class);
    private final AppRepository apps;
    private final PushRepository pushes;
    private final RepoStore repos;
    private final PushSessions sessions;

    GatewayEventHandler(AppRepository apps, PushRepository pushes, RepoStore repos, PushSessions sessions) {
        this.apps = apps;
        this.pushes = pushes;
        this.repos = repos;
        this.sessions = sessions;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.CONFIG, Topics.BUILDS, Topics.RELEASES, Topics.DYNOS);
    }

    @Override
    public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
        switch (envelope.payload()) {
            case AppCreated e -> apps.upsert(tx, e.appId(), e.name(), repos.path(e.appId()).toString());
            case AppUpdated e -> apps.rename(tx, e.appId(), e.name());
            case AppDeleted e -> apps.delete(tx, e.appId());
            case BuildFailed e -> {
                if (e.pushId() != null) {
                    pushes.markFailed(tx, e.pushId(), e.reason() == null ? "build failed" : e.reason());
                }
            }
            case ReleaseCreated e -> {
                if (e.pushId() != null) {
                    pushes.markSucceeded(tx, e.pushId(), e.version());
                }
            }
            default -> { }
        }
    }

    @Override
    public void afterCommit(EventEnvelope envelope) {
        switch (envelope.payload()) {
            case AppCreated e -> ensureRepo(e);
            case AppDeleted e -> repos.delete(e.appId());
            case BuildStarted e -> sessions.deliver(e.pushId(), e);
            case BuildLogLine e -> sessions.deliver(e.pushId(), e);
            case BuildFailed e -> sessions.deliver(e.pushId(), e);
            case SlugBuilt e -> sessions.deliver(e.pushId(), e);
            case ReleaseCreated e -> sessions.deliver(e.pushId(), e);
            case DynoStateChanged e -> sessions.deliverToApp(e.appId(), e);
            case ReleasePhaseOutput e -> sessions.deliverToApp(e.appId(), e);
            case ReleasePhaseFinished e -> sessions.deliverToApp(e.appId(), e);
            default -> { }
        }
    }

    private void ensureRepo(AppCreated e) {
        try {
            repos.ensure(e.appId());
        } catch (RuntimeException ex) {
            // The first git request for the app creates it too, so a failure here is not fatal.
            LOG.errorf(ex, "could not create the repository of %s", e.name());
        }
    }
}
