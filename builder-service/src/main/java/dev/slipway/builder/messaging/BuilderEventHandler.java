package dev.slipway.builder.messaging;

import dev.slipway.builder.config.BuilderSettings;
import dev.slipway.builder.domain.BuildService;
import dev.slipway.builder.domain.FileTrees;
import dev.slipway.builder.persistence.AppRepository;
import dev.slipway.events.AppCreated;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.ConfigVarsChanged;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.PushReceived;
import dev.slipway.events.Topics;
import dev.slipway.kit.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.jboss.logging.Logger;

/** Apps, their buildpacks and config vars from config-service; pushes from git-gateway. */
@ApplicationScoped
public class BuilderEventHandler implements EventHandler {
    private static final Logger LOG = Logger.getLogger(BuilderEventHandler.class);

    private final BuildService builds;
    private final BuilderSettings settings;

    BuilderEventHandler(BuildService builds, BuilderSettings settings) {
        this.builds = builds;
        this.settings = settings;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.CONFIG, Topics.GIT);
    }

    @Override
    public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
        switch (envelope.payload()) {
            case AppCreated e -> AppRepository.upsert(tx, e.appId(), e.name());
            case AppUpdated e -> AppRepository.update(tx, e.appId(), e.name(), e.buildpacks());
            case AppDeleted e -> AppRepository.delete(tx, e.appId());
            case ConfigVarsChanged e -> AppRepository.saveConfig(tx, e.appId(), e.version(), e.vars());
            case PushReceived e -> builds.create(tx, e);
            default -> { }
        }
    }

    @Override
    public void afterCommit(EventEnvelope envelope) {
        switch (envelope.payload()) {
            case PushReceived push -> builds.enqueue(push.pushId());
            case AppDeleted deleted -> dropCache(deleted);
            default -> { }
        }
    }

    /**
     * A deleted app's build cache, buildpack checkouts and layer index are only disk space; its
     * builds, slugs and runtime layers stay (releases, of other apps too, may point at them).
     */
    private void dropCache(AppDeleted deleted) {
        try {
            FileTrees.delete(settings.appCacheDir(deleted.appId()));
            FileTrees.delete(settings.clonedBuildpacks(deleted.appId()));
            FileTrees.delete(settings.layerIndex(deleted.appId()));
        } catch (IOException e) {
            LOG.warnf(e, "cannot remove the build cache of deleted app %s", deleted.appId());
        }
    }
}
